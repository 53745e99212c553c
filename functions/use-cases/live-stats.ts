/**
 * Live numbers for supervisors' and admins' consoles: read from the live row (gauges, waiting
 * chats) and today's team row, pushed as a `liveStats` frame to every supervisor and admin with
 * a console open. A change pushes at once unless a push went within the last second; then one
 * push is set on the timer queue for a second later and reads whatever changed meanwhile, so
 * consoles get at most one frame a second and never miss the last change.
 */
import type { ParleyEvent } from '../contracts/events';
import type { LiveStats, Role } from '../contracts/frames';
import { ForbiddenError } from '../domain/errors';
import { LIVE_PUSH_GAP_MS, liveStats, type LivePushDecision, movesLiveStats, TODAY_COUNTERS } from '../domain/live-stats';
import { dayOf, sumCounters } from '../domain/metrics';
import { deliver } from './deliver';
import type { Deps } from './ports';

export async function readLiveStats(deps: Pick<Deps, 'store' | 'clock'>): Promise<LiveStats> {
  const at = deps.clock.now();
  const today = dayOf(at);
  const [live, hours] = await Promise.all([deps.store.readRollups('LIVE', 'now', 'now'), deps.store.readRollups('ALL', today, today, { counters: TODAY_COUNTERS })]);
  return liveStats({ at, live: live[0]?.counters ?? {}, today: sumCounters(...hours.map((h) => h.counters)) });
}

/** `GET /reports?report=live`: the numbers now, for supervisors and admins (a console's first paint). */
export async function liveStatsFor(deps: Pick<Deps, 'store' | 'clock'>, caller: { role: Role }): Promise<LiveStats> {
  if (caller.role !== 'supervisor' && caller.role !== 'admin') throw new ForbiddenError('Live numbers are for supervisors and admins', 'report');
  return readLiveStats(deps);
}

/** Pushes the numbers to every supervisor and admin with a console open; how many sockets got them. */
export async function pushLiveStats(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  await deps.store.markLivePushed(now);
  const watchers = await deps.store.listWatchers();
  if (watchers.length === 0) return 0;
  deps.livePushGate?.pushed(now);
  return deliver(deps, watchers, { type: 'liveStats', stats: await readLiveStats(deps) });
}

/**
 * What this instance (a warm Lambda, or the local runtime's process) last learnt of the live push:
 * a push set for `dueAt` (here or by another instance, as the store's claim said) reads the
 * numbers when it is due, never earlier (timers are never early), so it covers every change
 * counted before then. While one is known to be set, a change costs no AWS call at all; without
 * the gate every counted event paid a watchers query and one or two conditional writes. Nothing
 * is ever held back on the gate's word alone: it only knows of pushes the store has set.
 */
export class LivePushGate {
  private dueAt = Number.NEGATIVE_INFINITY;
  private sentAt = Number.NEGATIVE_INFINITY;

  /** A change counted at `now` is read by a push already set. */
  covered(now: number): boolean {
    return now < this.dueAt;
  }

  /** This instance pushed to watchers at `now`. */
  pushed(now: number): void {
    if (now > this.sentAt) this.sentAt = now;
  }

  /**
   * This instance pushed to watchers less than a second before `now`: the change can only set a
   * push for later, and that push reads the watchers itself, so it need not read them first.
   */
  pushedRecently(now: number): boolean {
    return now >= this.sentAt && now - this.sentAt < LIVE_PUSH_GAP_MS;
  }

  learn(decision: LivePushDecision): void {
    const dueAt = decision.kind === 'later' || decision.kind === 'covered' ? decision.dueAt : undefined;
    if (dueAt !== undefined && dueAt > this.dueAt) this.dueAt = dueAt;
  }
}

/**
 * After the metrics consumer counted `event`: push now, set a push for a second later, or
 * nothing (a push already set will read this change). A failed push is logged, not retried:
 * the next change pushes the numbers again, and the event itself is counted already.
 */
export async function liveStatsMoved(deps: Deps, event: ParleyEvent): Promise<'pushed' | 'later' | 'covered' | 'unmoved' | 'unwatched' | 'failed'> {
  if (!movesLiveStats(event.detailType)) return 'unmoved';
  try {
    const now = deps.clock.now();
    if (deps.livePushGate?.covered(now)) return 'covered';
    // Nobody watching (no supervisor's or admin's console open): one read, no write, no push.
    // Unless this instance pushed to someone within the second: then the push set for later reads them.
    let watchers = deps.livePushGate?.pushedRecently(now) ? undefined : await deps.store.listWatchers();
    if (watchers?.length === 0) return 'unwatched';
    const decision = await deps.store.claimLivePush(now);
    if (decision.kind === 'later') await deps.timers.schedule({ kind: 'live-stats' }, decision.dueAt);
    // Learnt only once the timer is set: a push that failed to be set covers nothing.
    deps.livePushGate?.learn(decision);
    if (decision.kind !== 'now') return decision.kind;
    watchers ??= await deps.store.listWatchers();
    if (watchers.length === 0) return 'unwatched';
    deps.livePushGate?.pushed(now);
    await deliver(deps, watchers, { type: 'liveStats', stats: await readLiveStats(deps) });
    return 'pushed';
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', consumer: 'metrics', message: 'live numbers not pushed', eventId: event.detail.eventId, error: String(error) }));
    return 'failed';
  }
}

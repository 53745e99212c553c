/**
 * Tells every waiting visitor of a department their queue position and estimated wait, but only
 * when either changed since they were last told: the last notice is kept on the chat item (the
 * queue index projects it), so an event that moves nothing pushes nothing. Consumers race, so the
 * notice also keeps the time of the queue read it came from, and an older read never overwrites
 * (or pushes over) a newer one. Two pushes of nearly the same moment may still cross on the
 * wire, so each carries its read time (`at`) and a client keeps the newest.
 *
 * At most one push a second per department (a push gate, like the live numbers'): a move within
 * the second after a push is pushed when it ends, by a `queue-positions` timer. Without the gate a
 * burst of N chats made N consumers each compare the whole queue against notices the others were
 * writing at the same moment: O(N²) conditional writes, nearly all refused (docs/performance.md,
 * "Routing burst").
 */
import type { ChatRecord } from '../domain/chat';
import { queueEntries } from '../domain/queue';
import type { AgentProfile } from '../domain/routing';
import { forEachLimited } from './concurrency';
import { deliver } from './deliver';
import type { Deps } from './ports';

/** Visitors told per event: positions beyond this are pushed as the queue moves up. */
export const QUEUE_NOTICE_LIMIT = 100;
const MAX_IN_FLIGHT = 8;

export const noticeOf = (position: number, estimatedWaitSeconds: number | null): string => `${position}|${estimatedWaitSeconds ?? '-'}`;

/** Pushes the changed positions of a queue read at `readAt`; returns how many visitors were told. */
async function pushFrom(deps: Deps, department: string, queue: readonly ChatRecord[], readAt: number, online?: readonly AgentProfile[]): Promise<number> {
  if (queue.length === 0) return 0;
  const [agents, handleTimes] = await Promise.all([online ?? deps.store.listOnlineAgents(department), deps.store.recentHandleTimes(department, deps.config.routing.recentHandleTimes)]);
  const byId = new Map(queue.map((c) => [c.chatId, c]));
  const changed = queueEntries(queue, agents, handleTimes).filter((e) => byId.get(e.chatId)?.queueNotice !== noticeOf(e.position, e.estimatedWaitSeconds));
  await forEachLimited(changed, MAX_IN_FLIGHT, async (entry) => {
    const chat = byId.get(entry.chatId);
    if (!chat) return;
    if (!(await deps.store.setQueueNotice(chat.chatId, noticeOf(entry.position, entry.estimatedWaitSeconds), readAt))) return;
    await deliver(deps, [chat.visitorId], { type: 'queue', ...entry, at: readAt });
  });
  return changed.length;
}

/** Reads the queue and pushes the changed positions now, whatever the gate says; returns how many visitors were told. */
export async function pushQueuePositions(deps: Deps, department: string, online?: readonly AgentProfile[]): Promise<number> {
  const readAt = deps.clock.now();
  return pushFrom(deps, department, await deps.store.listQueue(department, QUEUE_NOTICE_LIMIT), readAt, online);
}

/**
 * What this instance knows of the departments' pushes set for later (a `queue-positions` timer
 * due then, which reads the queue itself): a move before that time is covered without asking the
 * gate item. Learnt only from the store's answers, and from a push this instance set and whose
 * timer it sent; bounded (one entry per department, and departments are configuration). What it
 * learns lapses at the due time, and a push the store says is due is made then even if its timer
 * was refused (queueMoved: its setter makes it), so a move it skips is never left untold.
 */
export class QueuePushGate {
  private readonly dueAt = new Map<string, number>();

  covered(department: string, now: number): boolean {
    return now < (this.dueAt.get(department) ?? Number.NEGATIVE_INFINITY);
  }

  learn(department: string, dueAt: number): void {
    if (dueAt > (this.dueAt.get(department) ?? Number.NEGATIVE_INFINITY)) this.dueAt.set(department, dueAt);
  }
}

/** A read of a department's queue (the whole of it) and when it was made. */
export interface QueueRead {
  readonly queue: readonly ChatRecord[];
  readonly readAt: number;
}

/**
 * The department's queue may have moved (a chat joined or left it, capacity changed): push the
 * positions now, or leave them to the push set for the end of the second. An empty queue costs
 * one read and no write. `read`: the caller's own read of the whole queue, made after its change
 * and with no change of its own since (route-chats.ts, drain), used instead of reading again.
 * Returns how many visitors were told now.
 */
export async function queueMoved(deps: Deps, department: string, online?: readonly AgentProfile[], read?: QueueRead): Promise<number> {
  // A push this instance knows is set for later reads the queue after this move: nothing to do
  // (in a burst of new chats, most moves; it saves the queue read and the gate write).
  if (deps.queuePushGate?.covered(department, deps.clock.now())) return 0;
  // Read first (after the caller's own change): a push decided "now" below shows that change.
  const readAt = read?.readAt ?? deps.clock.now();
  const queue = read?.queue ?? (await deps.store.listQueue(department, QUEUE_NOTICE_LIMIT));
  if (queue.length === 0) return 0;
  const decision = await deps.store.claimQueuePush(department, deps.clock.now());
  if (decision.kind === 'now') return pushFrom(deps, department, queue, readAt, online);
  if (decision.kind === 'covered') {
    if (decision.dueAt !== undefined) deps.queuePushGate?.learn(department, decision.dueAt);
    return 0;
  }
  try {
    await deps.timers.schedule({ kind: 'queue-positions', department }, decision.dueAt);
    deps.queuePushGate?.learn(department, decision.dueAt);
    return 0;
  } catch (error) {
    // The gate says a push is set for `dueAt` (other consumers, and instances that learnt it, leave
    // their moves to it) but its timer is not: make that push here, when it is due, as the timer
    // would. If it fails, so does this event, and its retry pushes a newer read: the gate never
    // claims a push nobody makes.
    console.warn(`[routing] queue-positions timer for ${department} not set (${String(error)}): pushing at ${decision.dueAt}`);
    await sleep(deps, decision.dueAt - deps.clock.now());
    return queuePushDue(deps, department);
  }
}

const sleep = (deps: Deps, ms: number): Promise<void> =>
  ms <= 0 ? Promise.resolve() : deps.clock.sleep ? deps.clock.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));

/** The `queue-positions` timer: the push set for the end of a second. */
export async function queuePushDue(deps: Deps, department: string): Promise<number> {
  await deps.store.markQueuePushed(department, deps.clock.now());
  return pushQueuePositions(deps, department);
}

/**
 * The metrics consumer: fold an event into rollups, once per eventId. Reads the little state the
 * event needs (an agent's presence, a chat's transfer flag, a visitor's last closed chat), folds,
 * and writes counters + state + the event marker in one transaction.
 */
import type { DeploymentConfig } from '../contracts/config';
import type { ParleyEvent } from '../contracts/events';
import { foldMetrics, type MetricPolicy, type RollupIncrement, sumCounters } from '../domain/metrics';
import { MetricStateConflictError } from '../domain/errors';
import type { Deps, MetricStateKeys } from './ports';

/** Redeliveries come within hours; the marker outlives them by far. */
export const MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Chat and visitor state matter for the repeat-contact window at most; kept a little longer. */
const STATE_GRACE_SECONDS = 2 * 24 * 60 * 60;

export function metricPolicy(config: DeploymentConfig): MetricPolicy {
  return { firstResponseTargetSeconds: config.sla.firstResponseSeconds, repeatContactDays: config.metrics.repeatContactDays };
}

/** Which state an event's fold reads and writes. */
export function stateKeysFor(event: ParleyEvent): MetricStateKeys {
  switch (event.detailType) {
    case 'chat.requested':
      // The chat's queue entries and exits: an exit folded first leaves nobody waiting.
      return { visitor: event.detail.visitorId, chat: event.detail.chatId };
    case 'chat.missed':
      return { chat: event.detail.chatId };
    case 'chat.assigned':
      // The chat's transfer flag tells a re-assignment after a transfer to a department.
      return { agent: event.detail.agentId, chat: event.detail.chatId };
    case 'agent.status.changed':
      return { agent: event.detail.agentId };
    case 'chat.transferred':
      return { agent: event.detail.fromAgentId, chat: event.detail.chatId, ...(event.detail.toAgentId ? { toAgent: event.detail.toAgentId } : {}) };
    case 'chat.closed':
      return { chat: event.detail.chatId, visitor: event.detail.visitorId, ...(event.detail.agentId ? { agent: event.detail.agentId } : {}) };
    default:
      return {};
  }
}

/** One increment per item: a transaction may touch an item only once. */
export function mergeIncrements(increments: readonly RollupIncrement[]): RollupIncrement[] {
  const merged = new Map<string, RollupIncrement>();
  for (const inc of increments) {
    const key = `${inc.dim}|${inc.bucket}|${inc.value}`;
    const seen = merged.get(key);
    const members = { ...seen?.members, ...inc.members };
    const set = { ...seen?.set, ...inc.set };
    const remove = [...(seen?.remove ?? []), ...(inc.remove ?? [])];
    merged.set(key, {
      ...(seen ?? inc),
      counters: sumCounters(seen?.counters ?? {}, inc.counters),
      ...(Object.keys(members).length > 0 ? { members } : {}),
      ...(Object.keys(set).length > 0 ? { set } : {}),
      ...(remove.length > 0 ? { remove } : {}),
    });
  }
  return [...merged.values()]
    .map((i) => ({ ...i, counters: Object.fromEntries(Object.entries(i.counters).filter(([, v]) => v !== 0)) }))
    .filter((i) => Object.keys(i.counters).length > 0 || i.members !== undefined || i.set !== undefined || i.remove !== undefined);
}

/** Folds of one event tried in this invocation before its state conflict goes back to the event bus. */
export const FOLD_ATTEMPTS = 4;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counts `event` once. A lost race on the little state (another event of the same agent, chat or
 * visitor counted between our read and our write: nothing was written) is folded again from a
 * fresh read here, a few times after a short jittered pause, before it fails the invocation:
 * a retry by the bus re-runs the whole invocation seconds later, and under load those retries
 * met more races.
 */
export async function recordMetrics(deps: Pick<Deps, 'store' | 'clock' | 'config'>, event: ParleyEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await foldOnce(deps, event);
    } catch (error) {
      if (!(error instanceof MetricStateConflictError) || attempt >= FOLD_ATTEMPTS) throw error;
      await pause(Math.random() * 25 * attempt);
    }
  }
}

async function foldOnce(deps: Pick<Deps, 'store' | 'clock' | 'config'>, event: ParleyEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
  const state = await deps.store.loadMetricState(stateKeysFor(event));
  const update = foldMetrics(event, state, metricPolicy(deps.config));
  const increments = mergeIncrements(update.increments);
  if (increments.length === 0 && update.state.length === 0) return 'ignored';
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const ttl = { marker: nowSeconds + MARKER_TTL_SECONDS, state: nowSeconds + deps.config.metrics.repeatContactDays * 86_400 + STATE_GRACE_SECONDS };
  return deps.store.applyMetrics(event.detail.eventId, { increments, state: update.state }, ttl);
}

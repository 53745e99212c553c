/** The metrics consumer: fold an event into daily counters, once per eventId. */
import type { ParleyEvent } from '../contracts/events';
import { foldMetrics } from '../domain/metrics';
import type { Deps } from './ports';

/** Redeliveries come within hours; the marker outlives them by far. */
export const MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;

export async function recordMetrics(deps: Pick<Deps, 'store' | 'clock'>, event: ParleyEvent): Promise<'applied' | 'duplicate' | 'ignored'> {
  const update = foldMetrics(event);
  if (update.increments.length === 0) return 'ignored';
  return deps.store.applyMetrics(event.detail.eventId, update, Math.floor(deps.clock.now() / 1000) + MARKER_TTL_SECONDS);
}

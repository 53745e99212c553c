/**
 * What a waiting visitor is told: their place in the department's queue and an estimated wait.
 * Pure. The estimate (docs/decisions.md, "Queue position and estimated wait"):
 *
 *   estimatedWaitSeconds = ceil(position × averageHandleSeconds / onlineSeats)
 *
 * where onlineSeats is the summed capacity (maxChats) of the department's online agents and
 * averageHandleSeconds the mean of its recent handle times (assigned → closed). With S seats each
 * freeing after H seconds on average, a seat frees every H / S seconds, and the visitor at
 * position p waits for p of them. Unknown (null) when nobody is online or nothing was handled yet:
 * a number we cannot back is worse than none.
 */
import type { AgentProfile, RoutableChat } from './routing';
import { compareQueued } from './routing';

/** A department's positions are pushed at most once per this; a move within it is pushed when it ends. */
export const QUEUE_PUSH_GAP_MS = 1000;

export interface QueueEntry {
  chatId: string;
  /** 1-based */
  position: number;
  estimatedWaitSeconds: number | null;
}

export function averageSeconds(handleTimesMs: readonly number[]): number | null {
  if (handleTimesMs.length === 0) return null;
  return handleTimesMs.reduce((sum, ms) => sum + ms, 0) / handleTimesMs.length / 1000;
}

export function onlineSeats(agents: readonly Pick<AgentProfile, 'status' | 'maxChats'>[]): number {
  return agents.filter((a) => a.status === 'online').reduce((sum, a) => sum + a.maxChats, 0);
}

export function estimateWait(position: number, averageHandleSeconds: number | null, seats: number): number | null {
  if (averageHandleSeconds === null || seats <= 0) return null;
  return Math.ceil((position * averageHandleSeconds) / seats);
}

/** Positions and estimates for every chat of one department's queue. */
export function queueEntries(queue: readonly RoutableChat[], agents: readonly Pick<AgentProfile, 'status' | 'maxChats'>[], handleTimesMs: readonly number[]): QueueEntry[] {
  const seats = onlineSeats(agents);
  const average = averageSeconds(handleTimesMs);
  return [...queue].sort(compareQueued).map((chat, i) => ({ chatId: chat.chatId, position: i + 1, estimatedWaitSeconds: estimateWait(i + 1, average, seats) }));
}

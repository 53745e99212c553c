/**
 * Tells every waiting visitor of a department their queue position and estimated wait, but only
 * when either changed since they were last told: the last notice is kept on the chat item (the
 * queue index projects it), so an event that moves nothing pushes nothing. Consumers race, so the
 * notice also keeps the time of the queue read it came from, and an older read never overwrites
 * (or pushes over) a newer one. Two pushes of nearly the same moment may still cross on the
 * wire, so each carries its read time (`at`) and a client keeps the newest.
 */
import { queueEntries } from '../domain/queue';
import type { AgentProfile } from '../domain/routing';
import { forEachLimited } from './concurrency';
import { deliver } from './deliver';
import type { Deps } from './ports';

/** Visitors told per event: positions beyond this are pushed as the queue moves up. */
export const QUEUE_NOTICE_LIMIT = 100;
const MAX_IN_FLIGHT = 8;

export const noticeOf = (position: number, estimatedWaitSeconds: number | null): string => `${position}|${estimatedWaitSeconds ?? '-'}`;

/** Pushes changed positions; returns how many visitors were told. */
export async function pushQueuePositions(deps: Deps, department: string, online?: readonly AgentProfile[]): Promise<number> {
  const readAt = deps.clock.now();
  const queue = await deps.store.listQueue(department, QUEUE_NOTICE_LIMIT);
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

/**
 * Presence across socket blips (docs/decisions.md, "Reconnect grace"). When an online agent's
 * last console socket closes they stay online, marked `disconnectedAt`, for
 * `routing.reconnectGraceSeconds`: routing offers them nothing (an offer needs a socket), but the
 * offline decision counts them, so a chat started in a Wi-Fi blip or a reconnect storm queues
 * instead of becoming an offline ticket. A socket back within the grace clears the mark and tells
 * routing (agent.status.changed online → online, automatic), which drains their queues to them.
 * The grace's end is a timer: still no socket → away (automatic), and the queued chats follow the
 * normal rules (queue limit → missed). The offline decision reads the time stamp itself, so a
 * late timer never keeps a chat from the offline form longer than the grace.
 */
import type { ParleyEvent } from '../contracts/events';
import type { AgentProfile } from '../domain/routing';
import type { Deps } from './ports';
import { changeStatus } from './set-status';

/** What routing hears when a reconnecting agent has a socket again: capacity came back. */
function reconnected(agentId: string, disconnectedAt: number, at: number): ParleyEvent {
  return {
    detailType: 'agent.status.changed',
    detail: { eventId: `${agentId}:reconnected:${disconnectedAt}`, version: 1, occurredAt: new Date(at).toISOString(), agentId, status: 'online', previous: 'online', automatic: true },
  };
}

/**
 * A console socket of the agent is open (again): a reconnecting agent is back. Returns whether
 * they were reconnecting (and routing was told).
 */
export async function socketBack(deps: Pick<Deps, 'store' | 'publisher' | 'clock'>, agentId: string): Promise<boolean> {
  const since = await deps.store.markReconnected(agentId);
  if (since === undefined) return false;
  await deps.publisher.publish([reconnected(agentId, since, deps.clock.now())]);
  return true;
}

/** The online agent's last console socket closed: the grace starts (or, with no grace, they are away at once). */
export async function lastSocketClosed(deps: Deps, agent: AgentProfile): Promise<void> {
  const graceSeconds = deps.config.routing.reconnectGraceSeconds;
  if (graceSeconds === 0) return changeStatus(deps, agent, 'away', true);
  const since = await deps.store.markDisconnected(agent.agentId, deps.clock.now());
  if (since === undefined) return;
  // A repeat (a retried $disconnect) keeps the first time and schedules the same timer again: firing twice is harmless.
  await deps.timers.schedule({ kind: 'presence-grace', agentId: agent.agentId, disconnectedAt: since }, since + graceSeconds * 1000);
  // A console that opened while this one was closing may have read the profile before the mark:
  // its connection item was written first, so this read sees it.
  if ((await deps.store.listConnections(agent.agentId)).length > 0) await socketBack(deps, agent.agentId);
}

/** The grace after `disconnectedAt` is over: an agent still without a socket since then is set away. */
export async function graceEnded(deps: Deps, agentId: string, disconnectedAt: number): Promise<void> {
  const agent = await deps.store.getAgent(agentId);
  if (!agent) return;
  // A repeated timer after the lapse was written: publish its event again (same id) in case the first delivery died before it.
  if (agent.status === 'away' && agent.autoAway && (agent.statusChangedAt ?? 0) >= disconnectedAt + deps.config.routing.reconnectGraceSeconds * 1000) {
    return changeStatus(deps, agent, 'away', true);
  }
  if (agent.status !== 'online' || agent.disconnectedAt !== disconnectedAt) return;
  // A socket opened without clearing the mark (it raced the close): the agent is back.
  if ((await deps.store.listConnections(agentId)).length > 0) return void (await socketBack(deps, agentId));
  await changeStatus(deps, agent, 'away', true, undefined, disconnectedAt);
}

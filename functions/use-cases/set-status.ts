/**
 * An agent goes online, away or offline: profile and per-department presence items change
 * together; routing hears agent.status.changed; the agent's consoles get a `status` frame.
 */
import type { ParleyEvent } from '../contracts/events';
import type { AckPayloads, AgentStatus, FrameOf } from '../contracts/frames';
import type { AgentProfile } from '../domain/routing';
import { loadAgent } from './agent-profile';
import { deliver } from './deliver';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

/**
 * Applies a status change (also used when the last console disconnects). Every console of the
 * agent gets the `status` frame, the requesting one too: it is how a console learns its capacity.
 * `exceptConnectionId` skips a socket that cannot take frames yet (one still in `$connect`).
 */
function statusChanged(agentId: string, status: AgentStatus, previous: AgentStatus, automatic: boolean, at: number): ParleyEvent {
  return {
    detailType: 'agent.status.changed',
    detail: { eventId: `${agentId}:status:${at}`, version: 1, occurredAt: new Date(at).toISOString(), agentId, status, previous, automatic },
  };
}

/**
 * The event of a status change already stored: a retry (or a console re-applying its status)
 * publishes it again with the same id, in case the write that made it died before publishing;
 * routing must hear that an agent came online. (The write-then-publish gap, docs/decisions.md.)
 */
function storedChange(agent: AgentProfile, status: AgentStatus): ParleyEvent | undefined {
  const { statusChangedAt, previousStatus } = agent;
  if (agent.status !== status || statusChangedAt === undefined || previousStatus === undefined || previousStatus === status) return undefined;
  return statusChanged(agent.agentId, status, previousStatus, agent.statusAutomatic ?? false, statusChangedAt);
}

/** `onlyIfDisconnectedAt`: the reconnect grace's end, which changes nothing once a socket is back (presence.ts). */
export async function changeStatus(deps: Deps, agent: AgentProfile, status: AgentStatus, automatic: boolean, exceptConnectionId?: string, onlyIfDisconnectedAt?: number): Promise<void> {
  const now = deps.clock.now();
  if (!(await deps.store.setAgentStatus(agent, status, now, automatic, onlyIfDisconnectedAt))) return;
  const event = agent.status !== status ? statusChanged(agent.agentId, status, agent.status, automatic, now) : storedChange(agent, status);
  if (event) await deps.publisher.publish([event]);
  await deliver(deps, [agent.agentId], { type: 'status', agentId: agent.agentId, status, activeChats: agent.activeChats, maxChats: agent.maxChats }, exceptConnectionId);
}

export async function setStatus(deps: Deps, ctx: SocketContext, frame: FrameOf<'setStatus'>): Promise<AckPayloads['setStatus']> {
  requireStaff(ctx.caller, 'setStatus');
  const agent = await loadAgent(deps.store, ctx.caller, deps.config);
  await changeStatus(deps, agent, frame.status, false);
  return { status: frame.status };
}

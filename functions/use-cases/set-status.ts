/**
 * An agent goes online, away or offline: profile and per-department presence items change
 * together; routing hears agent.status.changed; the agent's consoles get a `status` frame.
 */
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
export async function changeStatus(deps: Deps, agent: AgentProfile, status: AgentStatus, automatic: boolean, exceptConnectionId?: string): Promise<void> {
  const now = deps.clock.now();
  await deps.store.setAgentStatus(agent, status, now, automatic);
  if (agent.status !== status) {
    await deps.publisher.publish([
      {
        detailType: 'agent.status.changed',
        detail: { eventId: `${agent.agentId}:status:${now}`, version: 1, occurredAt: new Date(now).toISOString(), agentId: agent.agentId, status, previous: agent.status, automatic },
      },
    ]);
  }
  await deliver(deps, [agent.agentId], { type: 'status', agentId: agent.agentId, status, activeChats: agent.activeChats, maxChats: agent.maxChats }, exceptConnectionId);
}

export async function setStatus(deps: Deps, ctx: SocketContext, frame: FrameOf<'setStatus'>): Promise<AckPayloads['setStatus']> {
  requireStaff(ctx.caller, 'setStatus');
  const agent = await loadAgent(deps.store, ctx.caller, deps.config);
  await changeStatus(deps, agent, frame.status, false);
  return { status: frame.status };
}

/**
 * An agent goes online, away or offline: profile and per-department presence items change
 * together; routing hears agent.status.changed; the agent's other tabs get a `status` frame.
 */
import type { Caller } from '../contracts/auth';
import type { AckPayloads, AgentStatus, FrameOf } from '../contracts/frames';
import type { AgentProfile } from '../domain/routing';
import { loadAgent } from './agent-profile';
import { deliver } from './deliver';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

/** Applies a status change (also used when the last console disconnects). */
export async function changeStatus(deps: Deps, agent: AgentProfile, status: AgentStatus, automatic: boolean, exceptConnectionId?: string): Promise<void> {
  const now = deps.clock.now();
  await deps.store.setAgentStatus(agent, status, now);
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
  const agent = await loadAgent(deps.store, ctx.caller satisfies Caller, deps.config);
  await changeStatus(deps, agent, frame.status, false, ctx.connectionId);
  return { status: frame.status };
}

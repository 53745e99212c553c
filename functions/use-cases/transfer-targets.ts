/**
 * Who a chat can be handed to: the online agents with room (one gsi1 Query per department,
 * no scan) and the departments. The caller is left out: you do not transfer to yourself.
 */
import type { AckPayloads, TransferTarget } from '../contracts/frames';
import { hasCapacity } from '../domain/routing';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

export async function listTransferTargets(deps: Pick<Deps, 'store' | 'config'>, ctx: SocketContext): Promise<AckPayloads['listTransferTargets']> {
  requireStaff(ctx.caller, 'listTransferTargets');
  const departments = deps.config.departments.map(({ id, name }) => ({ id, name }));
  const online = (await Promise.all(departments.map((d) => deps.store.listOnlineAgents(d.id)))).flat();
  const agents = new Map<string, TransferTarget>();
  for (const agent of online) {
    if (agent.agentId === ctx.caller.userId || !hasCapacity(agent)) continue;
    agents.set(agent.agentId, { agentId: agent.agentId, name: agent.name, departments: agent.departments, activeChats: agent.activeChats, maxChats: agent.maxChats });
  }
  return { agents: [...agents.values()].sort((a, b) => a.name.localeCompare(b.name)), departments };
}

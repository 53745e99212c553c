/**
 * A socket opens (after the authorizer let it in): store the connection for fan-out, and make
 * sure an agent has a profile (offline until they choose to go online). An agent reconnecting
 * within the grace (presence.ts) is back, and routing hears it; one whom the server set `away`
 * when the grace lapsed is put back online: the away was ours, not theirs. An away or offline
 * the agent chose stays.
 */
import type { Caller } from '../contracts/auth';
import { isStaff } from '../domain/chat';
import { requireNotBlocked } from './abuse';
import { profileFromCaller } from './agent-profile';
import type { Deps } from './ports';
import { socketBack } from './presence';
import { changeStatus } from './set-status';
import type { SocketContext } from './socket-context';

/** $disconnect is best-effort, so connection items expire on their own. */
export const CONNECTION_TTL_SECONDS = 3 * 60 * 60;

export async function connect(deps: Deps, ctx: SocketContext & { caller: Caller }, maxChats?: number, skills?: string[]): Promise<void> {
  const now = deps.clock.now();
  const { caller, connectionId } = ctx;
  // A blocked visitor's token stays valid until it expires; the socket is refused here.
  if (!isStaff(caller)) await requireNotBlocked(deps, { visitorId: caller.userId });
  await deps.store.putConnection({ connectionId, userId: caller.userId, role: caller.role, connectedAt: now }, Math.floor(now / 1000) + CONNECTION_TTL_SECONDS);
  if (!isStaff(caller)) return;
  await deps.store.upsertAgent({ ...profileFromCaller(caller, deps.config, maxChats), skills: skills ?? [] });
  await restorePresence(deps, caller.userId, connectionId);
}

async function restorePresence(deps: Deps, agentId: string, connectionId: string): Promise<void> {
  let agent = await deps.store.getAgent(agentId);
  if (agent?.status === 'online' && agent.disconnectedAt !== undefined) {
    if (await socketBack(deps, agentId)) return;
    // The grace's end won the race and set them away: undo that below.
    agent = await deps.store.getAgent(agentId);
  }
  if (agent?.status !== 'away' || !agent.autoAway) return;
  // The opening socket cannot take frames during $connect (API Gateway answers 410, and
  // deliver would drop its items): it learns the status from its first request instead.
  await changeStatus(deps, agent, 'online', true, connectionId);
}

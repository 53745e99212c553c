/**
 * A socket opens (after the authorizer let it in): store the connection for fan-out, and make
 * sure an agent has a profile (offline until they choose to go online).
 */
import type { Caller } from '../contracts/auth';
import { isStaff } from '../domain/chat';
import { profileFromCaller } from './agent-profile';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

/** $disconnect is best-effort, so connection items expire on their own. */
export const CONNECTION_TTL_SECONDS = 3 * 60 * 60;

export async function connect(deps: Pick<Deps, 'store' | 'clock' | 'config'>, ctx: SocketContext & { caller: Caller }, maxChats?: number): Promise<void> {
  const now = deps.clock.now();
  const { caller, connectionId } = ctx;
  await deps.store.putConnection({ connectionId, userId: caller.userId, role: caller.role, connectedAt: now }, Math.floor(now / 1000) + CONNECTION_TTL_SECONDS);
  if (isStaff(caller)) await deps.store.upsertAgent(profileFromCaller(caller, deps.config, maxChats));
}

/**
 * A socket closes: drop its items. When an online agent's last console goes, they are set
 * `away` automatically, so routing stops giving them chats nobody will see.
 */
import { isStaff } from '../domain/chat';
import type { Deps } from './ports';
import { changeStatus } from './set-status';
import type { SocketContext } from './socket-context';

export async function disconnect(deps: Deps, ctx: SocketContext): Promise<void> {
  const { caller, connectionId } = ctx;
  await deps.store.deleteConnection(connectionId, caller.userId);
  if (!isStaff(caller)) return;
  const remaining = await deps.store.listConnections(caller.userId);
  if (remaining.length > 0) return;
  const agent = await deps.store.getAgent(caller.userId);
  if (agent?.status === 'online') await changeStatus(deps, agent, 'away', true);
}

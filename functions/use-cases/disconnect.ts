/**
 * A socket closes: drop its items. When an online agent's last console goes, routing stops
 * giving them chats nobody would see; they stay present for the reconnect grace and are set
 * `away` automatically if no socket is back by its end (presence.ts).
 */
import { isStaff } from '../domain/chat';
import type { Deps } from './ports';
import { lastSocketClosed } from './presence';
import type { SocketContext } from './socket-context';

export async function disconnect(deps: Deps, ctx: SocketContext): Promise<void> {
  const { caller, connectionId } = ctx;
  await deps.store.deleteConnection(connectionId, caller.userId);
  if (!isStaff(caller)) return;
  const remaining = await deps.store.listConnections(caller.userId);
  if (remaining.length > 0) return;
  const agent = await deps.store.getAgent(caller.userId);
  if (agent?.status === 'online') await lastSocketClosed(deps, agent);
}

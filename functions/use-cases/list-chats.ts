/** An agent's open chats (console reload), or a visitor's recent chats. */
import type { AckPayloads } from '../contracts/frames';
import { toSummary } from '../domain/chat';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

const VISITOR_RECENT = 20;

export async function listChats(deps: Pick<Deps, 'store'>, ctx: SocketContext): Promise<AckPayloads['listChats']> {
  const { userId, role } = ctx.caller;
  const chats = role === 'visitor' ? await deps.store.listVisitorChats(userId, VISITOR_RECENT) : await deps.store.listAgentChats(userId);
  return { chats: chats.map(toSummary) };
}

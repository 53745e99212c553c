/** Everything after the last seq a client saw, a page at a time. */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { requireReader, toSummary } from '../domain/chat';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export const RESUME_PAGE = 200;

export async function resume(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'resume'>): Promise<AckPayloads['resume']> {
  const chat = requireReader(await deps.store.getChat(frame.chatId), ctx.caller);
  const { messages, hasMore } = await deps.store.listMessages(chat.chatId, frame.afterSeq, RESUME_PAGE);
  return { chat: toSummary(chat), messages, hasMore };
}

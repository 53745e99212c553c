/** Everything after the last seq a client saw, a page at a time; staff also get the internal notes. */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { isStaff, requireReader, toSummary } from '../domain/chat';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export const RESUME_PAGE = 200;

export async function resume(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'resume'>): Promise<AckPayloads['resume']> {
  const chat = requireReader(await deps.store.getChat(frame.chatId), ctx.caller);
  const { messages, hasMore } = await deps.store.listMessages(chat.chatId, frame.afterSeq, RESUME_PAGE);
  // Notes are outside the seq range, so they come whole; a visitor's reply never has the field.
  if (!isStaff(ctx.caller)) return { chat: toSummary(chat), messages, hasMore };
  return { chat: toSummary(chat), messages, hasMore, notes: await deps.store.listNotes(chat.chatId) };
}

/**
 * Staff write an internal note in a chat: stored outside the message seq sequence and pushed
 * only to staff (the chat's agent and the author's other consoles), never to the visitor.
 * Card numbers are masked before the note is stored.
 */
import type { AckPayloads, ChatNote, FrameOf } from '../contracts/frames';
import { requireNoteWriter } from '../domain/chat';
import { maskCardNumbers } from '../domain/privacy';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function addNote(deps: Pick<Deps, 'store' | 'push' | 'clock'>, ctx: SocketContext, frame: FrameOf<'addNote'>): Promise<AckPayloads['addNote']> {
  const chat = requireNoteWriter(await deps.store.getChat(frame.chatId), ctx.caller);
  const draft: ChatNote = {
    chatId: chat.chatId,
    clientNoteId: frame.clientNoteId,
    authorId: ctx.caller.userId,
    ...(ctx.caller.name ? { authorName: ctx.caller.name } : {}),
    text: maskCardNumbers(frame.text),
    afterSeq: chat.lastSeq,
    createdAt: deps.clock.now(),
  };
  const note = await deps.store.addNote(draft);
  const staff = chat.agentId ? [chat.agentId, ctx.caller.userId] : [ctx.caller.userId];
  await deliver(deps, staff, { type: 'note', chatId: chat.chatId, note }, ctx.connectionId);
  return { note };
}

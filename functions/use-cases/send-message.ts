/**
 * A participant writes to a chat: next seq, idempotent on clientMessageId, delivered to every
 * other socket of both sides, one message.created event (with firstResponseMs on the agent's
 * first reply). A retry delivers and publishes again: a first attempt may have failed after
 * the write, clients drop a seq they have, and consumers drop an eventId they have seen.
 */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { participants, requireParticipant } from '../domain/chat';
import { appendMessage } from './append-message';
import { deliver } from './deliver';
import { messageCreated } from './events';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function sendMessage(deps: Deps, ctx: SocketContext, frame: FrameOf<'sendMessage'>): Promise<AckPayloads['sendMessage']> {
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  const draft = {
    clientMessageId: frame.clientMessageId,
    senderRole: side,
    senderId: ctx.caller.userId,
    text: frame.text,
    ...(ctx.caller.name ? { senderName: ctx.caller.name } : {}),
    // Only an agent's reply can come from a canned response; a visitor's claim is dropped.
    ...(frame.cannedId && side === 'agent' ? { cannedId: frame.cannedId } : {}),
  };
  const result = await appendMessage(deps.store, chat, draft, deps.clock.now());
  await deliver(deps, participants(result.chat), { type: 'message', chatId: frame.chatId, message: result.message }, ctx.connectionId);
  await deps.publisher.publish([messageCreated(result.chat, result.message, result.firstResponse)]);
  return { message: result.message };
}

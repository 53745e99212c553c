/**
 * A participant writes to a chat: next seq, idempotent on clientMessageId, delivered to every
 * other socket of both sides, one message.created event (with firstResponseMs on the agent's
 * first reply). A retry delivers and publishes again: a first attempt may have failed after
 * the write, clients drop a seq they have, and consumers drop an eventId they have seen.
 * Rate limits: the connection's bucket first (memory), then the visitor's per-chat window.
 * Attachments are checked in the object store (HEAD) before anything is written.
 */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { participants, requireParticipant } from '../domain/chat';
import { RateLimitedError } from '../domain/errors';
import { countInWindow } from '../domain/rate-limits';
import { type Appended, appendMessage, type ChatRateCheck } from './append-message';
import { verifyAttachments } from './attachments';
import { deliver } from './deliver';
import { messageCreated } from './events';
import type { Deps } from './ports';
import { startReplyTimer } from './sla-timers';
import type { SocketContext } from './socket-context';

/**
 * A visitor's messages per chat, counted on the chat item by the message's own write: holds
 * across connections and function instances at no extra AWS call.
 */
function visitorRate(deps: Pick<Deps, 'config'>, now: number): ChatRateCheck {
  return (chat) => {
    const decision = countInWindow(chat.visitorRate, deps.config.rateLimits.visitorChatMessages, now);
    if (!decision.allowed) throw new RateLimitedError(`Too many messages in this chat; retry in ${decision.retryAfterMs} ms`, decision.retryAfterMs);
    return decision.state;
  };
}

export async function sendMessage(deps: Deps, ctx: SocketContext, frame: FrameOf<'sendMessage'>): Promise<AckPayloads['sendMessage']> {
  const now = deps.clock.now();
  deps.limiter?.take('messages', ctx, deps.config.rateLimits, now);
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  const draft = {
    clientMessageId: frame.clientMessageId,
    senderRole: side,
    senderId: ctx.caller.userId,
    text: frame.text,
    ...(ctx.caller.name ? { senderName: ctx.caller.name } : {}),
    // Only an agent's reply can come from a canned response; a visitor's claim is dropped.
    ...(frame.cannedId && side === 'agent' ? { cannedId: frame.cannedId } : {}),
    ...(frame.attachments ? { attachments: frame.attachments } : {}),
  };
  // Before the write: a message never names a file the store does not hold as declared.
  if (frame.attachments) await verifyAttachments(deps, chat, frame.attachments);
  // All three only need the message written: they start as soon as it is, beside the move of
  // lastSeq (the recipient does not wait for that write), and side by side, so the function's
  // time (Lambda GB-s) is the longest of them, not their sum. Any failing fails the request; its
  // retry redelivers (clients drop a seq they have) and republishes the same event id
  // (consumers drop it). An original found again (a retry) is announced after the append.
  let announced = false;
  const announce = async (result: Appended): Promise<void> => {
    announced = true;
    await Promise.all([
      deliver(deps, participants(result.chat), { type: 'message', chatId: frame.chatId, message: result.message }, ctx.connectionId),
      deps.publisher.publish([messageCreated(result.chat, result.message, result.firstResponse)]),
      // Only when this message started a wait for the agent: one SQS call then, none per message.
      result.replyWaitStarted ? startReplyTimer(deps, result.chat, result.message.createdAt) : undefined,
    ]);
  };
  const result = await appendMessage(deps.store, chat, draft, now, { ...(side === 'visitor' ? { rate: visitorRate(deps, now) } : {}), onWritten: announce });
  if (!announced) await announce(result);
  return { message: result.message };
}

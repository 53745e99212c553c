/**
 * Typing indicators go to the other side's sockets only; nothing is stored. A visitor's draft
 * preview goes with them to the agent; an agent's preview is dropped, so a visitor never sees
 * what an agent has not sent. A card number in a draft is masked like one in a message.
 */
import type { AckPayloads, FrameOf, ServerFrame } from '../contracts/frames';
import { otherSide, requireOpen, requireParticipant } from '../domain/chat';
import { maskCardNumbers } from '../domain/privacy';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function typing(deps: Pick<Deps, 'store' | 'push' | 'clock' | 'config' | 'limiter'>, ctx: SocketContext, frame: FrameOf<'typing'>): Promise<AckPayloads['typing']> {
  deps.limiter?.take('typing', ctx, deps.config.rateLimits, deps.clock.now());
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireOpen(chat);
  const preview = side === 'visitor' && frame.isTyping && frame.preview ? { preview: maskCardNumbers(frame.preview) } : {};
  const pushed: ServerFrame = { type: 'typing', chatId: chat.chatId, role: side, isTyping: frame.isTyping, ...preview };
  await deliver(deps, otherSide(chat, side), pushed);
  return {};
}

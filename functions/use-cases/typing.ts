/**
 * Typing indicators go to the other side's sockets only; nothing is stored. A visitor's draft
 * preview goes with them to the agent; an agent's preview is dropped, so a visitor never sees
 * what an agent has not sent. A card number in a draft is masked like one in a message.
 * The recipients' sockets may come from this instance's last few seconds (typing-connections.ts).
 */
import type { AckPayloads, FrameOf, ServerFrame } from '../contracts/frames';
import { otherSide, requireOpen, requireParticipant } from '../domain/chat';
import { maskCardNumbers } from '../domain/privacy';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function typing(
  deps: Pick<Deps, 'store' | 'push' | 'clock' | 'config' | 'limiter' | 'typingConnections'>,
  ctx: SocketContext,
  frame: FrameOf<'typing'>,
): Promise<AckPayloads['typing']> {
  const now = deps.clock.now();
  deps.limiter?.take('typing', ctx, deps.config.rateLimits, now);
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireOpen(chat);
  const preview = side === 'visitor' && frame.isTyping && frame.preview ? { preview: maskCardNumbers(frame.preview) } : {};
  const pushed: ServerFrame = { type: 'typing', chatId: chat.chatId, role: side, isTyping: frame.isTyping, ...preview };
  // The chat (who the other side is) is read every time; only their sockets may be a few seconds old.
  const store = deps.typingConnections ? deps.typingConnections.over(deps.store, now) : deps.store;
  await deliver({ ...deps, store }, otherSide(chat, side), pushed);
  return {};
}

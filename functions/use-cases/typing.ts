/**
 * Typing indicators go to the other side's sockets only; nothing is stored. A visitor's draft
 * preview goes with them to the agent; an agent's preview is dropped, so a visitor never sees
 * what an agent has not sent.
 */
import type { AckPayloads, FrameOf, ServerFrame } from '../contracts/frames';
import { otherSide, requireOpen, requireParticipant } from '../domain/chat';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function typing(deps: Pick<Deps, 'store' | 'push' | 'clock'>, ctx: SocketContext, frame: FrameOf<'typing'>): Promise<AckPayloads['typing']> {
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireOpen(chat);
  const preview = side === 'visitor' && frame.isTyping && frame.preview ? { preview: frame.preview } : {};
  const pushed: ServerFrame = { type: 'typing', chatId: chat.chatId, role: side, isTyping: frame.isTyping, ...preview };
  await deliver(deps, otherSide(chat, side), pushed);
  return {};
}

/** Typing indicators go to the other side's sockets only; nothing is stored. */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { otherSide, requireOpen, requireParticipant } from '../domain/chat';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function typing(deps: Pick<Deps, 'store' | 'push'>, ctx: SocketContext, frame: FrameOf<'typing'>): Promise<AckPayloads['typing']> {
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireOpen(chat);
  await deliver(deps, otherSide(chat, side), { type: 'typing', chatId: chat.chatId, role: side, isTyping: frame.isTyping });
  return {};
}

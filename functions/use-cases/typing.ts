/**
 * Typing indicators go to the other side's sockets only; nothing is stored. A visitor's draft
 * preview goes with them to the agent; an agent's preview is dropped, so a visitor never sees
 * what an agent has not sent. A card number in a draft is masked like one in a message.
 * With a TypingCache (typing-cache.ts) most frames cost one read or none: a visitor's frame
 * reads the chat now, together with whichever participants' sockets the cache lacks; an agent's
 * frame (no draft) may go on the chat as this instance read it in the last few seconds.
 */
import type { AckPayloads, FrameOf, ServerFrame } from '../contracts/frames';
import { isOpen, otherSide, participantRole, participants, requireOpen, requireParticipant } from '../domain/chat';
import { maskCardNumbers } from '../domain/privacy';
import type { SocketContext } from './socket-context';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { TypingCache, TypingChat } from './typing-cache';

type TypingDeps = Pick<Deps, 'store' | 'push' | 'clock' | 'config' | 'limiter' | 'typingCache'>;

/**
 * The chat to check the frame against. From the cache only for the open chat's own agent, whose
 * frame carries no draft (at worst their "typing…" reaches the visitor for the TTL after a
 * close or transfer this instance has not read; the clients drop it on a closed chat). Else
 * read now, in the same request as the sockets of the caller and of whoever else the chat had
 * when last read: the other side's next frame then finds both the chat and the list fresh.
 */
async function chatFor(store: Deps['store'], cache: TypingCache, ctx: SocketContext, chatId: string, now: number): Promise<TypingChat | undefined> {
  const cached = cache.freshChat(chatId, now);
  if (cached && isOpen(cached) && participantRole(cached, ctx.caller) === 'agent') return cached;
  const known = cache.lastChat(chatId);
  const { chat, connections } = await store.getChatWithConnections(chatId, [...new Set([ctx.caller.userId, ...(known ? participants(known) : [])])]);
  cache.keepSockets(connections, now);
  if (chat) cache.keepChat(chat, now);
  return chat;
}

export async function typing(deps: TypingDeps, ctx: SocketContext, frame: FrameOf<'typing'>): Promise<AckPayloads['typing']> {
  const now = deps.clock.now();
  deps.limiter?.take('typing', ctx, deps.config.rateLimits, now);
  const cache = deps.typingCache;
  const found = cache ? await chatFor(deps.store, cache, ctx, frame.chatId, now) : await deps.store.getChat(frame.chatId);
  const { chat, side } = requireParticipant(found, ctx.caller);
  requireOpen(chat);
  const preview = side === 'visitor' && frame.isTyping && frame.preview ? { preview: maskCardNumbers(frame.preview) } : {};
  const pushed: ServerFrame = { type: 'typing', chatId: chat.chatId, role: side, isTyping: frame.isTyping, ...preview };
  await deliver({ ...deps, store: cache ? cache.over(deps.store, now) : deps.store }, otherSide(chat, side), pushed);
  return {};
}

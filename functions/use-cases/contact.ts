/**
 * Customer context for staff: who the visitor of a chat is, their other conversations (keyed by
 * `VISITOR#<visitorId>`, no scan), and any of those read-only. The read path is reached through a
 * chat the caller may read, so an agent sees the history of the contact in front of them and of
 * nobody else.
 */
import type { AckPayloads, Contact, FrameOf } from '../contracts/frames';
import { requireReader, toSummary } from '../domain/chat';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

/** Previous conversations listed in the panel (newest first). */
export const CONTACT_CHATS = 20;
const HISTORY = 200;

export async function getContact(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'getContact'>): Promise<AckPayloads['getContact']> {
  requireStaff(ctx.caller, 'getContact');
  const chat = requireReader(await deps.store.getChat(frame.chatId), ctx.caller);
  const contact: Contact = { visitorId: chat.visitorId };
  if (chat.visitorName) contact.name = chat.visitorName;
  if (chat.visitorEmail) contact.email = chat.visitorEmail;
  if (chat.fields) contact.fields = chat.fields;
  if (chat.page) contact.page = chat.page;
  const chats = await deps.store.listVisitorChats(chat.visitorId, CONTACT_CHATS + 1);
  return { contact, chats: chats.filter((c) => c.chatId !== chat.chatId).slice(0, CONTACT_CHATS).map(toSummary) };
}

export async function readHistory(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'readHistory'>): Promise<AckPayloads['readHistory']> {
  requireStaff(ctx.caller, 'readHistory');
  const via = requireReader(await deps.store.getChat(frame.viaChatId), ctx.caller);
  const chat = await deps.store.getChat(frame.chatId);
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  if (chat.visitorId !== via.visitorId) throw new ForbiddenError('That conversation is not with this contact', 'chatId');
  const [{ messages }, notes] = await Promise.all([deps.store.listMessages(chat.chatId, 0, HISTORY), deps.store.listNotes(chat.chatId)]);
  return { chat: toSummary(chat), messages, notes };
}

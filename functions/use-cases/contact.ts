/**
 * Customer context for staff: who the visitor of a chat is, their other conversations (keyed by
 * `VISITOR#<visitorId>`, no scan) — for a verified user, on every device (one contact id) and
 * also from before they logged in (the anonymous ids linked to the contact) — and any of those read-only. The read path is reached through a
 * chat the caller may read, so an agent sees the history of the contact in front of them and of
 * nobody else.
 */
import type { AckPayloads, Contact, FrameOf } from '../contracts/frames';
import { type ChatRecord, requireReader, toSummary } from '../domain/chat';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

/** Previous conversations listed in the panel (newest first). */
export const CONTACT_CHATS = 20;
const HISTORY = 200;
/** Anonymous ids read per contact (browsers the user logged in from, each linked once). */
const ALIASES = 10;

/** The visitor ids that are this contact: its own and the anonymous ids linked to it. */
async function contactIds(deps: Pick<Deps, 'store'>, visitorId: string): Promise<string[]> {
  return [visitorId, ...(await deps.store.listVisitorAliases(visitorId, ALIASES))];
}

export async function getContact(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'getContact'>): Promise<AckPayloads['getContact']> {
  requireStaff(ctx.caller, 'getContact');
  const chat = requireReader(await deps.store.getChat(frame.chatId), ctx.caller);
  const contact: Contact = { visitorId: chat.visitorId };
  if (chat.visitorName) contact.name = chat.visitorName;
  if (chat.visitorEmail) contact.email = chat.visitorEmail;
  if (chat.fields) contact.fields = chat.fields;
  if (chat.page) contact.page = chat.page;
  const [ids, profile] = await Promise.all([contactIds(deps, chat.visitorId), deps.store.getVisitorProfile(chat.visitorId)]);
  if (profile?.userId !== undefined) contact.verified = true;
  // What the visitor typed in this chat first; else what the site (or an earlier session) said.
  if (!contact.name && profile?.name) contact.name = profile.name;
  if (!contact.email && profile?.email) contact.email = profile.email;
  const lists = await Promise.all(ids.map((id) => deps.store.listVisitorChats(id, CONTACT_CHATS + 1)));
  const chats = lists
    .flat()
    .filter((c) => c.chatId !== chat.chatId)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, CONTACT_CHATS);
  return { contact, chats: chats.map(toSummary) };
}

/**
 * A staff member reaches `chatId` read-only through `viaChatId`: they may read the chat in front
 * of them, and the other one is with the same contact (its visitor id or a linked anonymous id).
 */
export async function requireContactChat(deps: Pick<Deps, 'store'>, ctx: SocketContext, action: string, chatId: string, viaChatId: string): Promise<ChatRecord> {
  requireStaff(ctx.caller, action);
  const via = requireReader(await deps.store.getChat(viaChatId), ctx.caller);
  const chat = await deps.store.getChat(chatId);
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  if (!(await contactIds(deps, via.visitorId)).includes(chat.visitorId)) throw new ForbiddenError('That conversation is not with this contact', 'chatId');
  return chat;
}

export async function readHistory(deps: Pick<Deps, 'store'>, ctx: SocketContext, frame: FrameOf<'readHistory'>): Promise<AckPayloads['readHistory']> {
  const chat = await requireContactChat(deps, ctx, 'readHistory', frame.chatId, frame.viaChatId);
  const [{ messages }, notes] = await Promise.all([deps.store.listMessages(chat.chatId, 0, HISTORY), deps.store.listNotes(chat.chatId)]);
  return { chat: toSummary(chat), messages, notes };
}

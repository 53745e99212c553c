/**
 * A visitor opens a chat. Idempotent twice over: a retry with the same clientMessageId returns
 * the chat it made, and a visitor who already has an open chat gets that one back.
 *
 * Outside the department's business hours, or with nobody online in it, the chat is `offline`
 * at once (never queued, so no visitor waits for a queue limit): chat.missed says why, and when
 * the visitor gave an email the chat and its first message become a ticket in the same write
 * (ticket.created); without one, the widget's offline form asks for it (POST /tickets with the chat).
 */
import type { ParleyEvent } from '../contracts/events';
import type { AckPayloads, ChatMessage, FrameOf, OfflineReason } from '../contracts/frames';
import type { Ticket } from '../contracts/http';
import { type ChatRecord, isOpen, toSummary } from '../domain/chat';
import { BadRequestError, DuplicateStartError } from '../domain/errors';
import { nextMessage } from '../domain/messages';
import { requireNotBlocked } from './abuse';
import { chatMissed, chatRequested, messageCreated, ticketCreated } from './events';
import type { Deps } from './ports';
import { offlineReason } from './tickets';
import { requireVisitor, type SocketContext } from './socket-context';

const HISTORY = 200;

/**
 * The chat a retry or a returning visitor gets back. While it is still queued its events go out
 * again (same ids): the first attempt may have died before publishing, and routing must hear it.
 */
async function existing(deps: Pick<Deps, 'store' | 'publisher'>, chat: ChatRecord): Promise<AckPayloads['startChat']> {
  const { messages } = await deps.store.listMessages(chat.chatId, 0, HISTORY);
  const first = messages.find((m) => m.seq === 1 && m.senderRole === 'visitor');
  if (chat.status === 'offline' && chat.offlineReason) await deps.publisher.publish(offlineEvents(chat, first, ticketOf(chat, first)));
  if (chat.status === 'queued') {
    // Routing, hearing chat.requested again, starts the chat's timers again too (a duplicate timer is reported once).
    await deps.publisher.publish([chatRequested(chat), ...(first ? [messageCreated(chat, first, false)] : [])]);
  }
  return { chat: toSummary(chat), messages };
}

async function existingChat(deps: Pick<Deps, 'store'>, visitorId: string, startKey: string | undefined): Promise<ChatRecord | undefined> {
  const startedId = startKey && (await deps.store.findStartedChat(visitorId, startKey));
  if (startedId) return deps.store.getChat(startedId);
  const [latest] = await deps.store.listVisitorChats(visitorId, 1);
  return latest && isOpen(latest) ? latest : undefined;
}

/** The ticket an offline chat becomes: only with an email to answer to and a question to answer. */
function ticketOf(chat: ChatRecord, first: ChatMessage | undefined): Ticket | undefined {
  if (!chat.ticketId || !chat.visitorEmail || !first) return undefined;
  const ticket: Ticket = { ticketId: chat.ticketId, visitorId: chat.visitorId, department: chat.department, email: chat.visitorEmail, message: first.text, chatId: chat.chatId, createdAt: chat.createdAt };
  return chat.visitorName ? { ...ticket, name: chat.visitorName } : ticket;
}

/** What an offline chat announces (ids fixed by the chat, so a retry republishes the same ones). */
function offlineEvents(chat: ChatRecord, first: ChatMessage | undefined, ticket: Ticket | undefined): ParleyEvent[] {
  const reason = chat.offlineReason as OfflineReason;
  return [
    chatRequested(chat),
    ...(first ? [messageCreated(chat, first, false)] : []),
    chatMissed(chat, reason, chat.createdAt),
    ...(ticket ? [ticketCreated(ticket, reason)] : []),
  ];
}

function department(deps: Pick<Deps, 'config'>, requested: string | undefined): string {
  const known = deps.config.departments.map((d) => d.id);
  if (requested === undefined) return known[0] as string;
  if (!known.includes(requested)) throw new BadRequestError(`department: unknown department "${requested}"`, 'department');
  return requested;
}

function newChat(deps: Deps, ctx: SocketContext, frame: FrameOf<'startChat'>, dept: string, now: number, offline: OfflineReason | undefined): { chat: ChatRecord; firstMessage?: ChatMessage } {
  const chatId = deps.ids.next('c');
  const chat: ChatRecord = { chatId, status: 'queued', visitorId: ctx.caller.userId, department: dept, lastSeq: 0, createdAt: now };
  if (offline) Object.assign(chat, { status: 'offline', closedAt: now, offlineReason: offline, ...(frame.email && frame.text ? { ticketId: `t_${chatId}` } : {}) });
  if (frame.name) chat.visitorName = frame.name;
  if (frame.email) chat.visitorEmail = frame.email;
  if (frame.page) chat.page = frame.page;
  if (frame.fields && Object.keys(frame.fields).length > 0) chat.fields = frame.fields;
  if (!frame.text) return { chat };
  const draft = { clientMessageId: frame.clientMessageId ?? deps.ids.next('m'), senderRole: 'visitor' as const, senderId: chat.visitorId, text: frame.text };
  const firstMessage = nextMessage(chat, draft, now);
  return { chat: { ...chat, lastSeq: firstMessage.seq }, firstMessage };
}

export async function startChat(deps: Deps, ctx: SocketContext, frame: FrameOf<'startChat'>): Promise<AckPayloads['startChat']> {
  requireVisitor(ctx.caller, 'startChat');
  const dept = department(deps, frame.department);
  await requireNotBlocked(deps, { visitorId: ctx.caller.userId });
  const open = await existingChat(deps, ctx.caller.userId, frame.clientMessageId);
  if (open) return existing(deps, open);
  const now = deps.clock.now();
  const { chat, firstMessage } = newChat(deps, ctx, frame, dept, now, await offlineReason(deps, dept, now));
  const ticket = ticketOf(chat, firstMessage);
  try {
    await deps.store.createChat({ chat, ...(firstMessage ? { firstMessage } : {}), ...(frame.clientMessageId ? { startKey: frame.clientMessageId } : {}), ...(ticket ? { ticket } : {}) });
  } catch (error) {
    const raced = error instanceof DuplicateStartError && (await existingChat(deps, chat.visitorId, frame.clientMessageId));
    if (raced) return existing(deps, raced);
    throw error;
  }
  if (frame.name || frame.email) await deps.store.saveVisitorProfile(chat.visitorId, { name: frame.name, email: frame.email }, chat.createdAt);
  if (chat.status === 'offline') {
    await deps.publisher.publish(offlineEvents(chat, firstMessage, ticket));
  } else {
    // Routing starts its timers (SLA, queue limit) when it hears chat.requested, with its first offer's.
    await deps.publisher.publish([chatRequested(chat), ...(firstMessage ? [messageCreated(chat, firstMessage, false)] : [])]);
  }
  return { chat: toSummary(chat), messages: firstMessage ? [firstMessage] : [] };
}

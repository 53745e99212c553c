/**
 * The chat lifecycle: who may do what to a chat in which state. Pure: no I/O, no clock.
 */
import type { Caller } from '../contracts/auth';
import type { ChatStatus, ChatSummary, Outcome, SenderRole } from '../contracts/frames';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors';
import type { WindowCount } from './rate-limits';

/** The chat as stored (the META item without its keys): the summary clients see, plus internals. */
export interface ChatRecord extends Omit<ChatSummary, 'department'> {
  /** Always set: a chat without a requested department goes to the first configured one. */
  department: string;
  firstResponseAt?: number;
  closedBy?: SenderRole;
  /** Set while a visitor message waits for the agent's reply (epoch ms of the first unanswered one). */
  awaitingReplySince?: number;
  /** Bumped by every setTags, so concurrent edits never lose one and chat.tagged ids are stable. */
  tagsVersion?: number;
  /** The visitor's messages in the current rate window (docs/security.md, rate limits). */
  visitorRate?: WindowCount;
  /** Skills an agent needs to take the chat (e.g. a language). */
  skills?: string[];
  /** The agent the chat is offered to while it waits for Accept (the chat stays `queued`). */
  offeredTo?: string;
  offerExpiresAt?: number;
  /** Counts offers of this chat; a timer or answer for an older offer finds it moved on. */
  offerAttempt?: number;
  /** Agents who declined the chat or let an offer lapse. */
  passedBy?: string[];
  /** The queue position and wait the visitor was last told ("3|120"), so unchanged ones are not pushed again. */
  queueNotice?: string;
  queueNoticeAt?: number;
  /** true when the chat came from a proactive invitation (conversions: proactive vs reactive). */
  proactive?: boolean;
}

const OPEN: readonly ChatStatus[] = ['queued', 'assigned'];

export function isOpen(chat: Pick<ChatRecord, 'status'>): boolean {
  return OPEN.includes(chat.status);
}

export function isStaff(caller: Pick<Caller, 'role'>): boolean {
  return caller.role !== 'visitor';
}

/** The side of the chat the caller is on, or undefined when they are not part of it. */
export function participantRole(chat: Pick<ChatRecord, 'visitorId' | 'agentId'>, caller: Pick<Caller, 'role' | 'userId'>): 'visitor' | 'agent' | undefined {
  if (caller.role === 'visitor') return chat.visitorId === caller.userId ? 'visitor' : undefined;
  return chat.agentId === caller.userId ? 'agent' : undefined;
}

/** Throws not_found for a missing chat and forbidden when the caller is not a participant. */
export function requireParticipant<C extends Pick<ChatRecord, 'visitorId' | 'agentId'> = ChatRecord>(chat: C | undefined, caller: Pick<Caller, 'role' | 'userId'>): { chat: C; side: 'visitor' | 'agent' } {
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  const side = participantRole(chat, caller);
  if (!side) throw new ForbiddenError('You are not part of this chat', 'chatId');
  return { chat, side };
}

/** Participants, and supervisors/admins who may read any chat. */
export function requireReader(chat: ChatRecord | undefined, caller: Pick<Caller, 'role' | 'userId'>): ChatRecord {
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  if (caller.role === 'supervisor' || caller.role === 'admin') return chat;
  requireParticipant(chat, caller);
  return chat;
}

/** Internal notes: the chat's agent, or a supervisor/admin; never a visitor. */
export function requireNoteWriter(chat: ChatRecord | undefined, caller: Pick<Caller, 'role' | 'userId'>): ChatRecord {
  if (!isStaff(caller)) throw new ForbiddenError('Internal notes are for staff only', 'action');
  return requireReader(chat, caller);
}

export function requireOpen(chat: Pick<ChatRecord, 'status'>): void {
  if (!isOpen(chat)) throw new ConflictError(`The chat is ${chat.status}`, 'chatId');
}

/** An agent closing a chat must say how it ended; a visitor who leaves need not. */
export function requireCloseOutcome(side: 'visitor' | 'agent', outcome: Outcome | undefined): void {
  if (side === 'agent' && !outcome) throw new BadRequestError('outcome: an agent must give an outcome to close a chat', 'outcome');
}

/** The userIds on the other side of the chat from `side`. */
export function otherSide(chat: Pick<ChatRecord, 'visitorId' | 'agentId'>, side: 'visitor' | 'agent'): string[] {
  if (side === 'visitor') return chat.agentId ? [chat.agentId] : [];
  return [chat.visitorId];
}

export function participants(chat: Pick<ChatRecord, 'visitorId' | 'agentId'>): string[] {
  return chat.agentId ? [chat.visitorId, chat.agentId] : [chat.visitorId];
}

/**
 * What a visitor may see of a chat: the summary without the team's internals (the SLA breach
 * behind the console's red badge, the routing priority an escalation raised).
 */
export function visitorView(summary: ChatSummary): ChatSummary {
  const { slaBreach: _breach, priority: _priority, ...visible } = summary;
  return visible;
}

/** An ack as a visitor gets it: any `chat` or `chats` in it as the visitor may see them. */
export function visitorAck<T extends object>(payload: T): T {
  const { chat, chats } = payload as { chat?: ChatSummary; chats?: ChatSummary[] };
  return { ...payload, ...(chat ? { chat: visitorView(chat) } : {}), ...(chats ? { chats: chats.map(visitorView) } : {}) };
}

export function toSummary(chat: ChatRecord): ChatSummary {
  const { firstResponseAt: _first, closedBy: _by, awaitingReplySince: _awaiting, tagsVersion: _tv, visitorRate: _rate, skills: _skills, offeredTo: _to, offerExpiresAt: _expires, offerAttempt: _attempt, passedBy: _passed, queueNotice: _notice, queueNoticeAt: _noticeAt, proactive: _p, ...summary } = chat;
  return summary;
}

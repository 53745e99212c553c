/**
 * A participant closes a chat: the agent says how it ended, the visitor may just leave. Frees
 * the agent's capacity in the same transaction, tells both sides, publishes chat.closed.
 * Closing a closed chat answers with the chat as it was closed and announces it again (same
 * event id): a retry after a lost reply, or after the first attempt died between its write and
 * its publish, must not leave routing and metrics without their chat.closed.
 */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { type ChatRecord, participants, requireCloseOutcome, requireOpen, requireParticipant, toSummary } from '../domain/chat';
import type { ParleyEvent } from '../contracts/events';
import { ChatNotOpenError, ConflictError } from '../domain/errors';
import { normalizeTags } from '../domain/tags';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

/** How a close ends the chat: an agent's outcome, and the tags it leaves. */
type CloseRequest = Pick<FrameOf<'closeChat'>, 'outcome' | 'tags'>;

/** Tags given at close replace the set; without them the tags set during the chat stay. */
function closingTags(chat: ChatRecord, frame: CloseRequest): string[] {
  return frame.tags ? normalizeTags(frame.tags) : (chat.tags ?? []);
}

function closed(chat: ChatRecord, side: 'visitor' | 'agent', frame: CloseRequest, now: number): ChatRecord {
  const result: ChatRecord = { ...chat, status: 'closed', closedAt: now, closedBy: side, tags: closingTags(chat, frame) };
  if (frame.outcome) result.outcome = frame.outcome;
  return result;
}

interface MessageCounts {
  visitorMessages: number;
  agentMessages: number;
  cannedMessages: number;
}

const COUNT_PAGE = 500;
const MAX_COUNT_PAGES = 20;

/**
 * Messages per side and canned replies, read once at close for messages-per-chat and canned
 * usage: counting them on every message would cost a write per message; this costs one query
 * per close (a 20-message chat is about 4 KB: one read unit). Counted up to 10,000 messages.
 */
async function messageCounts(store: Deps['store'], chatId: string): Promise<MessageCounts> {
  const counts: MessageCounts = { visitorMessages: 0, agentMessages: 0, cannedMessages: 0 };
  let afterSeq = 0;
  for (let page = 0; page < MAX_COUNT_PAGES; page++) {
    const { messages, hasMore } = await store.listMessages(chatId, afterSeq, COUNT_PAGE);
    for (const m of messages) {
      if (m.senderRole === 'visitor') counts.visitorMessages++;
      if (m.senderRole === 'agent') counts.agentMessages++;
      if (m.senderRole === 'agent' && m.cannedId) counts.cannedMessages++;
    }
    const last = messages.at(-1);
    if (!hasMore || !last) break;
    afterSeq = last.seq;
  }
  return counts;
}

function chatClosed(chat: ChatRecord, closedBy: 'visitor' | 'agent', now: number, counts: MessageCounts): ParleyEvent {
  return {
    detailType: 'chat.closed',
    detail: {
      eventId: `${chat.chatId}:closed`,
      version: 1,
      occurredAt: new Date(now).toISOString(),
      chatId: chat.chatId,
      visitorId: chat.visitorId,
      department: chat.department,
      closedBy,
      tags: chat.tags ?? [],
      durationMs: Math.max(0, now - chat.createdAt),
      ...(chat.assignedAt !== undefined ? { handleMs: Math.max(0, now - chat.assignedAt) } : {}),
      ...counts,
      ...(chat.agentId ? { agentId: chat.agentId } : {}),
      // The store frees the seat of the agent it was offered to, and keeps their name on the
      // closed chat for a retried announce; routing drains their departments.
      ...(chat.agentId === undefined && chat.offeredTo ? { offeredTo: chat.offeredTo } : {}),
      ...(chat.outcome ? { outcome: chat.outcome } : {}),
    },
  };
}

/** Tells everyone about a close: chat.closed (a stable id, so consumers count it once) and the chat frame. */
async function announce(deps: Deps, after: ChatRecord, closedBy: 'visitor' | 'agent', now: number, exceptConnectionId?: string): Promise<AckPayloads['closeChat']> {
  await deps.publisher.publish([chatClosed(after, closedBy, now, await messageCounts(deps.store, after.chatId))]);
  await deliver(deps, participants(after), { type: 'chat', chat: toSummary(after) }, exceptConnectionId);
  return { chat: toSummary(after) };
}

/**
 * A close of a chat that is already closed is a retry (the first reply was lost, or the first
 * attempt died after its write): announce it again, as it was closed, and answer the same.
 */
function alreadyClosed(chat: ChatRecord): { after: ChatRecord; closedBy: 'visitor' | 'agent'; at: number } | undefined {
  if (chat.status !== 'closed') return undefined;
  return { after: chat, closedBy: chat.closedBy === 'visitor' ? 'visitor' : 'agent', at: chat.closedAt ?? chat.createdAt };
}

/** A close that lost a race with an offer (made, answered or lapsed between read and write) re-reads and tries again, this many times. */
const CLOSE_ATTEMPTS = 3;

export async function closeChat(deps: Deps, ctx: SocketContext, frame: FrameOf<'closeChat'>): Promise<AckPayloads['closeChat']> {
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireCloseOutcome(side, frame.outcome);
  return closeAs(deps, chat, side, frame, ctx.connectionId);
}

/** Closes `chat` for `side` (also when staff block its visitor): store, chat.closed, both sides told. */
export async function closeAs(deps: Deps, chat: ChatRecord, side: 'visitor' | 'agent', frame: CloseRequest, connectionId?: string): Promise<AckPayloads['closeChat']> {
  let current = chat;
  for (let attempt = 1; ; attempt++) {
    const retried = alreadyClosed(current);
    if (retried) return announce(deps, retried.after, retried.closedBy, retried.at, connectionId);
    requireOpen(current);
    const now = deps.clock.now();
    try {
      await deps.store.closeChat({ chat: current, closedBy: side, tags: closingTags(current, frame), now, ...(frame.outcome ? { outcome: frame.outcome } : {}) });
    } catch (error) {
      if (!(error instanceof ChatNotOpenError)) throw error;
      // Closed meanwhile (a concurrent retry, the other side) is announced as it was on the next turn;
      // an offer that moved (made, answered or lapsed between our read and write) is retried on the fresh read.
      const raced = await deps.store.getChat(current.chatId);
      if (!raced || (attempt >= CLOSE_ATTEMPTS && !alreadyClosed(raced))) throw new ConflictError('The chat is no longer open', 'chatId', { cause: error });
      current = raced;
      continue;
    }
    if (current.status === 'queued' && current.offeredTo) await deliver(deps, [current.offeredTo], { type: 'offerEnded', chatId: current.chatId, reason: 'withdrawn' });
    return announce(deps, closed(current, side, frame, now), side, now, connectionId);
  }
}

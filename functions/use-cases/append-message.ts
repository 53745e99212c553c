/**
 * Appends a message to a chat with the next seq, as docs/decisions.md (access pattern 1) says:
 * the store claims the clientMessageId, writes the message at its seq, then moves lastSeq.
 * A retry with the same clientMessageId returns the original; a lost race re-reads and retries.
 * `onWritten` (a delivery) runs as soon as the message is written, beside the move of lastSeq.
 */
import type { ChatMessage } from '../contracts/frames';
import { type ChatRecord, isOpen, requireOpen } from '../domain/chat';
import { DuplicateMessageError, NotFoundError, SeqConflictError } from '../domain/errors';
import { isFirstResponse, type MessageDraft, nextMessage } from '../domain/messages';
import type { WindowCount } from '../domain/rate-limits';
import type { ChatStore } from './ports';
import { replyWaitChange } from '../domain/sla';

const MAX_ATTEMPTS = 5;

export interface Appended {
  message: ChatMessage;
  /** The chat as it was before the write. */
  chat: ChatRecord;
  /** false when the clientMessageId was already used and the original came back. */
  created: boolean;
  firstResponse: boolean;
  /** This message started a wait for the agent's reply (the agent-reply SLA timer starts). */
  replyWaitStarted: boolean;
}

async function original(store: ChatStore, chat: ChatRecord, clientMessageId: string): Promise<Appended | undefined> {
  const message = await store.findMessageByClientId(chat.chatId, clientMessageId);
  // The first reply is the one whose time the chat recorded, so a retry reports it the same way.
  const firstResponse = message?.senderRole === 'agent' && chat.firstResponseAt === message.createdAt;
  const replyWaitStarted = message?.senderRole === 'visitor' && chat.awaitingReplySince === message.createdAt;
  return message && { message, chat, created: false, firstResponse, replyWaitStarted };
}

/**
 * Checks a rate limit against the chat as last read and returns the window to store with the
 * message (the seq condition makes that read-modify-write safe); throws to refuse the message.
 */
export type ChatRateCheck = (chat: ChatRecord) => WindowCount | undefined;

export interface AppendOptions {
  /** The visitor's per-chat rate limit. */
  rate?: ChatRateCheck;
  /** Runs once with the new message as soon as it is written (never for an original found again). */
  onWritten?: (appended: Appended) => Promise<void>;
}

async function attempt(store: ChatStore, chat: ChatRecord, draft: MessageDraft, now: number, { rate, onWritten }: AppendOptions): Promise<Appended | 'retry'> {
  const message = nextMessage(chat, draft, now);
  const firstResponse = isFirstResponse(chat, draft.senderRole);
  const visitorRate = rate?.(chat);
  const replyWait = replyWaitChange(chat, draft.senderRole);
  const appended: Appended = { message, chat, created: true, firstResponse, replyWaitStarted: replyWait === 'start' };
  try {
    await store.appendMessage(chat.chatId, {
      message,
      prevSeq: chat.lastSeq,
      ...(firstResponse ? { firstResponseAt: now } : {}),
      ...(visitorRate ? { visitorRate } : {}),
      ...(replyWait ? { replyWait } : {}),
      ...(onWritten ? { whenWritten: () => onWritten(appended) } : {}),
    });
    return appended;
  } catch (error) {
    if (error instanceof DuplicateMessageError) return (await original(store, chat, draft.clientMessageId)) ?? 'retry';
    if (error instanceof SeqConflictError) return 'retry';
    throw error;
  }
}

/**
 * Writes `draft` to `chat` (as last read; a lost race re-reads it) or finds its original.
 * Throws not_found / conflict when the chat is gone or closed and the message was never written.
 */
export async function appendMessage(store: ChatStore, chat: ChatRecord, draft: MessageDraft, now: number, options: AppendOptions = {}): Promise<Appended> {
  let current: ChatRecord | undefined = chat;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    if (!current) throw new NotFoundError('No such chat', 'chatId');
    // Only a closed chat needs the lookup first: on an open one the store's claim finds duplicates.
    const retried = isOpen(current) ? undefined : await original(store, current, draft.clientMessageId);
    if (retried) return retried;
    requireOpen(current);
    const result = await attempt(store, current, draft, now, options);
    if (result !== 'retry') return result;
    current = await store.getChat(chat.chatId);
  }
  throw new SeqConflictError(`Too many concurrent writers on chat ${chat.chatId}`);
}

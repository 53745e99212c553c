/**
 * Message rules: per-chat seq without gaps, clientMessageId idempotency, and the agent's
 * first response. Pure; the store enforces the same rules with conditional writes.
 */
import type { Attachment, ChatMessage, SenderRole } from '../contracts/frames';
import type { ChatRecord } from './chat';
import { maskCardNumbers } from './privacy';

export interface MessageDraft {
  clientMessageId: string;
  senderRole: SenderRole;
  senderId: string;
  senderName?: string;
  text: string;
  cannedId?: string;
  /** Files checked in the object store (use-cases/attachments.ts). */
  attachments?: Attachment[];
}

/**
 * The next message of `chat`: seq is always lastSeq + 1, so committed seqs have no gaps. Card
 * numbers in the text are masked here, the one place every message is built before storage.
 */
export function nextMessage(chat: Pick<ChatRecord, 'chatId' | 'lastSeq'>, draft: MessageDraft, now: number): ChatMessage {
  const message: ChatMessage = { chatId: chat.chatId, seq: chat.lastSeq + 1, ...draft, text: maskCardNumbers(draft.text), createdAt: now };
  if (message.senderName === undefined) delete message.senderName;
  return message;
}

/** True when this message is the assigned agent's first reply in the chat. */
export function isFirstResponse(chat: Pick<ChatRecord, 'firstResponseAt'>, senderRole: SenderRole): boolean {
  return senderRole === 'agent' && chat.firstResponseAt === undefined;
}

/** ms from the chat's request to the agent's first reply. */
export function firstResponseMs(chat: Pick<ChatRecord, 'createdAt'>, at: number): number {
  return Math.max(0, at - chat.createdAt);
}

/** Deterministic event id of a message: a retried handler republishes the same id. */
export function messageEventId(chatId: string, seq: number): string {
  return `${chatId}:msg:${seq}`;
}

/** The system line that tells both sides who joined. */
export function joinedText(agentName: string): string {
  return `${agentName} joined the chat`;
}

/**
 * Chat state as a pure reducer over what the server sends: `(state, serverFrame) => state`.
 * Pushed frames and acks feed the same reducer, so a message arrives once whether it came in a
 * push, in the ack of our own send, or in a `resume` reply after a reconnect: messages are
 * keyed by `seq`, kept in `seq` order, and a `seq` already held is dropped.
 * A push that skips ahead leaves a gap; `resumeFrom` names the last seq before it so the
 * client asks for exactly what is missing.
 */
import type { ChatMessage, ChatSummary, ServerFrame } from './types';

export type Side = 'visitor' | 'agent';

export interface ChatThread {
  readonly chatId: string;
  readonly chat?: ChatSummary;
  /** Unique by seq, ascending. */
  readonly messages: readonly ChatMessage[];
  /** The other side is typing. */
  readonly otherTyping: boolean;
  /**
   * Counts the other side's typing frames. A peer whose tab dies never sends "stopped", so the
   * UI hides the indicator after a quiet spell; each new frame (even a repeated `true`) restarts it.
   */
  readonly typingPulse: number;
  /** Messages pushed from the other side since `markRead`. */
  readonly unread: number;
}

export interface ChatState {
  readonly self: Side;
  readonly threads: Readonly<Record<string, ChatThread>>;
}

export function initialChatState(self: Side): ChatState {
  return { self, threads: {} };
}

/** Applies one server frame (push or ack); returns the same object when nothing changed. */
export function chatReducer(state: ChatState, frame: ServerFrame): ChatState {
  switch (frame.type) {
    case 'message':
      return applyPushedMessage(state, frame.message);
    case 'typing':
      return frame.role === state.self
        ? state
        : update(state, frame.chatId, (t) => ({ ...t, otherTyping: frame.isTyping, typingPulse: t.typingPulse + 1 }));
    case 'chat':
      return withChat(state, frame.chat);
    case 'ack':
      return applyAck(state, frame);
    default:
      return state;
  }
}

/** Clears the unread count of a chat the user is looking at. */
export function markRead(state: ChatState, chatId: string): ChatState {
  const thread = state.threads[chatId];
  return thread && thread.unread > 0 ? update(state, chatId, (t) => ({ ...t, unread: 0 })) : state;
}

/** The highest seq up to which the thread has every message: where a `resume` should start. */
export function resumeFrom(thread: ChatThread): number {
  let seen = 0;
  for (const message of thread.messages) {
    if (message.seq !== seen + 1) break;
    seen = message.seq;
  }
  return seen;
}

/** True when a later message arrived before an earlier one. */
export function hasGap(thread: ChatThread): boolean {
  const last = thread.messages.at(-1);
  return last !== undefined && last.seq > resumeFrom(thread);
}

/** Threads, newest first. */
export function threadList(state: ChatState): ChatThread[] {
  return Object.values(state.threads).sort((a, b) => (b.chat?.createdAt ?? 0) - (a.chat?.createdAt ?? 0));
}

type Ack = Extract<ServerFrame, { type: 'ack' }>;

function applyAck(state: ChatState, ack: Ack): ChatState {
  const body = ack as Ack & Partial<{ chat: ChatSummary; chats: ChatSummary[]; message: ChatMessage; messages: ChatMessage[] }>;
  let next = state;
  for (const chat of body.chats ?? []) next = withChat(next, chat);
  if (body.chat) next = withChat(next, body.chat);
  if (body.messages && body.messages.length > 0) next = withMessages(next, body.messages);
  if (body.message) next = withMessages(next, [body.message]);
  return next;
}

function applyPushedMessage(state: ChatState, message: ChatMessage): ChatState {
  const before = state.threads[message.chatId];
  if (before?.messages.some((m) => m.seq === message.seq)) return state;
  const fromOther = message.senderRole !== state.self && message.senderRole !== 'system';
  const next = withMessages(state, [message]);
  return update(next, message.chatId, (t) => ({
    ...t,
    unread: fromOther ? t.unread + 1 : t.unread,
    otherTyping: fromOther ? false : t.otherTyping,
  }));
}

function withChat(state: ChatState, chat: ChatSummary): ChatState {
  return update(state, chat.chatId, (t) => ({
    ...t,
    chat: { ...t.chat, ...chat },
    otherTyping: chat.status === 'closed' ? false : t.otherTyping,
  }));
}

function withMessages(state: ChatState, incoming: readonly ChatMessage[]): ChatState {
  const chatId = incoming[0]?.chatId;
  if (chatId === undefined) return state;
  return update(state, chatId, (t) => {
    const bySeq = new Map(t.messages.map((m) => [m.seq, m]));
    let added = false;
    for (const m of incoming) {
      if (m.chatId === chatId && !bySeq.has(m.seq)) {
        bySeq.set(m.seq, m);
        added = true;
      }
    }
    return added ? { ...t, messages: [...bySeq.values()].sort((a, b) => a.seq - b.seq) } : t;
  });
}

function update(state: ChatState, chatId: string, change: (thread: ChatThread) => ChatThread): ChatState {
  const before = state.threads[chatId] ?? { chatId, messages: [], otherTyping: false, typingPulse: 0, unread: 0 };
  const after = change(before);
  if (after === before && state.threads[chatId]) return state;
  return { ...state, threads: { ...state.threads, [chatId]: after } };
}

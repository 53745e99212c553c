/**
 * Chat state as a pure reducer over what the server sends: `(state, serverFrame) => state`.
 * Pushed frames and acks feed the same reducer, so a message arrives once whether it came in a
 * push, in the ack of our own send, or in a `resume` reply after a reconnect: messages are
 * keyed by `seq`, kept in `seq` order, and a `seq` already held is dropped.
 * A push that skips ahead leaves a gap; `resumeFrom` names the last seq before it so the
 * client asks for exactly what is missing.
 */
import type { ChatMessage, ChatNote, ChatSummary, ServerFrame } from './types';

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
  /** The other side's draft while they type (only visitors' drafts are ever sent). */
  readonly otherPreview?: string;
  /** Internal notes (staff only; a visitor's thread never gets any), unique by clientNoteId, oldest first. */
  readonly notes: readonly ChatNote[];
  /** Messages from the other side since `markRead` (history loaded on a reload excluded). */
  readonly unread: number;
  /**
   * The thread's history is loaded or it arrived while we watched. Until then, messages that
   * come in are old history (a reload), not news; after, everything new counts as unread, also
   * what a resume brings back after a reconnect.
   */
  readonly live: boolean;
  /** While queued: the visitor's place in line and the estimated wait (the last `queue` frame). */
  readonly queue?: { readonly position: number; readonly estimatedWaitSeconds: number | null };
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
      // A late indicator (sent before the close, or on a chat the server read a moment earlier) ends nothing and starts nothing.
      return frame.role === state.self || state.threads[frame.chatId]?.chat?.status === 'closed'
        ? state
        : update(state, frame.chatId, (t) => withPreview({ ...t, otherTyping: frame.isTyping, typingPulse: t.typingPulse + 1 }, frame.isTyping ? frame.preview : undefined));
    case 'note':
      return withNotes(state, frame.chatId, [frame.note]);
    case 'queue':
      return update(state, frame.chatId, (t) => ({ ...t, queue: { position: frame.position, estimatedWaitSeconds: frame.estimatedWaitSeconds } }));
    case 'chat':
      // A chat first heard of by a push (a new assignment) is news from its first message on.
      return withChat(state, frame.chat, !state.threads[frame.chat.chatId]);
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

/** Acks that show other conversations read-only (customer context): never threads of this client. */
const READ_ONLY_ACKS: readonly string[] = ['getContact', 'readHistory'];

function applyAck(state: ChatState, ack: Ack): ChatState {
  if (READ_ONLY_ACKS.includes(ack.action)) return state;
  const body = ack as Ack & Partial<{ chat: ChatSummary; chats: ChatSummary[]; message: ChatMessage; messages: ChatMessage[]; note: ChatNote; notes: ChatNote[] }>;
  let next = state;
  for (const chat of body.chats ?? []) next = withChat(next, chat, false);
  if (body.chat) next = withChat(next, body.chat, false);
  const notes = body.notes ?? (body.note ? [body.note] : []);
  const noteChat = body.chat?.chatId ?? body.note?.chatId;
  if (notes.length > 0 && noteChat) next = withNotes(next, noteChat, notes);
  const messages = body.messages ?? (body.message ? [body.message] : []);
  return messages.length > 0 ? withMessages(next, messages) : next;
}

function applyPushedMessage(state: ChatState, message: ChatMessage): ChatState {
  const live = update(state, message.chatId, (t) => (t.live ? t : { ...t, live: true }));
  return withMessages(live, [message]);
}

function withChat(state: ChatState, chat: ChatSummary, live: boolean): ChatState {
  return update(state, chat.chatId, ({ queue, ...t }) => ({
    ...t,
    ...(chat.status === 'queued' && queue ? { queue } : {}),
    chat: { ...t.chat, ...chat },
    otherTyping: chat.status === 'closed' ? false : t.otherTyping,
    live: t.live || live,
  }));
}

function withPreview(thread: ChatThread, preview: string | undefined): ChatThread {
  const { otherPreview: _old, ...rest } = thread;
  return preview === undefined ? rest : { ...rest, otherPreview: preview };
}

/** Adds the messages not held yet; news from the other side counts as unread and ends their typing. */
function withMessages(state: ChatState, incoming: readonly ChatMessage[]): ChatState {
  const chatId = incoming[0]?.chatId;
  if (chatId === undefined) return state;
  return update(state, chatId, (t) => {
    const bySeq = new Map(t.messages.map((m) => [m.seq, m]));
    const added = incoming.filter((m) => m.chatId === chatId && !bySeq.has(m.seq));
    if (added.length === 0) return t;
    for (const m of added) bySeq.set(m.seq, m);
    const fromOther = added.filter((m) => m.senderRole !== state.self && m.senderRole !== 'system').length;
    const next = {
      ...t,
      messages: [...bySeq.values()].sort((a, b) => a.seq - b.seq),
      unread: t.live ? t.unread + fromOther : t.unread,
      otherTyping: fromOther > 0 ? false : t.otherTyping,
      live: true,
    };
    return fromOther > 0 ? withPreview(next, undefined) : next;
  });
}

/** Adds the notes not held yet (a note comes in its ack, as a push to other consoles, and in every staff resume). */
function withNotes(state: ChatState, chatId: string, incoming: readonly ChatNote[]): ChatState {
  return update(state, chatId, (t) => {
    const held = new Set(t.notes.map((n) => n.clientNoteId));
    const added = incoming.filter((n) => n.chatId === chatId && !held.has(n.clientNoteId));
    return added.length === 0 ? t : { ...t, notes: [...t.notes, ...added].sort((a, b) => a.createdAt - b.createdAt) };
  });
}

function update(state: ChatState, chatId: string, change: (thread: ChatThread) => ChatThread): ChatState {
  const before = state.threads[chatId] ?? { chatId, messages: [], notes: [], otherTyping: false, typingPulse: 0, unread: 0, live: false };
  const after = change(before);
  if (after === before && state.threads[chatId]) return state;
  return { ...state, threads: { ...state.threads, [chatId]: after } };
}

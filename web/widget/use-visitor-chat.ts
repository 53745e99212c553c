/**
 * The visitor's side of one conversation. The open chat's id is stored, so after a reload the
 * client's first connect resumes it from seq 0 and the whole history comes back; later
 * reconnects resume from the last seq held. A first question goes out with `startChat`, retried
 * with the same clientMessageId until answered, so a flaky network never opens two chats.
 * Messages the visitor sends show "Sending…" and, when no answer comes within FAIL_AFTER_MS
 * (or the server refuses them), "Not sent · Retry": a retry goes out with the same
 * clientMessageId, so however many copies reach the server the chat holds one.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { chatReducer, initialChatState, markRead, resumeFrom, type ChatState, type ChatThread } from '../sdk/chat-state';
import { browserEffects } from '../sdk/config';
import { createId } from '../sdk/ids';
import { RequestError } from '../sdk/request-error';
import type { ChatFiles } from '../shared/file-list';
import { SocketClient, type ConnectionState } from '../sdk/socket-client';
import type { ChatFeedback, CreateSessionResponse, RuntimeConfig } from '../sdk/types';
import type { PendingMessage } from '../shared/message-list';
import type { KeyValueStore } from '../shared/storage';
import { useConnection } from '../shared/use-connection';
import type { DepartmentAvailability, OfflineValues } from './forms';
import type { PageContext } from './messages';
import { ensureSession } from './session';
import { conversionProblem, isFirstOfDay, markCounted, withRetry, type ConversionOptions } from './tracking';

const CHAT_KEY = 'parley.chat';
const FEEDBACK_KEY = 'parley.feedback';
/** Connects in a row that never opened before the saved token is suspected and renewed. */
const RENEW_AFTER_FAILURES = 3;
/** A message unanswered this long shows as failed (the client keeps trying underneath). */
export const FAIL_AFTER_MS = 8_000;

export interface StartChatInput {
  readonly text: string;
  readonly name?: string;
  readonly email?: string;
  readonly department?: string;
}

export type FeedbackKind = ChatFeedback['kind'];

export interface VisitorChat {
  readonly thread: ChatThread | undefined;
  readonly connection: ConnectionState;
  readonly pending: readonly PendingMessage[];
  /** The first question while its startChat is in flight. */
  readonly starting: string | undefined;
  /** A chat is remembered (a reload) and its history is on the way. */
  readonly resuming: boolean;
  /** Feedback kinds the visitor has given on the current chat. */
  readonly answered: readonly FeedbackKind[];
  start(input: StartChatInput): Promise<void>;
  send(text: string): void;
  retry(clientMessageId: string): void;
  /** `preview` is the draft so far: the agent reads along. */
  typing(isTyping: boolean, preview?: string): void;
  leave(): Promise<void>;
  startOver(): void;
  markRead(): void;
  giveFeedback(kind: FeedbackKind, score: number, comment?: string): Promise<void>;
  skipFeedback(kind: FeedbackKind): void;
  /** Sending and showing files in the current chat (web/shared/file-list.tsx); absent before it exists. */
  readonly files: ChatFiles | undefined;
  availability(): Promise<DepartmentAvailability[] | undefined>;
  leaveMessage(values: OfflineValues): Promise<void>;
  /** Counts this page load (POST /visits), first of the UTC day or not; call once per load. */
  countVisit(): Promise<void>;
  /** Reports a conversion (POST /conversions); refuses bad values before sending. */
  trackConversion(value: number, options?: ConversionOptions): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function useVisitorChat(config: RuntimeConfig, store: KeyValueStore, page: () => PageContext): VisitorChat {
  const [chatId, setChatId] = useState(() => store.get<{ chatId: string }>(CHAT_KEY)?.chatId);
  const chatIdRef = useRef(chatId);
  const [chats, setChats] = useState<ChatState>(() => initialChatState('visitor'));
  const stateRef = useRef(chats);
  const [starting, setStarting] = useState<string>();
  const [pending, setPending] = useState<readonly PendingMessage[]>([]);
  const pendingRef = useRef(pending);
  const [answered, setAnswered] = useState<Record<string, FeedbackKind[]>>(() => store.get(FEEDBACK_KEY) ?? {});

  const remember = (id: string | undefined) => {
    chatIdRef.current = id;
    setChatId(id);
    if (id) store.set(CHAT_KEY, { chatId: id });
    else store.remove(CHAT_KEY);
  };
  const setPendingList = (next: readonly PendingMessage[]) => {
    pendingRef.current = next;
    setPending(next);
  };
  const patchPending = (clientMessageId: string, change: Partial<PendingMessage> | null) =>
    setPendingList(
      change === null
        ? pendingRef.current.filter((p) => p.clientMessageId !== clientMessageId)
        : pendingRef.current.map((p) => (p.clientMessageId === clientMessageId ? { ...p, ...change } : p)),
    );

  // One session request at a time: the socket and the HTTP calls both ask at start-up, and two
  // concurrent POST /sessions would make two visitors (the chat under one, the saved token the other's).
  const sessionInFlight = useRef<Promise<CreateSessionResponse>>();
  const session = (renew = false): Promise<CreateSessionResponse> => {
    if (sessionInFlight.current) return sessionInFlight.current;
    const request = ensureSession({ httpUrl: config.httpUrl, now: Date.now(), renew }, store).finally(() => {
      sessionInFlight.current = undefined;
    });
    sessionInFlight.current = request;
    return request;
  };
  const client = useMemo(
    () =>
      new SocketClient({
        url: config.websocketUrl,
        token: async (failedAttempts) => (await session(failedAttempts >= RENEW_AFTER_FAILURES)).token,
        WebSocket,
        ...browserEffects,
        resumePoints: () => {
          const id = chatIdRef.current;
          const thread = id ? stateRef.current.threads[id] : undefined;
          return id ? [{ chatId: id, afterSeq: thread ? resumeFrom(thread) : 0 }] : [];
        },
      }),
    [config, store],
  );

  const { connection } = useConnection(client, {
    onFrame(frame) {
      stateRef.current = chatReducer(stateRef.current, frame);
      setChats(stateRef.current);
      // A stored chat the server no longer knows (or lets us see) is forgotten, not retried forever.
      if (frame.type === 'error' && (frame.code === 'not_found' || frame.code === 'forbidden') && frame.field === 'chatId') remember(undefined);
    },
  });

  /** One delivery attempt: resolves when acknowledged; marks the message failed when it takes too long or is refused. */
  const attempt = (entry: PendingMessage) => {
    const timer = setTimeout(() => patchPending(entry.clientMessageId, { failed: true }), FAIL_AFTER_MS);
    client
      .requestUntilAnswered({ action: 'sendMessage', chatId: entry.chatId, text: entry.text, clientMessageId: entry.clientMessageId })
      .then(
        () => patchPending(entry.clientMessageId, null),
        () => patchPending(entry.clientMessageId, { failed: true }),
      )
      .finally(() => clearTimeout(timer));
  };

  const api = (path: string, init: RequestInit = {}) =>
    session().then((s) =>
      fetch(`${config.httpUrl.replace(/\/$/, '')}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${s.token}`, 'content-type': 'application/json' } }),
    );

  const markAnswered = (id: string, kind: FeedbackKind) => {
    setAnswered((all) => {
      const next = { [id]: [...new Set([...(all[id] ?? []), kind])] };
      store.set(FEEDBACK_KEY, next); // only the latest chat's answers are worth keeping
      return next;
    });
  };

  return {
    thread: chatId ? chats.threads[chatId] : undefined,
    resuming: chatId !== undefined && chats.threads[chatId] === undefined,
    connection,
    pending,
    starting,
    answered: chatId ? (answered[chatId] ?? []) : [],
    files: chatId
      ? {
          limits: config.widget?.attachments,
          ports: { requestUpload: (file) => client.request({ action: 'requestUpload', chatId, ...file }) },
          url: (seq, attachmentId) => client.request({ action: 'getAttachment', chatId, seq, attachmentId }),
          // Retried with the same id until answered, like any message: one message however many copies arrive.
          send: (attachment) => client.requestUntilAnswered({ action: 'sendMessage', chatId, text: '', attachments: [attachment], clientMessageId: createId('m', Math.random) }),
        }
      : undefined,
    async start(input) {
      setStarting(input.text || undefined);
      try {
        const ack = await client.requestUntilAnswered({
          action: 'startChat',
          ...(input.text ? { text: input.text, clientMessageId: createId('m', Math.random) } : {}),
          name: input.name || undefined,
          email: input.email || undefined,
          department: input.department || undefined,
          page: { ...page(), userAgent: navigator.userAgent.slice(0, 512) },
        });
        remember(ack.chat.chatId);
      } finally {
        setStarting(undefined);
      }
    },
    send(text) {
      const id = chatIdRef.current;
      if (!id) return;
      const entry: PendingMessage = { chatId: id, text, clientMessageId: createId('m', Math.random), queuedAt: Date.now() };
      setPendingList([...pendingRef.current, entry]);
      attempt(entry);
    },
    retry(clientMessageId) {
      const entry = pendingRef.current.find((p) => p.clientMessageId === clientMessageId);
      if (!entry) return;
      patchPending(clientMessageId, { failed: false });
      void client.resync(); // reconnect now if the socket is waiting out a backoff
      attempt(entry);
    },
    typing(isTyping, preview) {
      const id = chatIdRef.current;
      if (id) client.signal({ action: 'typing', chatId: id, isTyping, ...(preview === undefined ? {} : { preview }) });
    },
    async leave() {
      const id = chatIdRef.current;
      if (id) await client.request({ action: 'closeChat', chatId: id });
    },
    startOver() {
      setPendingList([]);
      remember(undefined);
    },
    markRead() {
      const id = chatIdRef.current;
      if (!id) return;
      stateRef.current = markRead(stateRef.current, id);
      setChats(stateRef.current);
    },
    async giveFeedback(kind, score, comment) {
      const id = chatIdRef.current;
      if (!id) return;
      const text = comment?.trim() ? { comment: comment.trim() } : {};
      try {
        if (kind === 'rating') await client.requestUntilAnswered({ action: 'rateChat', chatId: id, rating: score, ...text });
        else await client.requestUntilAnswered({ action: 'answerSurvey', chatId: id, survey: kind, score, ...text });
      } catch (error) {
        // Answered before (another tab, or before a reload): the first answer stands.
        if (!(error instanceof RequestError && error.code === 'conflict' && error.field !== 'chatId')) throw error;
      }
      markAnswered(id, kind);
    },
    skipFeedback(kind) {
      const id = chatIdRef.current;
      if (id) markAnswered(id, kind);
    },
    async availability() {
      try {
        const response = await api('/availability');
        if (!response.ok) return undefined;
        const body = (await response.json()) as { departments?: DepartmentAvailability[] };
        return Array.isArray(body.departments) ? body.departments : undefined;
      } catch {
        return undefined; // unknown: offer the chat, routing sends it to the offline form if needed
      }
    },
    async countVisit() {
      const now = Date.now();
      const firstOfDay = isFirstOfDay(store, now);
      const body = JSON.stringify({ loadId: createId('load', Math.random), firstOfDay });
      const response = await withRetry(() => api('/visits', { method: 'POST', body }), sleep);
      if (!response.ok) throw new Error(`visit not counted (HTTP ${response.status})`);
      if (firstOfDay) markCounted(store, now);
    },
    async trackConversion(value, options) {
      const problem = conversionProblem(value, options);
      if (problem) throw new Error(`Parley.trackConversion: ${problem}`);
      const body = JSON.stringify({ conversionId: options?.id ?? createId('conv', Math.random), value, ...(options?.currency ? { currency: options.currency } : {}) });
      const response = await withRetry(() => api('/conversions', { method: 'POST', body }), sleep);
      if (!response.ok) {
        const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(`Parley.trackConversion: ${answer.error?.message ?? `HTTP ${response.status}`}`);
      }
    },
    async leaveMessage(values) {
      const id = chatIdRef.current;
      const thread = id ? stateRef.current.threads[id] : undefined;
      const response = await api('/tickets', {
        method: 'POST',
        body: JSON.stringify({
          email: values.email.trim(),
          message: values.message.trim(),
          ...(values.name.trim() ? { name: values.name.trim() } : {}),
          ...(values.department ? { department: values.department } : {}),
          ...(thread && (thread.chat?.status === 'missed' || thread.chat?.status === 'offline') ? { chatId: thread.chatId } : {}),
        }),
      });
      if (response.status !== 201) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        throw new Error(body.error?.message ?? `HTTP ${response.status}`);
      }
    },
  };
}

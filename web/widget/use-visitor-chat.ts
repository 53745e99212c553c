/**
 * The visitor's side of one conversation. The open chat's id is stored, so after a reload the
 * client's first connect resumes it from seq 0 and the whole history comes back; later
 * reconnects resume from the last seq held. A first question goes out with `startChat`, retried
 * with the same clientMessageId until answered, so a flaky network never opens two chats.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { chatReducer, initialChatState, markRead, resumeFrom, type ChatState, type ChatThread } from '../sdk/chat-state';
import { browserEffects } from '../sdk/config';
import { createId } from '../sdk/ids';
import { SocketClient, type ConnectionState, type OutboxEntry } from '../sdk/socket-client';
import type { RuntimeConfig } from '../sdk/types';
import type { KeyValueStore } from '../shared/storage';
import { useConnection } from '../shared/use-connection';
import type { PageContext } from './messages';
import { ensureSession } from './session';

const CHAT_KEY = 'parley.chat';
/** Connects in a row that never opened before the saved token is suspected and renewed. */
const RENEW_AFTER_FAILURES = 3;

export interface StartChatInput {
  readonly text: string;
  readonly name?: string;
  readonly email?: string;
  readonly department?: string;
}

export interface VisitorChat {
  readonly thread: ChatThread | undefined;
  readonly connection: ConnectionState;
  readonly outbox: readonly OutboxEntry[];
  /** The first question while its startChat is in flight. */
  readonly starting: string | undefined;
  start(input: StartChatInput): Promise<void>;
  send(text: string): Promise<void>;
  /** `preview` is the draft so far: the agent reads along. */
  typing(isTyping: boolean, preview?: string): void;
  leave(): Promise<void>;
  startOver(): void;
  markRead(): void;
}

export function useVisitorChat(config: RuntimeConfig, store: KeyValueStore, page: () => PageContext): VisitorChat {
  const [chatId, setChatId] = useState(() => store.get<{ chatId: string }>(CHAT_KEY)?.chatId);
  const chatIdRef = useRef(chatId);
  const [chats, setChats] = useState<ChatState>(() => initialChatState('visitor'));
  const stateRef = useRef(chats);
  const [starting, setStarting] = useState<string>();

  const remember = (id: string | undefined) => {
    chatIdRef.current = id;
    setChatId(id);
    if (id) store.set(CHAT_KEY, { chatId: id });
    else store.remove(CHAT_KEY);
  };

  const client = useMemo(
    () =>
      new SocketClient({
        url: config.websocketUrl,
        token: async (failedAttempts) =>
          (await ensureSession({ httpUrl: config.httpUrl, now: Date.now(), renew: failedAttempts >= RENEW_AFTER_FAILURES }, store)).token,
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

  const { connection, outbox } = useConnection(client, {
    onFrame(frame) {
      stateRef.current = chatReducer(stateRef.current, frame);
      setChats(stateRef.current);
      // A stored chat the server no longer knows (or lets us see) is forgotten, not retried forever.
      if (frame.type === 'error' && (frame.code === 'not_found' || frame.code === 'forbidden')) remember(undefined);
    },
  });

  return {
    thread: chatId ? chats.threads[chatId] : undefined,
    connection,
    outbox,
    starting,
    async start(input) {
      setStarting(input.text);
      try {
        const ack = await client.requestUntilAnswered({
          action: 'startChat',
          text: input.text,
          clientMessageId: createId('m', Math.random),
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
    async send(text) {
      if (chatIdRef.current) await client.sendMessage(chatIdRef.current, text);
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
      remember(undefined);
    },
    markRead() {
      const id = chatIdRef.current;
      if (!id) return;
      stateRef.current = markRead(stateRef.current, id);
      setChats(stateRef.current);
    },
  };
}

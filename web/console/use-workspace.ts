/**
 * The console's live state: one socket client per signed-in session, every frame folded into
 * the chat reducer, presence from `status` frames, and the outbox of unsent replies.
 * After each (re)connect it lists the agent's chats and re-applies the chosen presence; any
 * chat whose history is behind its `lastSeq` (a new assignment, a reload, a gap) is resumed.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { chatReducer, hasGap, initialChatState, markRead, resumeFrom, type ChatState, type ChatThread } from '../sdk/chat-state';
import { browserEffects } from '../sdk/config';
import { createId } from '../sdk/ids';
import { RequestError } from '../sdk/request-error';
import { SocketClient, type ConnectionState, type OutboxEntry } from '../sdk/socket-client';
import type { AckOf, AgentStatus, Attachment, ChatOffer, ClientAction, LiveStats, Outcome, RequestOf, RuntimeConfig, ServerFrame } from '../sdk/types';
import type { KeyValueStore } from '../shared/storage';
import { useConnection } from '../shared/use-connection';
import { notify, playChime } from './alerts';
import { refreshSession, saveSession, SignInUnreachableError, type Session } from './auth';
import { alertKey, type SlaAlert } from './sla-alerts';

export interface Presence {
  readonly status: AgentStatus;
  readonly maxChats?: number;
  /**
   * The agent chose `status` and the server has not confirmed it yet (the request is on its way,
   * or waits for the socket to open). Until then routing does not know: an "online" still pending
   * gets no offers, and a visitor asking meanwhile may be told nobody is online.
   */
  readonly pending?: boolean;
  /** Why the server refused the agent's last choice (shown until they choose again). */
  readonly refused?: string;
}

/** An offer this console shows until it is accepted, declined, lapses or is withdrawn. */
export interface PendingOffer {
  readonly offer: ChatOffer;
  /** Set when the offer lapsed unanswered: shown as missed for a moment, then dropped. */
  readonly missed?: boolean;
}

export interface Workspace {
  readonly chats: ChatState;
  /** Chats offered to this agent, oldest first, and ones just missed. */
  readonly offers: readonly PendingOffer[];
  /** Takes an offered chat and opens it. */
  accept(chatId: string): Promise<void>;
  /** Passes on an offered chat: it goes to the next agent. */
  decline(chatId: string): Promise<void>;
  /** Supervisors and admins: SLA breaches announced while this console is open, oldest first. */
  readonly alerts: readonly SlaAlert[];
  dismissAlert(key: string): void;
  /** Supervisors and admins: the newest live numbers pushed (`liveStats` frames), if any yet. */
  readonly live: LiveStats | undefined;
  readonly connection: ConnectionState;
  readonly presence: Presence;
  readonly outbox: readonly OutboxEntry[];
  readonly selectedId: string | undefined;
  select(chatId: string): void;
  setStatus(status: AgentStatus): Promise<void>;
  send(chatId: string, text: string): Promise<void>;
  /** A message naming a file already uploaded (sdk/attachments.ts); retried with its id until answered. */
  sendFile(chatId: string, attachment: Attachment): Promise<void>;
  typing(chatId: string, isTyping: boolean): void;
  /** An internal note: only staff ever see it. */
  addNote(chatId: string, text: string): Promise<void>;
  close(chatId: string, outcome: Outcome): Promise<void>;
  /** Blocks the chat's visitor across new sessions; the server closes the chat. */
  blockVisitor(chatId: string): Promise<void>;
  /** Goes offline (briefly waiting for the server) and forgets this tab's console state. */
  signOut(): Promise<void>;
  /** Any other request (canned responses, tags, transfer, customer context): its ack, or a RequestError. */
  request<A extends ClientAction>(frame: { action: A } & RequestOf<A>): Promise<AckOf<A>>;
  /** Sends a reply made from a canned response, so the use is counted. */
  sendCanned(chatId: string, text: string, cannedId: string): Promise<void>;
  /** Per chat, kept while the tab lives: the unsent draft and where the transcript was scrolled. */
  readonly drafts: Map<string, string>;
  readonly scrolls: Map<string, number>;
}

const SIGN_OUT_WAIT_MS = 1500;
/** SLA alerts kept on screen at once (the oldest go first). */
const MAX_ALERTS = 5;
/** How long a lapsed offer stays on screen as "Missed". */
const MISSED_SHOWN_MS = 8000;
/** API Gateway checks the token only on connect, so renewing a few minutes early is plenty. */
const REFRESH_BEFORE_MS = 5 * 60 * 1000;

const STATUS_KEY = 'parley.console.status';
const SELECTED_KEY = 'parley.console.selected';
const MAX_CHATS_KEY = 'parley.console.maxChats';

const isOpen = (t: ChatThread) => t.chat?.status !== 'closed' && t.chat?.status !== 'missed';
const isBehind = (t: ChatThread) => resumeFrom(t) < (t.chat?.lastSeq ?? 0) || hasGap(t);

export function useWorkspace(config: RuntimeConfig, session: Session, store: KeyValueStore, onExpired: () => void): Workspace {
  const [chats, setChats] = useState<ChatState>(() => initialChatState('agent'));
  const stateRef = useRef(chats);
  // A reload restores the choice, unconfirmed until the reconnect re-applies it (afterConnect).
  const [presence, setPresence] = useState<Presence>(() => ({
    status: store.get<AgentStatus>(STATUS_KEY) ?? 'offline',
    maxChats: store.get<number>(MAX_CHATS_KEY) ?? session.maxChats,
    pending: store.get<AgentStatus>(STATUS_KEY) !== undefined,
  }));
  /** The status the server last confirmed (an ack or a `status` frame): what stands when a choice is refused. */
  const serverStatus = useRef<AgentStatus>('offline');
  const [selectedId, setSelectedId] = useState<string | undefined>(() => store.get<string>(SELECTED_KEY));
  const client = useMemo(
    () =>
      new SocketClient({
        url: config.websocketUrl,
        token: () => freshToken(),
        WebSocket,
        ...browserEffects,
        resumePoints: () => Object.values(stateRef.current.threads).filter(isOpen).map((t) => ({ chatId: t.chatId, afterSeq: resumeFrom(t) })),
      }),
    [config, session],
  );
  const [offers, setOffers] = useState<readonly PendingOffer[]>([]);
  const [alerts, setAlerts] = useState<readonly SlaAlert[]>([]);
  const [live, setLive] = useState<LiveStats | undefined>();
  const resuming = useRef(new Set<string>());
  const drafts = useRef(new Map<string, string>());
  const scrolls = useRef(new Map<string, number>());
  const current = useRef(session);

  /** The ID token to connect with, renewed first when it is about to expire. */
  const freshToken = async (): Promise<string> => {
    if (current.current.expiresAt - Date.now() > REFRESH_BEFORE_MS) return current.current.idToken;
    try {
      current.current = await refreshSession(config, current.current);
      saveSession(store, current.current);
      return current.current.idToken;
    } catch (error) {
      if (!(error instanceof SignInUnreachableError)) onExpired();
      throw error;
    }
  };

  const apply = (change: (state: ChatState) => ChatState) => {
    stateRef.current = change(stateRef.current);
    setChats(stateRef.current);
  };

  const catchUp = (chatId: string) => {
    const thread = stateRef.current.threads[chatId];
    if (!thread || !isBehind(thread) || resuming.current.has(chatId)) return;
    resuming.current.add(chatId);
    void client
      .request({ action: 'resume', chatId, afterSeq: resumeFrom(thread) })
      .catch(() => undefined)
      .finally(() => resuming.current.delete(chatId));
  };

  const dropOffer = (chatId: string) => setOffers((list) => list.filter((o) => o.offer.chat.chatId !== chatId));

  /** Offers: a chime and a notification for a new one; gone when answered elsewhere; "missed" for a moment when it lapsed. */
  const trackOffers = (frame: ServerFrame) => {
    if (frame.type === 'offer') {
      const { chat } = frame.offer;
      setOffers((list) => [...list.filter((o) => o.offer.chat.chatId !== chat.chatId), { offer: frame.offer }]);
      playChime();
      notify('Chat offered to you', `${chat.visitorName ?? 'A visitor'} is waiting: accept it in the console`, () => window.focus());
    } else if (frame.type === 'offerEnded' && frame.reason === 'expired') {
      setOffers((list) => list.map((o) => (o.offer.chat.chatId === frame.chatId ? { ...o, missed: true } : o)));
      setTimeout(() => dropOffer(frame.chatId), MISSED_SHOWN_MS);
    } else if (frame.type === 'offerEnded') {
      dropOffer(frame.chatId);
    } else if (frame.type === 'chat' && frame.chat.status !== 'queued') {
      dropOffer(frame.chat.chatId);
    }
  };

  /** A breach announced to this supervisor: the alert once per breach, and the chat as a thread (red badge, openable). */
  const trackAlerts = (frame: ServerFrame) => {
    if (frame.type !== 'slaBreach') return;
    const alert: SlaAlert = { breach: frame.breach, chat: frame.chat };
    apply((state) => chatReducer(state, { type: 'chat', chat: frame.chat }));
    // The newest few: a supervisor away for an hour comes back to a list, not a wall.
    setAlerts((list) => (list.some((a) => alertKey(a) === alertKey(alert)) ? list : [...list, alert].slice(-MAX_ALERTS)));
    playChime();
    notify('SLA missed', `${frame.chat.visitorName ?? 'A visitor'}: open the console to see the chat`, () => window.focus());
  };

  /** The server's answer to a setStatus: confirmed unless the agent has chosen again meanwhile (that request's ack will say). */
  const confirmed = (status: AgentStatus) => {
    serverStatus.current = status;
    if (store.get<AgentStatus>(STATUS_KEY) === status) setPresence((p) => ({ ...p, status, pending: false }));
  };

  const afterConnect = async () => {
    const wanted = store.get<AgentStatus>(STATUS_KEY);
    // A reload's old socket can be reported gone after this one opened, and the server then
    // sets an automatic `away`: re-applying the choice makes the last word (this ack) win.
    if (wanted) {
      const ack = await client.request({ action: 'setStatus', status: wanted }).catch(() => undefined);
      if (ack) confirmed(ack.status);
    }
    await client.request({ action: 'listChats' }).catch(() => undefined);
  };

  const { connection, outbox } = useConnection(client, {
    onFrame(frame) {
      apply((state) => chatReducer(state, frame));
      if (frame.type === 'status') {
        // The server's word (this console's change, another tab's, an automatic away): it stands as
        // confirmed, unless it is an older status than a choice still on its way (whose ack follows).
        serverStatus.current = frame.status;
        setPresence((p) => ({ status: frame.status, maxChats: frame.maxChats, pending: p.pending === true && frame.status !== store.get<AgentStatus>(STATUS_KEY) }));
        store.set(MAX_CHATS_KEY, frame.maxChats);
      }
      trackOffers(frame);
      trackAlerts(frame);
      // Two pushes can cross on the wire: keep the newest.
      if (frame.type === 'liveStats') setLive((seen) => (seen && seen.at > frame.stats.at ? seen : frame.stats));
      for (const chatId of Object.keys(stateRef.current.threads)) catchUp(chatId);
    },
    onState(state) {
      if (state === 'open') void afterConnect();
    },
  });

  useEffect(() => {
    const thread = selectedId ? chats.threads[selectedId] : undefined;
    if (thread && thread.unread > 0 && document.visibilityState === 'visible') apply((state) => markRead(state, thread.chatId));
  }, [chats, selectedId]);

  return {
    chats,
    offers,
    async accept(chatId) {
      await client.request({ action: 'acceptOffer', chatId }).finally(() => dropOffer(chatId));
      setSelectedId(chatId);
      store.set(SELECTED_KEY, chatId);
    },
    async decline(chatId) {
      await client.request({ action: 'declineOffer', chatId }).finally(() => dropOffer(chatId));
    },
    alerts,
    live,
    dismissAlert(key) {
      setAlerts((list) => list.filter((a) => alertKey(a) !== key));
    },
    connection,
    presence,
    outbox,
    selectedId,
    select(chatId) {
      setSelectedId(chatId);
      store.set(SELECTED_KEY, chatId);
    },
    async setStatus(status) {
      // The choice is shown at once, as pending until the server confirms it, and re-applied
      // after every reconnect; `status` frames from the server (another tab, automatic away) correct it.
      store.set(STATUS_KEY, status);
      setPresence(({ refused: _refused, ...p }) => ({ ...p, status, pending: true }));
      try {
        const ack = await client.request({ action: 'setStatus', status });
        confirmed(ack.status);
      } catch (error) {
        // A refusal is final: the choice did not take, so show the status that stands, and why,
        // instead of "Confirming…" for good. A dropped socket is no refusal: the reconnect
        // re-applies the choice (afterConnect).
        const dropped = error instanceof RequestError && (error.code === 'disconnected' || error.code === 'closed');
        if (!dropped && store.get<AgentStatus>(STATUS_KEY) === status) {
          const stands = serverStatus.current;
          store.set(STATUS_KEY, stands);
          setPresence((p) => ({ ...p, status: stands, pending: false, refused: `Status not changed: ${error instanceof Error ? error.message : String(error)}` }));
        }
        throw error;
      }
    },
    async send(chatId, text) {
      await client.sendMessage(chatId, text);
    },
    async addNote(chatId, text) {
      // The ack goes through the reducer like any frame; the id makes a resend harmless.
      await client.requestUntilAnswered({ action: 'addNote', chatId, text, clientNoteId: createId('n', Math.random) });
    },
    typing(chatId, isTyping) {
      client.signal({ action: 'typing', chatId, isTyping });
    },
    async close(chatId, outcome) {
      await client.request({ action: 'closeChat', chatId, outcome });
    },
    async blockVisitor(chatId) {
      await client.request({ action: 'blockVisitor', chatId });
    },
    // The same signature as the client's; TypeScript cannot re-check a generic passed through.
    request: ((frame: never) => client.request(frame)) as Workspace['request'],
    async sendFile(chatId, attachment) {
      await client.requestUntilAnswered({ action: 'sendMessage', chatId, text: '', attachments: [attachment], clientMessageId: createId('m', Math.random) });
    },
    async sendCanned(chatId, text, cannedId) {
      await client.requestUntilAnswered({ action: 'sendMessage', chatId, text, cannedId, clientMessageId: createId('m', Math.random) });
    },
    drafts: drafts.current,
    scrolls: scrolls.current,
    async signOut() {
      // Offline first, so routing stops offering chats to someone who left; a dead connection
      // must not keep the agent from signing out, hence the bounded wait.
      const offline = client.request({ action: 'setStatus', status: 'offline' }).catch(() => undefined);
      await Promise.race([offline, browserEffects.sleep(SIGN_OUT_WAIT_MS)]);
      for (const key of [STATUS_KEY, SELECTED_KEY, MAX_CHATS_KEY]) store.remove(key);
    },
  };
}

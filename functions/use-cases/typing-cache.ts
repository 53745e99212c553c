/**
 * Typing indicators only: what this function instance read in the last few seconds, so most
 * typing frames cost one read or none (docs/decisions.md, "Typing indicators"):
 * - chats (who the participants are, whether open): an AGENT's frame, which never carries a
 *   draft, may go on an entry younger than the TTL that names the caller as the open chat's
 *   agent. A visitor's frame (it may carry their draft) always reads the chat now, so a preview
 *   never reaches an agent who left the chat; any age of entry only guesses whose sockets to
 *   read in that same request.
 * - each user's socket ids: a connection id is one user's for good, so a list read a moment
 *   ago never reaches anyone but that user; a socket opened within the TTL may miss indicators
 *   until the entry expires (never a message: sendMessage reads the list after its write and
 *   never uses this); a socket found gone leaves the entry at once.
 * Messages never use this.
 */
import type { ChatRecord } from '../domain/chat';
import type { DeliverDeps } from './deliver';

export const TYPING_CACHE_TTL_MS = 5_000;
/** Bounds the memory of each map: the oldest entries go first. */
const MAX_ENTRIES = 10_000;

/** What typing needs of a chat. */
export type TypingChat = Pick<ChatRecord, 'chatId' | 'visitorId' | 'agentId' | 'status'>;

type ConnectionReads = DeliverDeps['store'];

class Recent<T> {
  private readonly entries = new Map<string, { value: T; readAt: number }>();

  constructor(private readonly ttlMs: number) {}

  /** The value if read less than the TTL before `now` (and not in its future: a clock step back). */
  fresh(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    return entry && now - entry.readAt < this.ttlMs && now >= entry.readAt ? entry.value : undefined;
  }

  /** The value however old. */
  last(key: string): T | undefined {
    return this.entries.get(key)?.value;
  }

  keep(key: string, value: T, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, readAt: now });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export class TypingCache {
  private readonly chats: Recent<TypingChat>;
  private readonly sockets: Recent<string[]>;

  constructor(ttlMs = TYPING_CACHE_TTL_MS) {
    this.chats = new Recent(ttlMs);
    this.sockets = new Recent(ttlMs);
  }

  /** The chat as read less than the TTL ago. */
  freshChat(chatId: string, now: number): TypingChat | undefined {
    return this.chats.fresh(chatId, now);
  }

  /** The chat as last read, however long ago: a guess at its participants, never the truth. */
  lastChat(chatId: string): TypingChat | undefined {
    return this.chats.last(chatId);
  }

  keepChat(chat: TypingChat, now: number): void {
    const { chatId, visitorId, agentId, status } = chat;
    this.chats.keep(chatId, { chatId, visitorId, status, ...(agentId === undefined ? {} : { agentId }) }, now);
  }

  keepSockets(connections: ReadonlyMap<string, readonly string[]>, now: number): void {
    for (const [userId, ids] of connections) this.sockets.keep(userId, [...ids], now);
  }

  /** `store` answering from socket lists younger than the TTL; the rest is read in one call and kept. */
  over(store: ConnectionReads, now: number): ConnectionReads {
    return {
      listConnectionsOf: async (userIds) => {
        const found = new Map<string, string[]>();
        for (const userId of userIds) {
          const ids = this.sockets.fresh(userId, now);
          if (ids) found.set(userId, [...ids]);
        }
        const missing = userIds.filter((userId) => !found.has(userId));
        if (missing.length === 0) return found;
        const read = await store.listConnectionsOf(missing);
        this.keepSockets(read, now);
        for (const [userId, ids] of read) found.set(userId, ids);
        return found;
      },
      deleteConnection: async (connectionId, userId, connectedBefore) => {
        const ids = this.sockets.last(userId);
        if (ids?.includes(connectionId)) ids.splice(ids.indexOf(connectionId), 1);
        return store.deleteConnection(connectionId, userId, connectedBefore);
      },
    };
  }
}

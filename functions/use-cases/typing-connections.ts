/**
 * Typing indicators only: each recipient's connection ids as read in the last few seconds, in
 * this function instance's memory, so most typing frames cost no connection read (an agent's
 * sockets serve every one of their chats' visitors). Safe for a frame nobody needs twice:
 * - a connection id is one user's for good, so a list read a moment ago never reaches anyone
 *   but that user, and whose list it is comes from the chat read just now (participants are
 *   never cached: a transferred chat's visitor types to the new agent at once);
 * - a socket opened within the last TTL may miss indicators until the entry expires (the next
 *   message reaches it: sendMessage always reads the list after its write, see deliver.ts);
 * - a socket found gone leaves the entry at once.
 * Messages never use this.
 */
import type { DeliverDeps } from './deliver';

export const TYPING_CONNECTIONS_TTL_MS = 5_000;
/** Bounds the memory: the oldest entries go first. */
const MAX_USERS = 10_000;

type ConnectionReads = DeliverDeps['store'];

export class TypingConnections {
  private readonly entries = new Map<string, { ids: string[]; readAt: number }>();

  constructor(private readonly ttlMs = TYPING_CONNECTIONS_TTL_MS) {}

  /** `store` answering from entries younger than the TTL; the rest is read in one call and kept. */
  over(store: ConnectionReads, now: number): ConnectionReads {
    return {
      listConnectionsOf: async (userIds) => {
        const found = new Map<string, string[]>();
        const missing: string[] = [];
        for (const userId of userIds) {
          const entry = this.entries.get(userId);
          if (entry && now - entry.readAt < this.ttlMs && now >= entry.readAt) found.set(userId, [...entry.ids]);
          else missing.push(userId);
        }
        if (missing.length === 0) return found;
        for (const [userId, ids] of await store.listConnectionsOf(missing)) {
          found.set(userId, ids);
          this.keep(userId, ids, now);
        }
        return found;
      },
      deleteConnection: async (connectionId, userId, connectedBefore) => {
        const entry = this.entries.get(userId);
        if (entry) entry.ids = entry.ids.filter((id) => id !== connectionId);
        return store.deleteConnection(connectionId, userId, connectedBefore);
      },
    };
  }

  private keep(userId: string, ids: readonly string[], now: number): void {
    this.entries.delete(userId);
    this.entries.set(userId, { ids: [...ids], readAt: now });
    if (this.entries.size > MAX_USERS) this.entries.delete(this.entries.keys().next().value as string);
  }
}

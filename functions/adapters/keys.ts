/**
 * The single-table keys of docs/decisions.md, in one place. Seqs are zero-padded so that
 * string order is numeric order (`MSG#0000000010` after `MSG#0000000009`).
 */
import { MAX_PRIORITY } from '../domain/routing';

export const META = 'META';

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const keys = {
  chat: (chatId: string) => ({ pk: `CHAT#${chatId}`, sk: META }),
  message: (chatId: string, seq: number) => ({ pk: `CHAT#${chatId}`, sk: `MSG#${pad(seq, 10)}` }),
  clientMessage: (chatId: string, clientMessageId: string) => ({ pk: `CHAT#${chatId}`, sk: `CMID#${clientMessageId}` }),
  note: (chatId: string, clientNoteId: string) => ({ pk: `CHAT#${chatId}`, sk: `NOTE#${clientNoteId}` }),
  /** One per SLA timer that breached (`<target>#<startedAt>`): a breach is recorded once. */
  slaBreach: (chatId: string, key: string) => ({ pk: `CHAT#${chatId}`, sk: `SLA#${key}` }),
  feedback: (chatId: string, kind: string) => ({ pk: `CHAT#${chatId}`, sk: `FEEDBACK#${kind}` }),
  visitorChat: (visitorId: string, createdAt: number, chatId: string) => ({ pk: `VISITOR#${visitorId}`, sk: `CHAT#${pad(createdAt, 13)}#${chatId}` }),
  visitorStart: (visitorId: string, clientMessageId: string) => ({ pk: `VISITOR#${visitorId}`, sk: `START#${clientMessageId}` }),
  visitorProfile: (visitorId: string) => ({ pk: `VISITOR#${visitorId}`, sk: 'PROFILE' }),
  /** An anonymous visitor id linked to this verified contact (the same person before logging in). */
  visitorAlias: (contactId: string, aliasId: string) => ({ pk: `VISITOR#${contactId}`, sk: `ALIAS#${aliasId}` }),
  /** An e-mail address the contact gave (session, pre-chat form, ticket); gsi1 `EMAIL#<address>` finds the contact by it. */
  contactEmail: (visitorId: string, email: string) => ({ pk: `VISITOR#${visitorId}`, sk: `EMAIL#${email}` }),
  /** The contact's offline-form tickets, so an export or erasure finds them without a scan. */
  visitorTicket: (visitorId: string, ticketId: string) => ({ pk: `VISITOR#${visitorId}`, sk: `TICKET#${ticketId}` }),
  /** The erasure's progress marker and audit record (GDPR): ids and counts only, never personal data. */
  erasure: (visitorId: string) => ({ pk: `ERASURE#${visitorId}`, sk: META }),
  agentProfile: (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'PROFILE' }),
  agentDepartment: (agentId: string, department: string) => ({ pk: `AGENT#${agentId}`, sk: `DEPT#${department}` }),
  agentChat: (agentId: string, chatId: string) => ({ pk: `AGENT#${agentId}`, sk: `CHAT#${chatId}` }),
  agentOffer: (agentId: string, chatId: string) => ({ pk: `AGENT#${agentId}`, sk: `OFFER#${chatId}` }),
  /** One closed chat's handle time, newest last in its department's partition (the queue's wait estimate reads the newest N). */
  handleTime: (department: string, closedAt: number, chatId: string) => ({ pk: `DEPT#${department}#HANDLED`, sk: `${String(closedAt).padStart(15, '0')}#${chatId}` }),
  handleTimes: (department: string) => `DEPT#${department}#HANDLED`,
  ticket: (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: META }),
  connection: (connectionId: string) => ({ pk: `CONN#${connectionId}`, sk: META }),
  /**
   * A user's open sockets, all in one item (one attribute per socket, `connectionAttribute`):
   * a delivery reads every recipient's in one BatchGetItem, by key.
   */
  userConnections: (userId: string) => ({ pk: `USER#${userId}`, sk: 'CONNS' }),
  /** A supervisor's or admin's open console: who gets the live SLA alerts. */
  watcher: (connectionId: string) => ({ pk: 'WATCHERS', sk: `CONN#${connectionId}` }),
  processedEvent: (consumer: string, eventId: string) => ({ pk: `EVENT#${consumer}#${eventId}`, sk: 'DONE' }),
  canned: (ownerId: string, shortcut: string) => ({ pk: `CANNED#${ownerId}`, sk: `SC#${shortcut}` }),
  /** Keyed by its author and their client id (a retry finds it); listed newest first through gsi1 `TEAMFEEDBACK`. */
  teamFeedback: (authorId: string, clientFeedbackId: string) => ({ pk: `TEAMFB#${authorId}#${clientFeedbackId}`, sk: 'META' }),
  usedTag: (tag: string) => ({ pk: 'TAGS', sk: `TAG#${tag}` }),
  rateCounter: (key: string, window: number) => ({ pk: `RATE#${key}`, sk: `W#${pad(window, 13)}` }),
  block: (subject: string) => ({ pk: `BLOCK#${subject}`, sk: META }),
  /** Rollups: one partition per dimension and month (LIVE: `now`), sorted by bucket then value. */
  rollupPartition: (dim: string, month: string) => `METRIC#${dim}#${month}`,
  rollup: (dim: string, bucket: string, value: string) => ({ pk: `METRIC#${dim}#${bucket.slice(0, 7)}`, sk: `${bucket}#${value}` }),
  chatConverted: (chatId: string) => ({ pk: `CHAT#${chatId}`, sk: 'CONVERTED' }),
  metricState: (kind: string, id: string) => ({ pk: `MSTATE#${kind}#${id}`, sk: 'STATE' }),
  /** When the live numbers were last pushed to supervisors, and when the next push is set for. */
  livePush: () => ({ pk: 'METRIC#LIVE#push', sk: 'PUSH' }),
};

/**
 * A waiting chat in its department's queue index, in routing order: higher priority first
 * (stored as MAX_PRIORITY − priority so that ascending order is descending priority), then oldest.
 */
export const queueKeys = (department: string, createdAt: number, chatId: string, priority = 0) => ({
  gsi1pk: `QUEUE#${department}`,
  gsi1sk: `${pad(MAX_PRIORITY - Math.min(MAX_PRIORITY, Math.max(0, priority)), 4)}#${pad(createdAt, 13)}#${chatId}`,
});

export const onlineKeys = (department: string, agentId: string) => ({ gsi1pk: `ONLINE#${department}`, gsi1sk: agentId });

export const GSI1 = 'gsi1';
export const SEQ_MAX = 'MSG#9999999999';

/** The attribute of the `userConnections` item that holds one socket: `{ at: connectedAt (ms), exp: its TTL (epoch s) }`. */
export const CONNECTION_ATTRIBUTE_PREFIX = 'C#';
export const connectionAttribute = (connectionId: string): string => `${CONNECTION_ATTRIBUTE_PREFIX}${connectionId}`;

/**
 * The connection ids a `userConnections` item holds, except those past their TTL (a socket
 * whose $disconnect was lost: the item lives on while the user keeps connecting).
 */
export function connectionIdsOf(item: Record<string, unknown> | undefined, nowSeconds: number): string[] {
  return socketAttributes(item, nowSeconds, true).map((name) => name.slice(CONNECTION_ATTRIBUTE_PREFIX.length));
}

/** The socket attribute names of a `userConnections` item that are live (or, with `live` false, past their TTL). */
export function socketAttributes(item: Record<string, unknown> | undefined, nowSeconds: number, live: boolean): string[] {
  return Object.entries(item ?? {})
    .filter(([name, value]) => name.startsWith(CONNECTION_ATTRIBUTE_PREFIX) && Number((value as { exp?: unknown } | undefined)?.exp) > nowSeconds === live)
    .map(([name]) => name);
}

/** A message item's copy of the chat fields its append sets with lastSeq (dynamo-messages.ts); not part of the message. */
export const ADVANCE = 'advance';

/** Drops the key attributes and the store's own bookkeeping, leaving the record the domain knows. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, ttl: _ttl, type: _type, [ADVANCE]: _advance, ...rest } = item;
  return rest as T;
}

/**
 * The smallest interfaces the use cases need. Adapters implement them over AWS; tests
 * implement them in memory.
 */
import type { ParleyEvent } from '../contracts/events';
import type { Ticket } from '../contracts/http';
import type { Timer, TimerMessage } from '../contracts/timers';
import type { DeploymentConfig } from '../contracts/config';
import type { ContactExport, ContactProfile, ErasureCounts, ErasureRecord } from '../contracts/contacts';
import type { AgentStatus, CannedResponse, ChatFeedback, ChatMessage, ChatNote, Outcome, Role, SenderRole, ServerFrame, TeamFeedback, TicketStatus } from '../contracts/frames';
import type { ChatRecord } from '../domain/chat';
import type { LivePushDecision } from '../domain/live-stats';
import type { Dim, FoldState, MetricUpdate } from '../domain/metrics';
import type { RollupRow } from '../domain/reports';
import type { BlockRecord } from '../domain/blocks';
import type { WindowCount } from '../domain/rate-limits';
import type { AgentProfile } from '../domain/routing';
import type { SlaBreach } from '../domain/sla';
import type { DeclaredFile, StoredObject } from '../domain/attachments';
import type { ConnectionLimiter } from './connection-limits';
import type { LivePushGate } from './live-stats';
import type { QueuePushGate } from './queue-updates';
import type { TypingCache } from './typing-cache';

export interface ConnectionRecord {
  connectionId: string;
  userId: string;
  role: Role;
  connectedAt: number;
}

export interface NewChat {
  chat: ChatRecord;
  firstMessage?: ChatMessage;
  /** The visitor's clientMessageId for startChat, when one was given. */
  startKey?: string;
  /** The ticket an `offline` chat becomes at once, written with it. */
  ticket?: Ticket;
}

export interface AppendMessage {
  message: ChatMessage;
  /** lastSeq the message was built on (its seq is prevSeq + 1); the write fails if another message took that seq. */
  prevSeq: number;
  /** Set when this is the agent's first reply. */
  firstResponseAt?: number;
  /** The visitor's rate window after this message, written with it (no extra call). */
  visitorRate?: WindowCount;
  /** `start`: a visitor message now waits for the agent's reply (since the message's time); `stop`: the agent answered. */
  replyWait?: 'start' | 'stop';
  /**
   * Runs once the message itself is written, beside the move of lastSeq: what needs only the
   * message (its delivery) does not wait for that last write. The append waits for both and
   * fails if either does. Not run when the message turns out to be a duplicate.
   */
  whenWritten?: () => Promise<void>;
}

export interface CloseChat {
  chat: ChatRecord;
  closedBy: SenderRole;
  outcome?: Outcome;
  tags: string[];
  now: number;
}

export interface TransferToAgent {
  chat: ChatRecord & { agentId: string };
  to: AgentProfile;
  now: number;
}

export interface RequeueChat {
  chat: ChatRecord & { agentId: string };
  department: string;
  now: number;
  /** A new priority for the chat (an urgent transfer); absent: it keeps its own. */
  priority?: number;
}

export interface ChatStore {
  getChat(chatId: string): Promise<ChatRecord | undefined>;
  /** Throws DuplicateStartError when the startKey already made a chat. */
  createChat(input: NewChat): Promise<void>;
  findStartedChat(visitorId: string, startKey: string): Promise<string | undefined>;
  /** The visitor's most recent chats, newest first. */
  listVisitorChats(visitorId: string, limit: number): Promise<ChatRecord[]>;
  /** Throws SeqConflictError (lastSeq moved or chat closed) or DuplicateMessageError. */
  appendMessage(chatId: string, input: AppendMessage): Promise<void>;
  findMessageByClientId(chatId: string, clientMessageId: string): Promise<ChatMessage | undefined>;
  listMessages(chatId: string, afterSeq: number, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }>;
  /** Writes the note once per clientNoteId; returns what is stored (the original on a retry). */
  addNote(note: ChatNote): Promise<ChatNote>;
  /** A chat's internal notes, oldest first. */
  listNotes(chatId: string): Promise<ChatNote[]>;
  /** A department's waiting, unoffered chats in routing order: highest priority first, then oldest. */
  listQueue(department: string, limit: number): Promise<ChatRecord[]>;
  /** Throws ChatNotOpenError when the chat is already closed (or its offer moved on: re-read and retry). */
  closeChat(input: CloseChat): Promise<void>;
  /**
   * Moves an assigned chat from its agent to another in one transaction (the old agent freed,
   * the new one charged). Throws ChatChangedError when the chat is no longer the old agent's and
   * AssignmentConflictError(false, true) when the new agent is not online with room.
   */
  transferToAgent(input: TransferToAgent): Promise<void>;
  /** Puts an assigned chat back in a department's queue and frees its agent; ChatChangedError as above. */
  requeueChat(input: RequeueChat): Promise<void>;
  /** Replaces the chat's tags if its tagsVersion is still `prevVersion`, and remembers the tags as used; else ChatChangedError. */
  setTags(chatId: string, tags: readonly string[], prevVersion: number): Promise<void>;
  /** Tags used on any chat before, alphabetically (bounded). */
  listUsedTags(limit: number): Promise<string[]>;
}

/** Canned responses per owner: `shared` (the team's) or an agent's id (personal). */
export interface CannedStore {
  listCanned(ownerId: string, limit: number): Promise<CannedResponse[]>;
  getCannedByShortcut(ownerId: string, shortcut: string): Promise<CannedResponse | undefined>;
  /** Writes `canned` under its shortcut, replacing `previous` (an edit, maybe of the shortcut). Throws DuplicateShortcutError when another response owns it. */
  putCanned(ownerId: string, canned: CannedResponse, previous?: CannedResponse): Promise<void>;
  deleteCanned(ownerId: string, canned: CannedResponse): Promise<void>;
}

/** An offer of a queued chat to one agent (docs/decisions.md, "Offers"). */
export interface NewOffer {
  chat: ChatRecord;
  agent: AgentProfile;
  expiresAt: number;
  /** The chat's offerAttempt after this offer (previous + 1). */
  attempt: number;
  now: number;
}

export interface RoutingStore {
  /**
   * One transaction: the chat is still queued and unoffered at its last attempt AND the agent is
   * online and under capacity → the chat is offered (out of the queue index) and the agent's load
   * goes up by one. Throws AssignmentConflictError saying which side was lost.
   */
  offerChat(offer: NewOffer): Promise<void>;
  /** The offered agent takes the chat: queued → assigned, load unchanged. Throws OfferLostError. */
  acceptOffer(chat: ChatRecord, agentName: string, now: number): Promise<void>;
  /**
   * The offer ends without Accept: the chat returns to the queue (or, when `missed`, becomes missed)
   * with the agent in passedBy (unless `passed` is false: they never saw it), and the agent's load
   * goes down. Throws OfferLostError.
   */
  endOffer(chat: ChatRecord, outcome: 'requeue' | 'missed', now: number, passed?: boolean): Promise<void>;
  /** A queued, unoffered chat becomes missed. Throws AssignmentConflictError(chatLost) when it is not. */
  markMissed(chat: ChatRecord, now: number): Promise<void>;
  /** Raises a queued chat's priority (never lowers it); false when the chat is not queued or already as high. */
  raisePriority(chatId: string, priority: number): Promise<boolean>;
  /** Records a closed chat's handle time (ms), once per chat however often it is recorded. */
  recordHandleTime(department: string, chatId: string, handleMs: number, closedAt: number): Promise<void>;
  /** The department's newest `count` handle times (ms). */
  recentHandleTimes(department: string, count: number): Promise<number[]>;
  /**
   * Remembers what a queued chat's visitor is told, computed from a queue read at `readAt`; false
   * (tell nothing) when the chat left the queue, a newer read was already told, or this very notice was.
   */
  setQueueNotice(chatId: string, notice: string, readAt: number): Promise<boolean>;
  /**
   * The department's queue moved at `now`: push its positions now, set a push for later, or
   * nothing (one is set and will read this move). At most one push a second per department.
   */
  claimQueuePush(department: string, now: number): Promise<LivePushDecision>;
  /** Notes a push of the department's positions at `now` (and that none is set any more). */
  markQueuePushed(department: string, now: number): Promise<void>;
}

export interface TicketStore {
  /** Stores an offline-form ticket (once per ticketId). */
  putTicket(ticket: Ticket): Promise<void>;
  /** The newest tickets first: only those with `status` when given. */
  listTickets(limit: number, status?: TicketStatus): Promise<Ticket[]>;
  getTicket(ticketId: string): Promise<Ticket | undefined>;
  /**
   * Moves the ticket to `change.status` if its statusVersion is still `change.fromVersion`
   * (statusVersion becomes fromVersion + 1): the ticket after it, or undefined when it has moved
   * meanwhile or is gone.
   */
  setTicketStatus(ticketId: string, change: TicketStatusChange): Promise<Ticket | undefined>;
}

export interface TeamFeedbackStore {
  /** Stores feedback once per author and client id: the stored one (the original on a retry). */
  putTeamFeedback(clientFeedbackId: string, feedback: TeamFeedback): Promise<TeamFeedback>;
  /** The newest first. */
  listTeamFeedback(limit: number): Promise<TeamFeedback[]>;
}

export interface ErasureHooks {
  eraseFiles(chatId: string): Promise<number>;
  ticketsGoing(tickets: readonly { ticketId: string; department: string; open: boolean }[]): Promise<void>;
}

export interface TicketStatusChange {
  status: TicketStatus;
  fromVersion: number;
  by: string;
  at: number;
}

/** Delayed work (an SQS delay queue in the cloud; the local runtime's copy of it on a laptop). */
export interface Timers {
  /** Asks for `timer` to be delivered to the timers function at `dueAt` (epoch ms), at least once. */
  schedule(timer: Timer, dueAt: number): Promise<void>;
  /** Schedules several timers at once (one request per ten in SQS); nothing for an empty list. */
  scheduleAll(timers: readonly TimerMessage[]): Promise<void>;
}

export interface AgentStore {
  getAgent(agentId: string): Promise<AgentProfile | undefined>;
  /** Creates the profile on first connect (offline, default capacity); refreshes name/departments after. */
  upsertAgent(profile: Omit<AgentProfile, 'status' | 'activeChats' | 'lastAssignedAt' | 'autoAway'>): Promise<void>;
  /**
   * Sets the status and the per-department presence items routing queries; remembers whether an
   * `away` was automatic; forgets `disconnectedAt`. With `onlyIfDisconnectedAt`, only while the
   * agent is still online and without a socket since exactly then: false (nothing written) otherwise.
   */
  setAgentStatus(agent: AgentProfile, status: AgentStatus, now: number, automatic?: boolean, onlyIfDisconnectedAt?: number): Promise<boolean>;
  /**
   * An online agent's last console socket closed at `at`: sets `disconnectedAt` (one already set is
   * kept). Returns the time stored, or undefined (nothing written) when the agent is not online.
   */
  markDisconnected(agentId: string, at: number): Promise<number | undefined>;
  /** A console socket of the agent is open: removes `disconnectedAt`; returns what it was, or undefined when none was set. */
  markReconnected(agentId: string): Promise<number | undefined>;
  /** Agents currently online in a department. */
  listOnlineAgents(department: string): Promise<AgentProfile[]>;
  /** Whether anyone is present in the department: online, and with a console or within `graceMs` of their last one closing (isPresent). */
  anyonePresent(department: string, now: number, graceMs: number): Promise<boolean>;
  listAgentChats(agentId: string): Promise<ChatRecord[]>;
  /** Queued chats offered to the agent and not yet answered (accepted, declined or lapsed). */
  listAgentOffers(agentId: string): Promise<ChatRecord[]>;
}

export interface ConnectionStore {
  putConnection(connection: ConnectionRecord, ttlSeconds: number): Promise<void>;
  /**
   * Deletes both items of a connection. With `connectedBefore` (epoch ms), only a connection
   * that opened before then: a socket still inside its `$connect` answers 410 too, and must
   * not lose its items for it.
   */
  deleteConnection(connectionId: string, userId: string, connectedBefore?: number): Promise<void>;
  listConnections(userId: string): Promise<string[]>;
  /** Every listed user's open sockets, read together (one request, by key): user id → connection ids. */
  listConnectionsOf(userIds: readonly string[]): Promise<Map<string, string[]>>;
  /** A chat and the listed users' open sockets, read together (one request, by key; typing indicators). */
  getChatWithConnections(chatId: string, userIds: readonly string[]): Promise<{ chat: ChatRecord | undefined; connections: Map<string, string[]> }>;
}

/** What the platform knows of a visitor: given by the widget, or proven (userId, address). */
export interface VisitorProfile {
  name?: string;
  email?: string;
  /** The site's own user id, when the site signed it (identity verification). */
  userId?: string;
  /** The network address the latest session was created from (for blocking). */
  address?: string;
}

export interface VisitorStore {
  saveVisitorProfile(visitorId: string, profile: VisitorProfile, now: number): Promise<void>;
  getVisitorProfile(visitorId: string): Promise<VisitorProfile | undefined>;
  /**
   * Links an anonymous visitor id (what this browser was before its user logged in) to the
   * verified contact's, so staff see that history with the contact's. Idempotent.
   */
  linkVisitor(contactId: string, aliasId: string, now: number): Promise<void>;
  /** The anonymous visitor ids linked to a contact (at most `limit`). */
  listVisitorAliases(contactId: string, limit: number): Promise<string[]>;
}

export interface AbuseStore {
  /** Counts one hit on `key` in `window`; false (nothing counted) once `max` were counted. */
  countHit(key: string, window: number, max: number, ttlSeconds: number): Promise<boolean>;
  /** Writes the blocks (idempotent: a repeat overwrites them with the same subject). */
  putBlocks(blocks: readonly BlockRecord[]): Promise<void>;
  /** The first live block among `subjects`, if any. */
  findBlock(subjects: readonly string[], nowSeconds: number): Promise<BlockRecord | undefined>;
}

export interface MetricStateKeys {
  agent?: string;
  /** A second agent's presence (chat.transferred to a named agent); stored as an agent's state. */
  toAgent?: string;
  chat?: string;
  visitor?: string;
}

export interface RollupRead {
  counters?: readonly string[];
  value?: string;
  days?: readonly string[];
}

/** Epoch seconds after which DynamoDB may drop the event marker and the chat/visitor state. */
export interface MetricTtls {
  marker: number;
  state: number;
}

export interface MetricStore {
  loadMetricState(keys: MetricStateKeys): Promise<FoldState>;
  /**
   * Adds the counters and writes the state once per eventId; 'duplicate' when the event was
   * already counted. Throws MetricStateConflictError (nothing written) when the state moved.
   */
  applyMetrics(eventId: string, update: MetricUpdate, ttl: MetricTtls): Promise<'applied' | 'duplicate'>;
  /**
   * Rollup rows of a dimension with buckets in [from, to] (yyyy-mm-dd, or yyyy-mm-ddThh for ALL); LIVE: from = to = 'now'.
   * `counters`: read only these (a report's own columns; a row then carries no members).
   * `value` with `days`: only that agent's, department's or tag's rows of those days (read by key).
   */
  readRollups(dim: Dim, from: string, to: string, options?: RollupRead): Promise<RollupRow[]>;
  /** Display names of agents from their profiles (an unknown id is left out). */
  agentNames(agentIds: readonly string[]): Promise<Map<string, string>>;
  /** Decides, atomically, whether a change of the live numbers at `now` pushes now, sets a push for later, or is covered by one set (domain/live-stats.ts). */
  claimLivePush(now: number): Promise<LivePushDecision>;
  /** Notes a push at `now` (and that no push is set any more). */
  markLivePushed(now: number): Promise<void>;
  /** Marks the chat converted by `conversionId`; true when that conversion is the chat's first (also on its retries). */
  markConverted(chatId: string, conversionId: string): Promise<boolean>;
}

export interface FeedbackStore {
  /** Writes the chat's rating or survey answer once per chat and kind; `created: false` returns the one stored before. */
  saveFeedback(feedback: ChatFeedback): Promise<{ stored: ChatFeedback; created: boolean }>;
}

/** Where a breach stands: `new` (just recorded), `unsent` (recorded, not yet announced), `sent`. */
export type BreachState = 'new' | 'unsent' | 'sent';

export interface SlaStore {
  /**
   * Records a breach once per timer (chat, target, start) and puts it on the chat (the console's
   * badge), raising the chat's priority to `raisePriorityTo` if given. A repeat delivery gets
   * the state and the breach the first one recorded.
   */
  recordSlaBreach(breach: SlaBreach, raisePriorityTo?: number): Promise<{ state: BreachState; breach: SlaBreach }>;
  /** Marks the breach announced (event published, supervisors told). */
  markSlaBreachSent(breach: SlaBreach): Promise<void>;
  /** userIds of supervisors and admins with a console open. */
  listWatchers(): Promise<string[]>;
}

export type Store = ChatStore & RoutingStore & TicketStore & TeamFeedbackStore & AgentStore & ConnectionStore & VisitorStore & MetricStore & CannedStore & FeedbackStore & AbuseStore & SlaStore;

export interface Push {
  send(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'>;
}

export interface Publisher {
  publish(events: readonly ParleyEvent[]): Promise<void>;
}

export interface Clock {
  now(): number;
  /** Waits `ms` (a timer); absent: a real timer. Tests pass a clock that moves instead. */
  sleep?(ms: number): Promise<void>;
}

export interface Ids {
  /** A new unique id with a readable prefix (`c` chat, `v` visitor, `m` message). */
  next(prefix: string): string;
}

export interface VisitorTokens {
  sign(visitorId: string, expiresAt: number): Promise<string>;
  /** The visitorId a valid token proves, or undefined. */
  verify(token: string): Promise<string | undefined>;
}

/** The contact's stored data, read and erased for the admin privacy API (GDPR). Not on any request path a visitor or agent uses. */
export interface ContactStore {
  /** Visitor ids whose contact gave this (normalized) e-mail address. */
  findByEmail(email: string): Promise<string[]>;
  /** What identifies the contact and their chats (newest first) and tickets; undefined when nothing is stored. */
  overview(visitorId: string): Promise<ContactOverview | undefined>;
  /** Everything stored under this one visitor id, for an export; blocks on the given subjects. */
  readContact(visitorId: string, blockSubjects: readonly string[]): Promise<Omit<ContactExport, 'format' | 'version' | 'exportedAt' | 'linkedVisitors'>>;
  /** The anonymous visitor ids linked to this contact (`ALIAS#` items written at a verified login). */
  aliasesOf(visitorId: string): Promise<string[]>;
  /** Removes the link to an alias (after everything of the alias is erased). */
  unlinkAlias(visitorId: string, aliasId: string): Promise<void>;
  getErasure(visitorId: string): Promise<ErasureRecord | undefined>;
  /** Marks an erasure running (the progress marker), keeping the totals of earlier runs. */
  beginErasure(visitorId: string, requestedBy: string, now: number): Promise<ErasureRecord>;
  /**
   * Deletes the next part of one visitor id (blocks, connections, tickets, one chat, the rest);
   * undefined once nothing is left. `hooks.eraseFiles(chatId)` runs before a chat's records go
   * (the chat's files in the object store) and says how many it deleted;
   * `hooks.ticketsGoing(tickets)` runs before tickets are deleted (their events).
   */
  eraseNext(visitorId: string, blockSubjects: readonly string[], hooks: ErasureHooks): Promise<ErasureCounts | undefined>;
  /** Adds `counts` to the marker's totals; `done` closes it. */
  recordErasure(visitorId: string, counts: ErasureCounts, now: number, done: boolean): Promise<ErasureRecord>;
}

export interface ContactOverview {
  visitorId: string;
  profile?: ContactProfile;
  chats: ChatRecord[];
  ticketIds: string[];
}

export interface SiteIdentities {
  /** The contact's visitor id when `signature` is the site's HMAC of `userId`, else undefined. */
  contactOf(userId: string, signature: string): Promise<string | undefined>;
}

/** The visitor id a verified user id always gets (an admin's lookup: no signature needed). */
export interface ContactIds {
  visitorIdOf(userId: string): Promise<string>;
}

/** A presigned upload: PUT the bytes to `url` with exactly these headers (they are signed). */
export interface PresignedUpload {
  url: string;
  headers: Record<string, string>;
}

/** The object store attachments live in (S3 in the cloud; the local runtime's S3-compatible store on a laptop). */
export interface ObjectStore {
  /** A URL that accepts exactly `file.size` bytes of `file.contentType` at `key` for `expiresInSeconds`. */
  presignUpload(key: string, file: DeclaredFile, expiresInSeconds: number): Promise<PresignedUpload>;
  /** The object's size and type, or undefined when nothing is stored at `key`. */
  head(key: string): Promise<StoredObject | undefined>;
  /** A URL that serves `key` with this type and disposition for `expiresInSeconds`. */
  presignDownload(key: string, response: { contentType: string; contentDisposition: string }, expiresInSeconds: number): Promise<string>;
  /** Deletes every object whose key starts with `prefix` (none is fine); how many it deleted. */
  deletePrefix(prefix: string): Promise<number>;
}

/** Everything a use case may need; each one takes only the part it uses. */
export interface Deps {
  store: Store;
  push: Push;
  publisher: Publisher;
  clock: Clock;
  ids: Ids;
  config: DeploymentConfig;
  /** Per-connection rate limits in this instance's memory; none = not limited here (tests). */
  limiter?: ConnectionLimiter;
  /** What this instance knows of live pushes already set; none = ask the store every time (tests). */
  livePushGate?: LivePushGate;
  /** What this instance knows of queue-positions pushes already set, per department; none = ask the store every time (tests). */
  queuePushGate?: QueuePushGate;
  /** Typing indicators' chats and recipients' sockets read in the last seconds, in this instance; none = read every time (tests). */
  typingCache?: TypingCache;
  timers: Timers;
  /** Attachments' files. */
  objects: ObjectStore;
}

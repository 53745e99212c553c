/**
 * In-memory ports for use-case and handler tests. The fake store keeps the same rules as the
 * DynamoDB adapter's conditions (seq must match, clientMessageId once, assign only queued
 * chats to online agents with room), so use cases are tested against the behaviour they rely on.
 */
import { deploymentConfigSchema } from '../../../functions/contracts/config';
import type { ParleyEvent } from '../../../functions/contracts/events';
import type { CannedResponse, ChatFeedback, ChatMessage, ChatNote, ServerFrame, TeamFeedback } from '../../../functions/contracts/frames';
import type { Caller } from '../../../functions/contracts/auth';
import type { ChatRecord } from '../../../functions/domain/chat';
import { AssignmentConflictError, ChatChangedError, ParleyError, ChatNotOpenError, DuplicateMessageError, DuplicateShortcutError, DuplicateStartError, OfferLostError, SeqConflictError } from '../../../functions/domain/errors';
import { MetricStateConflictError } from '../../../functions/domain/errors';
import { livePushDecision, type LivePushState } from '../../../functions/domain/live-stats';
import type { Dim, FoldState, MetricUpdate } from '../../../functions/domain/metrics';
import type { PresenceState } from '../../../functions/domain/metric-state';
import type { RollupRow } from '../../../functions/domain/reports';
import { type AgentProfile, compareQueued, isPresent } from '../../../functions/domain/routing';
import type { Timer } from '../../../functions/contracts/timers';
import type { Ticket } from '../../../functions/contracts/http';
import type { BlockRecord } from '../../../functions/domain/blocks';
import { breachKey, type SlaBreach } from '../../../functions/domain/sla';
import type { DeclaredFile, StoredObject } from '../../../functions/domain/attachments';
import type { BreachState, ConnectionRecord, Deps, MetricStateKeys, NewOffer, RollupRead, SiteIdentities, Store, TicketStatusChange, VisitorProfile } from '../../../functions/use-cases/ports';
import { type Env, readEnv } from '../../../functions/contracts/env';

const clone = <T>(value: T): T => structuredClone(value);

export class FakeStore implements Store {
  chats = new Map<string, ChatRecord>();
  messages = new Map<string, ChatMessage[]>();
  notes = new Map<string, ChatNote[]>();
  starts = new Map<string, string>();
  visitors = new Map<string, VisitorProfile>();
  rateHits = new Map<string, number>();
  blocks = new Map<string, BlockRecord>();
  agents = new Map<string, AgentProfile>();
  agentChats = new Map<string, Set<string>>();
  connections = new Map<string, ConnectionRecord>();
  /** Rollups by `dim|bucket|value`. */
  metrics = new Map<string, Record<string, number>>();
  metricState = new Map<string, { rev: number; value: unknown }>();
  /** String sets of rollups (DAY `agentsAssigned`), by the same key. */
  metricMembers = new Map<string, Record<string, string[]>>();
  processed = new Set<string>();
  /** Runs before a write, to simulate another writer winning a race. */
  beforeAppend?: () => void;
  beforeOffer?: (chat: ChatRecord, agent: AgentProfile) => void;

  async getChat(chatId: string) {
    const chat = this.chats.get(chatId);
    return chat && clone(chat);
  }
  async createChat({ chat, firstMessage, startKey, ticket }: Parameters<Store['createChat']>[0]) {
    if (startKey && this.starts.has(`${chat.visitorId}|${startKey}`)) throw new DuplicateStartError('dup');
    this.chats.set(chat.chatId, clone(chat));
    if (ticket) this.tickets.set(ticket.ticketId, clone(ticket));
    this.messages.set(chat.chatId, firstMessage ? [clone(firstMessage)] : []);
    if (startKey) this.starts.set(`${chat.visitorId}|${startKey}`, chat.chatId);
  }
  async findStartedChat(visitorId: string, startKey: string) {
    return this.starts.get(`${visitorId}|${startKey}`);
  }
  async listVisitorChats(visitorId: string, limit: number) {
    return [...this.chats.values()].filter((c) => c.visitorId === visitorId).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit).map(clone);
  }
  /** What `whenWritten` saw of the chat's lastSeq when it ran (the message written, lastSeq not yet moved). */
  lastSeqWhenWritten: number[] = [];
  async appendMessage(chatId: string, { message, prevSeq, firstResponseAt, visitorRate, replyWait, whenWritten }: Parameters<Store['appendMessage']>[1]) {
    this.beforeAppend?.();
    const chat = this.chats.get(chatId);
    const list = this.messages.get(chatId) ?? [];
    if (list.some((m) => m.clientMessageId === message.clientMessageId)) throw new DuplicateMessageError('dup');
    if (!chat || chat.lastSeq !== prevSeq || !['queued', 'assigned'].includes(chat.status)) throw new SeqConflictError('seq');
    list.push(clone(message));
    this.messages.set(chatId, list);
    // As the table does: the message first, then whenWritten beside the move of lastSeq.
    if (whenWritten) this.lastSeqWhenWritten.push(chat.lastSeq);
    const written = whenWritten?.();
    chat.lastSeq = message.seq;
    if (firstResponseAt !== undefined) chat.firstResponseAt = firstResponseAt;
    if (visitorRate !== undefined) chat.visitorRate = clone(visitorRate);
    if (replyWait === 'start') chat.awaitingReplySince ??= message.createdAt;
    if (replyWait === 'stop') delete chat.awaitingReplySince;
    await written;
  }
  async findMessageByClientId(chatId: string, clientMessageId: string) {
    const found = this.messages.get(chatId)?.find((m) => m.clientMessageId === clientMessageId);
    return found && clone(found);
  }
  async listMessages(chatId: string, afterSeq: number, limit: number) {
    const after = (this.messages.get(chatId) ?? []).filter((m) => m.seq > afterSeq).sort((a, b) => a.seq - b.seq);
    return { messages: after.slice(0, limit).map(clone), hasMore: after.length > limit };
  }
  async addNote(note: ChatNote) {
    const list = this.notes.get(note.chatId) ?? [];
    const original = list.find((n) => n.clientNoteId === note.clientNoteId);
    if (original) return clone(original);
    this.notes.set(note.chatId, [...list, clone(note)]);
    return clone(note);
  }
  async listNotes(chatId: string) {
    return (this.notes.get(chatId) ?? []).map(clone);
  }
  async listQueue(department: string, limit: number) {
    return [...this.chats.values()].filter((c) => c.status === 'queued' && !c.offeredTo && c.department === department).sort(compareQueued).slice(0, limit).map(clone);
  }
  /** Same conditions as DynamoRouting.offerChat: queued, unoffered at the previous attempt; agent online with a socket and room. */
  async offerChat({ chat, agent, expiresAt, attempt, now }: NewOffer) {
    this.beforeOffer?.(chat, agent);
    const stored = this.chats.get(chat.chatId);
    const profile = this.agents.get(agent.agentId);
    const chatLost = stored?.status !== 'queued' || stored.offeredTo !== undefined || (stored.offerAttempt ?? 0) !== attempt - 1;
    const agentLost = !profile || profile.status !== 'online' || profile.disconnectedAt !== undefined || profile.activeChats >= profile.maxChats;
    if (chatLost || agentLost) throw new AssignmentConflictError(chatLost, agentLost);
    Object.assign(stored, { offeredTo: agent.agentId, offerExpiresAt: expiresAt, offerAttempt: attempt });
    profile.activeChats += 1;
    profile.lastAssignedAt = now;
  }
  private currentOffer(chat: ChatRecord): ChatRecord {
    const stored = this.chats.get(chat.chatId);
    if (!stored || stored.status !== 'queued' || !stored.offeredTo || stored.offeredTo !== chat.offeredTo || stored.offerAttempt !== chat.offerAttempt) throw new OfferLostError('lost');
    return stored;
  }
  async acceptOffer(chat: ChatRecord, agentName: string, now: number) {
    const stored = this.currentOffer(chat);
    const agentId = stored.offeredTo as string;
    Object.assign(stored, { status: 'assigned', agentId, agentName, assignedAt: now });
    delete stored.offeredTo;
    delete stored.offerExpiresAt;
    this.agentChats.set(agentId, new Set([...(this.agentChats.get(agentId) ?? []), chat.chatId]));
  }
  async endOffer(chat: ChatRecord, outcome: 'requeue' | 'missed', now: number, passed = true) {
    const stored = this.currentOffer(chat);
    const agentId = stored.offeredTo as string;
    if (passed) stored.passedBy = [...(stored.passedBy ?? []), agentId];
    delete stored.offeredTo;
    delete stored.offerExpiresAt;
    if (outcome === 'missed') Object.assign(stored, { status: 'missed', closedAt: now });
    const profile = this.agents.get(agentId);
    if (profile) profile.activeChats -= 1;
  }
  async markMissed(chat: ChatRecord, now: number) {
    const stored = this.chats.get(chat.chatId);
    if (stored?.status !== 'queued' || stored.offeredTo) throw new AssignmentConflictError(true, false);
    Object.assign(stored, { status: 'missed', closedAt: now });
  }
  async raisePriority(chatId: string, priority: number) {
    const stored = this.chats.get(chatId);
    if (stored?.status !== 'queued' || (stored.priority ?? 0) >= priority) return false;
    stored.priority = priority;
    return true;
  }
  /** Per department, in the order closed (the newest last). */
  handleTimes = new Map<string, { chatId: string; ms: number; closedAt?: number }[]>();
  async recordHandleTime(department: string, chatId: string, ms: number, closedAt: number) {
    const list = this.handleTimes.get(department) ?? [];
    if (!list.some((e) => e.chatId === chatId)) this.handleTimes.set(department, [...list, { chatId, ms, closedAt }].sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0)));
  }
  async recentHandleTimes(department: string, count: number) {
    return (this.handleTimes.get(department) ?? []).slice(-count).reverse().map((e) => e.ms);
  }
  tickets = new Map<string, Ticket>();
  async putTicket(ticket: Ticket) {
    this.tickets.set(ticket.ticketId, clone(ticket));
  }
  async listTickets(limit: number, status?: 'open' | 'resolved') {
    return [...this.tickets.values()].filter((t) => status === undefined || (t.status ?? 'open') === status).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit).map(clone);
  }  /** Team feedback by `<authorId>|<clientFeedbackId>`. */
  teamFeedback = new Map<string, TeamFeedback>();
  async putTeamFeedback(clientFeedbackId: string, feedback: TeamFeedback) {
    const key = `${feedback.authorId}|${clientFeedbackId}`;
    const stored = this.teamFeedback.get(key);
    if (stored) return clone(stored);
    this.teamFeedback.set(key, clone(feedback));
    return clone(feedback);
  }
  async listTeamFeedback(limit: number) {
    return [...this.teamFeedback.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit).map(clone);
  }
  async getTicket(ticketId: string) {
    const ticket = this.tickets.get(ticketId);
    return ticket ? clone(ticket) : undefined;
  }
  async setTicketStatus(ticketId: string, change: TicketStatusChange) {
    const ticket = this.tickets.get(ticketId);
    if (!ticket || (ticket.statusVersion ?? 0) !== change.fromVersion) return undefined;
    const after: Ticket = { ...ticket, status: change.status, statusVersion: change.fromVersion + 1, statusChangedAt: change.at, statusChangedBy: change.by };
    this.tickets.set(ticketId, clone(after));
    return clone(after);
  }

  async setQueueNotice(chatId: string, notice: string, readAt: number) {
    const stored = this.chats.get(chatId);
    if (stored?.status !== 'queued' || (stored.queueNoticeAt ?? -1) > readAt || stored.queueNotice === notice) return false;
    Object.assign(stored, { queueNotice: notice, queueNoticeAt: readAt });
    return true;
  }
  async closeChat({ chat, closedBy, outcome, tags, now }: Parameters<Store['closeChat']>[0]) {
    const stored = this.chats.get(chat.chatId);
    if (!stored || stored.status !== chat.status || !['queued', 'assigned'].includes(stored.status) || stored.offeredTo !== (chat.status === 'queued' ? chat.offeredTo : stored.offeredTo)) throw new ChatNotOpenError('closed');
    const wasAssigned = stored.status === 'assigned';
    const offeredTo = stored.status === 'queued' ? stored.offeredTo : undefined;
    Object.assign(stored, { status: 'closed', closedAt: now, closedBy, tags, ...(outcome ? { outcome } : {}) });
    delete stored.offerExpiresAt;
    const agent = stored.agentId ? this.agents.get(stored.agentId) : undefined;
    if (wasAssigned && agent) {
      agent.activeChats -= 1;
      this.agentChats.get(agent.agentId)?.delete(chat.chatId);
    }
    const offered = offeredTo ? this.agents.get(offeredTo) : undefined;
    if (offered) offered.activeChats -= 1;
  }
  async getAgent(agentId: string) {
    const agent = this.agents.get(agentId);
    return agent && clone(agent);
  }
  async upsertAgent(profile: Parameters<Store['upsertAgent']>[0]) {
    const existing = this.agents.get(profile.agentId);
    this.agents.set(profile.agentId, { status: 'offline', activeChats: 0, ...existing, ...profile, maxChats: existing?.maxChats ?? profile.maxChats });
  }
  /** Same conditions as DynamoAgents: the grace's end writes only while still disconnected since exactly then. */
  async setAgentStatus(agent: AgentProfile, status: AgentProfile['status'], now: number, automatic = false, onlyIfDisconnectedAt?: number) {
    const stored = this.agents.get(agent.agentId);
    if (onlyIfDisconnectedAt !== undefined && (stored?.status !== 'online' || stored.disconnectedAt !== onlyIfDisconnectedAt)) return false;
    const change = agent.status === status ? {} : { statusChangedAt: now, previousStatus: agent.status, statusAutomatic: automatic };
    if (stored) {
      Object.assign(stored, { status, autoAway: status === 'away' && automatic, ...change });
      delete stored.disconnectedAt;
    }
    return true;
  }
  async markDisconnected(agentId: string, at: number) {
    const stored = this.agents.get(agentId);
    if (stored?.status !== 'online') return undefined;
    stored.disconnectedAt ??= at;
    return stored.disconnectedAt;
  }
  async markReconnected(agentId: string) {
    const stored = this.agents.get(agentId);
    const since = stored?.disconnectedAt;
    if (stored) delete stored.disconnectedAt;
    return since;
  }
  async listOnlineAgents(department: string) {
    return [...this.agents.values()].filter((a) => a.status === 'online' && a.departments.includes(department)).map(clone);
  }
  async anyonePresent(department: string, now: number, graceMs: number) {
    return (await this.listOnlineAgents(department)).some((a) => isPresent(a, now, graceMs));
  }
  async listAgentChats(agentId: string) {
    return [...(this.agentChats.get(agentId) ?? [])].map((id) => clone(this.chats.get(id) as ChatRecord));
  }
  async listAgentOffers(agentId: string) {
    return [...this.chats.values()].filter((c) => c.status === 'queued' && c.offeredTo === agentId).map(clone);
  }
  connectionTtls = new Map<string, number>();
  async putConnection(connection: ConnectionRecord, ttlSeconds: number) {
    this.connections.set(connection.connectionId, clone(connection));
    this.connectionTtls.set(connection.connectionId, ttlSeconds);
  }
  async deleteConnection(connectionId: string, _userId: string, connectedBefore?: number) {
    const connection = this.connections.get(connectionId);
    if (connectedBefore !== undefined && connection && connection.connectedAt >= connectedBefore) return;
    this.connections.delete(connectionId);
  }
  async listConnections(userId: string) {
    return [...this.connections.values()].filter((c) => c.userId === userId).map((c) => c.connectionId);
  }
  async listConnectionsOf(userIds: readonly string[]) {
    return new Map(await Promise.all(userIds.map(async (userId) => [userId, await this.listConnections(userId)] as const)));
  }
  async getChatWithConnections(chatId: string, userIds: readonly string[]) {
    return { chat: await this.getChat(chatId), connections: await this.listConnectionsOf([...new Set(userIds)]) };
  }
  /** SLA breach markers by `<chatId>|<target>#<startedAt>`: whether each was announced. */
  breaches = new Map<string, { breach: SlaBreach; sent: boolean }>();
  async recordSlaBreach(breach: SlaBreach, raisePriorityTo?: number): Promise<{ state: BreachState; breach: SlaBreach }> {
    const key = `${breach.chatId}|${breachKey(breach)}`;
    const found = this.breaches.get(key);
    if (found) return { state: found.sent ? 'sent' : 'unsent', breach: clone(found.breach) };
    const chat = this.chats.get(breach.chatId);
    if (!chat) throw new Error(`no chat ${breach.chatId}`);
    this.breaches.set(key, { breach: clone(breach), sent: false });
    chat.slaBreach = clone(breach);
    if (raisePriorityTo !== undefined) chat.priority = raisePriorityTo;
    return { state: 'new', breach: clone(breach) };
  }
  async markSlaBreachSent(breach: SlaBreach) {
    const found = this.breaches.get(`${breach.chatId}|${breachKey(breach)}`);
    if (found) found.sent = true;
  }
  async listWatchers() {
    return [...new Set([...this.connections.values()].filter((c) => c.role === 'supervisor' || c.role === 'admin').map((c) => c.userId))];
  }
  async saveVisitorProfile(visitorId: string, profile: VisitorProfile) {
    const defined = Object.fromEntries(Object.entries(profile).filter(([, v]) => v !== undefined));
    this.visitors.set(visitorId, { ...this.visitors.get(visitorId), ...defined });
  }
  async getVisitorProfile(visitorId: string) {
    const profile = this.visitors.get(visitorId);
    return profile && clone(profile);
  }
  aliases = new Map<string, Set<string>>();
  async linkVisitor(contactId: string, aliasId: string) {
    this.aliases.set(contactId, new Set([...(this.aliases.get(contactId) ?? []), aliasId]));
  }
  async listVisitorAliases(contactId: string, limit: number) {
    return [...(this.aliases.get(contactId) ?? [])].slice(0, limit);
  }
  async countHit(key: string, window: number, max: number) {
    const id = `${key}|${window}`;
    const hits = this.rateHits.get(id) ?? 0;
    if (hits >= max) return false;
    this.rateHits.set(id, hits + 1);
    return true;
  }
  async putBlocks(blocks: readonly BlockRecord[]) {
    for (const block of blocks) this.blocks.set(block.subject, clone(block));
  }
  async findBlock(subjects: readonly string[], nowSeconds: number) {
    const found = subjects.map((s) => this.blocks.get(s)).find((b) => b && (b.expiresAt === undefined || b.expiresAt > nowSeconds));
    return found && clone(found);
  }
  feedback = new Map<string, ChatFeedback>();
  async saveFeedback(item: ChatFeedback) {
    const key = `${item.chatId}|${item.kind}`;
    const original = this.feedback.get(key);
    if (original) return { stored: clone(original), created: false };
    this.feedback.set(key, clone(item));
    return { stored: clone(item), created: true };
  }
  async loadMetricState(wanted: MetricStateKeys): Promise<FoldState> {
    const state: Record<string, { rev: number; value?: unknown }> = {};
    for (const kind of ['agent', 'toAgent', 'chat', 'visitor'] as const) {
      const id = wanted[kind];
      if (id) state[kind] = clone(this.metricState.get(`${kind === 'toAgent' ? 'agent' : kind}|${id}`) ?? { rev: 0 });
    }
    return state as FoldState;
  }
  async applyMetrics(eventId: string, update: MetricUpdate) {
    if (this.processed.has(eventId)) return 'duplicate' as const;
    for (const w of update.state) {
      const stored = this.metricState.get(`${w.kind}|${w.id}`);
      if ('delta' in w) {
        const value = stored?.value as PresenceState | undefined;
        if (!value || (value.status === 'online') !== w.delta.online || value.active < w.delta.minActive) throw new MetricStateConflictError('moved');
      } else if ((stored?.rev ?? 0) !== w.rev) throw new MetricStateConflictError('moved');
    }
    this.processed.add(eventId);
    for (const w of update.state) {
      const key = `${w.kind}|${w.id}`;
      const stored = this.metricState.get(key);
      if ('delta' in w) this.metricState.set(key, { rev: (stored?.rev ?? 0) + 1, value: { ...(stored?.value as PresenceState), active: (stored?.value as PresenceState).active + w.delta.active } });
      else this.metricState.set(key, { rev: w.rev + 1, value: clone(w.value) });
    }
    for (const { dim, bucket, value, counters, members, set, remove } of update.increments) {
      const key = `${dim}|${bucket}|${value}`;
      const row = this.metrics.get(key) ?? {};
      for (const [name, n] of Object.entries(counters)) row[name] = (row[name] ?? 0) + n;
      Object.assign(row, set);
      for (const name of remove ?? []) delete row[name];
      this.metrics.set(key, row);
      for (const [name, member] of Object.entries(members ?? {})) {
        const sets = this.metricMembers.get(key) ?? {};
        sets[name] = [...new Set([...(sets[name] ?? []), member])].sort();
        this.metricMembers.set(key, sets);
      }
    }
    return 'applied' as const;
  }
  // Transfers, tags and canned responses: the same conditions as DynamoTransfers / DynamoCanned.
  usedTags = new Set<string>();
  canned = new Map<string, Map<string, CannedResponse>>();
  private moveFrom(chat: Parameters<Store['transferToAgent']>[0]['chat']) {
    const stored = this.chats.get(chat.chatId);
    if (!stored || stored.status !== 'assigned' || stored.agentId !== chat.agentId) throw new ChatChangedError('changed');
    return stored;
  }
  private free(agentId: string, chatId: string) {
    const from = this.agents.get(agentId);
    if (from) from.activeChats -= 1;
    this.agentChats.get(agentId)?.delete(chatId);
  }
  async transferToAgent({ chat, to, now }: Parameters<Store['transferToAgent']>[0]) {
    const stored = this.moveFrom(chat);
    const profile = this.agents.get(to.agentId);
    if (!profile || profile.status !== 'online' || profile.disconnectedAt !== undefined || profile.activeChats >= profile.maxChats) throw new AssignmentConflictError(false, true);
    this.free(chat.agentId, chat.chatId);
    profile.activeChats += 1;
    this.agentChats.set(to.agentId, new Set([...(this.agentChats.get(to.agentId) ?? []), chat.chatId]));
    Object.assign(stored, { agentId: to.agentId, agentName: to.name, assignedAt: now, transfers: (stored.transfers ?? 0) + 1 });
  }
  async requeueChat({ chat, department, priority }: Parameters<Store['requeueChat']>[0]) {
    const stored = this.moveFrom(chat);
    this.free(chat.agentId, chat.chatId);
    Object.assign(stored, { status: 'queued', department, transfers: (stored.transfers ?? 0) + 1, ...(priority === undefined ? {} : { priority }) });
    delete stored.agentId;
    delete stored.agentName;
    delete stored.assignedAt;
  }
  async setTags(chatId: string, tags: readonly string[], prevVersion: number) {
    const stored = this.chats.get(chatId);
    if (!stored || (stored.tagsVersion ?? 0) !== prevVersion) throw new ChatChangedError('changed');
    Object.assign(stored, { tags: [...tags], tagsVersion: prevVersion + 1 });
    for (const tag of tags) this.usedTags.add(tag);
  }
  async listUsedTags(limit: number) {
    return [...this.usedTags].sort().slice(0, limit);
  }
  async listCanned(ownerId: string, limit: number) {
    return [...(this.canned.get(ownerId)?.values() ?? [])].sort((a, b) => a.shortcut.localeCompare(b.shortcut)).slice(0, limit).map(clone);
  }
  async getCannedByShortcut(ownerId: string, shortcut: string) {
    const found = this.canned.get(ownerId)?.get(shortcut);
    return found && clone(found);
  }
  async putCanned(ownerId: string, canned: CannedResponse, previous?: CannedResponse) {
    const owned = this.canned.get(ownerId) ?? new Map<string, CannedResponse>();
    const holder = owned.get(canned.shortcut);
    if (holder && holder.cannedId !== canned.cannedId) throw new DuplicateShortcutError('taken');
    if (previous && previous.shortcut !== canned.shortcut) owned.delete(previous.shortcut);
    owned.set(canned.shortcut, clone(canned));
    this.canned.set(ownerId, owned);
  }
  async deleteCanned(ownerId: string, canned: CannedResponse) {
    const owned = this.canned.get(ownerId);
    if (owned?.get(canned.shortcut)?.cannedId === canned.cannedId) owned.delete(canned.shortcut);
  }
  converted = new Map<string, string>();
  async markConverted(chatId: string, conversionId: string) {
    const first = this.converted.get(chatId) ?? conversionId;
    this.converted.set(chatId, first);
    return first === conversionId;
  }
  async readRollups(dim: Dim, from: string, to: string, options: RollupRead = {}): Promise<RollupRow[]> {
    const only = options.counters;
    return [...this.metrics]
      .map(([key, counters]): RollupRow => {
        const [d = '', bucket = '', ...value] = key.split('|');
        const picked = only ? Object.fromEntries(Object.entries(counters).filter(([name]) => only.includes(name))) : clone(counters);
        // As a ProjectionExpression: only the sets asked for by name.
        const stored = this.metricMembers.get(key);
        const members = only && stored ? Object.fromEntries(Object.entries(stored).filter(([name]) => only.includes(name))) : stored;
        return { dim: d as Dim, bucket, value: value.join('|'), counters: picked, ...(members && Object.keys(members).length > 0 ? { members: clone(members) } : {}) };
      })
      .filter((r) => r.dim === dim && r.bucket >= from && r.bucket <= `${to}~` && (options.value === undefined || r.value === options.value) && (options.days === undefined || options.days.includes(r.bucket)));
  }
  queuePushes = new Map<string, LivePushState>();
  async claimQueuePush(department: string, now: number) {
    const state = this.queuePushes.get(department) ?? {};
    const decision = livePushDecision(state, now);
    if (decision.kind === 'now') state.sentAt = now;
    if (decision.kind === 'later') state.dueAt = decision.dueAt;
    this.queuePushes.set(department, state);
    return decision;
  }
  async markQueuePushed(department: string, now: number) {
    this.queuePushes.set(department, { sentAt: now });
  }
  livePush: LivePushState = {};
  async claimLivePush(now: number) {
    const decision = livePushDecision(this.livePush, now);
    if (decision.kind === 'now') this.livePush.sentAt = now;
    if (decision.kind === 'later') this.livePush.dueAt = decision.dueAt;
    return decision;
  }
  async markLivePushed(now: number) {
    this.livePush = { sentAt: now };
  }
  async agentNames(agentIds: readonly string[]) {
    return new Map(agentIds.flatMap((id) => { const agent = this.agents.get(id); return agent ? [[id, agent.name] as const] : []; }));
  }
}

export class FakePush {
  sent: { connectionId: string; frame: ServerFrame }[] = [];
  gone = new Set<string>();
  async send(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'> {
    if (this.gone.has(connectionId)) return 'gone';
    this.sent.push({ connectionId, frame: clone(frame) });
    return 'sent';
  }
  to(connectionId: string): ServerFrame[] {
    return this.sent.filter((s) => s.connectionId === connectionId).map((s) => s.frame);
  }
}

export class FakePublisher {
  events: ParleyEvent[] = [];
  /** The next this-many publishes fail, as PutEvents does in an outage (the write before it stands). */
  failures = 0;
  async publish(events: readonly ParleyEvent[]) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('PutEvents: 1 entries failed after 3 attempts (InternalFailure)');
    }
    this.events.push(...clone(events));
  }
  types(): string[] {
    return this.events.map((e) => e.detailType);
  }
}

export class FakeTimers {
  scheduled: { timer: Timer; dueAt: number }[] = [];
  /** Requests made to the queue (a batch is one), so tests can count them. */
  requests = 0;
  async schedule(timer: Timer, dueAt: number) {
    this.requests += 1;
    this.scheduled.push(clone({ timer, dueAt }));
  }
  async scheduleAll(timers: readonly { timer: Timer; dueAt: number }[]) {
    if (timers.length === 0) return;
    this.requests += Math.ceil(timers.length / 10);
    this.scheduled.push(...timers.map((t) => clone(t)));
  }
  /** Timers of `kind` scheduled so far. */
  of<K extends Timer['kind']>(kind: K): { timer: Extract<Timer, { kind: K }>; dueAt: number }[] {
    return this.scheduled.filter((s) => s.timer.kind === kind) as { timer: Extract<Timer, { kind: K }>; dueAt: number }[];
  }
}

/**
 * The object store in memory. `presignUpload` hands out a URL naming the key; tests put a file
 * with `upload(key, …)` (what the browser's PUT does) and read what was presigned from the lists.
 */
export class FakeObjects {
  files = new Map<string, StoredObject>();
  uploads: { key: string; file: DeclaredFile; expiresInSeconds: number }[] = [];
  downloads: { key: string; contentType: string; contentDisposition: string; expiresInSeconds: number }[] = [];
  heads: string[] = [];
  async presignUpload(key: string, file: DeclaredFile, expiresInSeconds: number) {
    this.uploads.push(clone({ key, file, expiresInSeconds }));
    return { url: `https://objects.test/${key}?signed=put`, headers: { 'content-type': file.contentType } };
  }
  async head(key: string) {
    this.heads.push(key);
    const file = this.files.get(key);
    return file && clone(file);
  }
  async presignDownload(key: string, response: { contentType: string; contentDisposition: string }, expiresInSeconds: number) {
    this.downloads.push(clone({ key, ...response, expiresInSeconds }));
    return `https://objects.test/${key}?signed=get`;
  }
  async deletePrefix(prefix: string) {
    const keys = [...this.files.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) this.files.delete(key);
    return keys.length;
  }
  upload(key: string, file: StoredObject): void {
    this.files.set(key, clone(file));
  }
}

export const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);

export interface TestDeps extends Deps {
  store: FakeStore;
  push: FakePush;
  publisher: FakePublisher;
  timers: FakeTimers;
  objects: FakeObjects;
  clock: { now: () => number; set: (ms: number) => void; sleep: (ms: number) => Promise<void> };
  /** Identity verification: `sig:<userId>` is the valid signature of a user; their contact is `v_u_<userId>`. */
  identities: SiteIdentities;
}

export function testDeps(): TestDeps {
  let now = T0;
  let n = 0;
  return {
    store: new FakeStore(),
    push: new FakePush(),
    publisher: new FakePublisher(),
    timers: new FakeTimers(),
    objects: new FakeObjects(),
    clock: { now: () => now, set: (ms) => (now = ms), sleep: async (ms) => void (now += ms) },
    ids: { next: (prefix) => `${prefix}_${++n}` },
    config: deploymentConfigSchema.parse({ departments: [{ id: 'support', name: 'Support' }, { id: 'billing', name: 'Billing' }], surveys: { csat: true, nps: true, ces: true } }),
    identities: { contactOf: async (userId, signature) => (signature === `sig:${userId}` ? `v_u_${userId}` : undefined) },
  };
}

export const visitor = (userId = 'v1'): Caller => ({ principalId: userId, userId, role: 'visitor', name: '', departments: '' });
export const agent = (userId = 'a1', name = 'Alice', departments = 'support'): Caller => ({ principalId: userId, userId, role: 'agent', name, departments });
export const supervisor = (userId = 's1'): Caller => ({ principalId: userId, userId, role: 'supervisor', name: 'Sam', departments: '' });

export function onlineAgent(overrides: Partial<AgentProfile> = {}): AgentProfile {
  return { agentId: 'a1', name: 'Alice', status: 'online', departments: ['support'], activeChats: 0, maxChats: 3, ...overrides };
}

export function queuedChat(overrides: Partial<ChatRecord> = {}): ChatRecord {
  return { chatId: 'c1', status: 'queued', visitorId: 'v1', department: 'support', lastSeq: 0, createdAt: T0, ...overrides };
}

/** `code:field` of the ParleyError `work` rejects with, or 'no error'. */
export async function errorOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return error instanceof ParleyError ? `${error.code}:${error.field ?? ''}` : String(error);
  }
}

/** A valid function environment on loopback URLs; `config` becomes PARLEY_CONFIG. */
export function testEnv(config: Record<string, unknown> = {}, overrides: Record<string, string> = {}): Env {
  return readEnv({
    TABLE_NAME: 't',
    EVENT_BUS_NAME: 'b',
    WS_CALLBACK_URL: 'http://127.0.0.1:4002/local',
    AGENT_JWT_ISSUER: 'http://127.0.0.1:4003/idp',
    AGENT_JWT_AUDIENCE: 'console-client',
    VISITOR_SECRET_ID: 'visitor-secret-id',
    IDENTITY_SECRET_ID: 'identity-secret-id',
    PARLEY_CONFIG: JSON.stringify(config),
    PUBLIC_WEBSOCKET_URL: 'ws://127.0.0.1:4002',
    PUBLIC_HTTP_URL: 'http://127.0.0.1:4001',
    IDENTITY_ENDPOINT: 'http://127.0.0.1:4003/idp',
    TIMER_QUEUE_URL: 'http://127.0.0.1:4003/000000000000/parley-timers',
    ATTACHMENTS_BUCKET: 'parley-attachments',
    ...overrides,
  });
}

/**
 * Metric folding: which rollup counters an event adds to (docs/metrics.md defines each one).
 * Pure: the clock is the event's `occurredAt`, and the little per-agent / per-chat / per-visitor
 * state some metrics need (presence intervals, transfers, repeat contacts) is handed in and
 * handed back, never read here. The store ADDs the counters once per eventId.
 *
 * Rollups: the whole team per UTC hour (`ALL`; a day is its hours summed at read time, and the
 * day's agents with chats are a set on a `DAY` item); per agent, department and tag per UTC day; a `LIVE` row
 * of gauges (queue, active chats, agents online/away/busy) for the dashboard. Items stay small (a
 * DynamoDB write costs per KB): only the counters an event touches are written.
 */
import type { EventDetail, ParleyEvent } from '../contracts/events';
import { closeFacts, type ChatFacts, type PresenceState, presenceStep, queueEntered, queueLeft, repeatContact, type VisitorCloseState } from './metric-state';

/** `DAY` holds only the day's agents with chats (a string set, added to outside the event's transaction: see DynamoMetrics.applyMetrics). */
export type Dim = 'ALL' | 'DAY' | 'AGENT' | 'DEPT' | 'TAG' | 'LIVE';
export type Counters = Record<string, number>;

export interface RollupIncrement {
  dim: Dim;
  /** The agent id, department id or tag; `*` for ALL and LIVE. */
  value: string;
  /** `yyyy-mm-ddThh` (ALL), `yyyy-mm-dd` (DAY, AGENT, DEPT, TAG), `now` (LIVE). */
  bucket: string;
  counters: Counters;
  /** String sets to add one member to (DAY: `agentsAssigned`, for chats per agent without reading every agent). */
  members?: Record<string, string>;
  /** Attributes to set and to remove (LIVE: `q#<chatId>` = since when a chat waits in the queue). */
  set?: Record<string, number>;
  remove?: string[];
}

/** The LIVE row's attribute for a waiting chat: its value is when it started waiting (epoch ms). */
export const QUEUED_PREFIX = 'q#';
const waiting = (chatId: string, since: number): Partial<RollupIncrement> => ({ set: { [`${QUEUED_PREFIX}${chatId}`]: since } });
const notWaiting = (chatId: string): Partial<RollupIncrement> => ({ remove: [`${QUEUED_PREFIX}${chatId}`] });

/**
 * A change of an agent's active chats that closes no interval and moves no gauge (the agent stays
 * busy, or stays not online): `active` += `active` where the stored state still is that way
 * (`online`: status is / is not online; at least `minActive` chats), so such changes of one agent
 * commute and never conflict with one another; one that finds the state otherwise conflicts and
 * is folded again.
 */
export interface PresenceDelta {
  active: 1 | -1;
  online: boolean;
  minActive: number;
}

export type StateWrite =
  /** `from: 'toAgent'`: the agent a chat was transferred to (loaded as FoldState.toAgent). */
  | { kind: 'agent'; id: string; rev: number; value: PresenceState; from?: 'toAgent' }
  /** As a guarded delta (PresenceDelta): no revision check. */
  | { kind: 'agent'; id: string; delta: PresenceDelta; from?: 'toAgent' }
  | { kind: 'chat'; id: string; rev: number; value: ChatFacts }
  | { kind: 'visitor'; id: string; rev: number; value: VisitorCloseState };

export interface MetricUpdate {
  increments: RollupIncrement[];
  state: StateWrite[];
}

/** The state an event needs; `rev` 0 = none stored yet. */
export interface FoldState {
  agent?: { rev: number; value?: PresenceState };
  /** chat.transferred to a named agent: that agent's presence. */
  toAgent?: { rev: number; value?: PresenceState };
  chat?: { rev: number; value?: ChatFacts };
  visitor?: { rev: number; value?: VisitorCloseState };
}

export interface MetricPolicy {
  firstResponseTargetSeconds: number;
  repeatContactDays: number;
}

/** Upper bounds (seconds) of the duration histograms that medians and p90s are read from. */
export const DURATION_BOUNDS_S = [5, 10, 15, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1800, 3600, 7200, 86400] as const;

/** `frt.h3` for a duration in the fourth bucket (durations beyond a day go in the last). */
export function histKey(prefix: string, ms: number): string {
  const index = DURATION_BOUNDS_S.findIndex((bound) => ms <= bound * 1000);
  return `${prefix}.h${index < 0 ? DURATION_BOUNDS_S.length - 1 : index}`;
}

export const hourOf = (ms: number): string => new Date(ms).toISOString().slice(0, 13);
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Messages per chat: short ≤ 4, long ≥ 16 (visitor + agent messages; system ones are not counted). */
export const SHORT_CHAT_MAX = 4;
export const LONG_CHAT_MIN = 16;

interface Scopes {
  agentId?: string;
  department?: string;
  tags?: readonly string[];
}

/** The same counters for the team (hour of `at`) and each scope given (day of `at`). */
export function scoped(at: number, counters: Counters, scopes: Scopes): RollupIncrement[] {
  if (Object.keys(counters).length === 0) return [];
  const day = dayOf(at);
  const out: RollupIncrement[] = [{ dim: 'ALL', value: '*', bucket: hourOf(at), counters }];
  if (scopes.agentId) out.push({ dim: 'AGENT', value: scopes.agentId, bucket: day, counters });
  if (scopes.department) out.push({ dim: 'DEPT', value: scopes.department, bucket: day, counters });
  for (const tag of new Set(scopes.tags ?? [])) out.push({ dim: 'TAG', value: tag, bucket: day, counters });
  return out;
}

const live = (counters: Counters, queue: Partial<RollupIncrement> = {}): RollupIncrement => ({ dim: 'LIVE', value: '*', bucket: 'now', counters, ...queue });

const flag = (name: string, on: boolean | undefined): Counters => (on ? { [name]: 1 } : {});

function ratingCounters(prefix: string, score: number): Counters {
  return { [`${prefix}Count`]: 1, [`${prefix}Sum`]: score, [`${prefix}.s${score}`]: 1, ...flag(`${prefix}Positive`, score >= 4), ...flag(`${prefix}Negative`, score <= 2) };
}

function npsCounters(score: number): Counters {
  const group = score >= 9 ? 'npsPromoters' : score >= 7 ? 'npsPassives' : 'npsDetractors';
  return { npsCount: 1, npsSum: score, [group]: 1 };
}

const NONE: MetricUpdate = { increments: [], state: [] };

/**
 * The agent's state write for a change of active chats: a guarded delta when the change moves
 * nothing but the count (most of a busy agent's assignments and closes: the per-agent state is
 * hit by every one of their chats, and whole-state writes at a revision made them conflict and
 * retry under load), else the whole state at its revision.
 */
export function presenceWrite(id: string, prev: { rev: number; value?: PresenceState } | undefined, activeDelta: 1 | -1, next: PresenceState, from?: 'toAgent'): StateWrite {
  const before = prev?.value;
  const whole: StateWrite = { kind: 'agent', id, rev: prev?.rev ?? 0, value: next, ...(from ? { from } : {}) };
  if (!before || !prev?.rev) return whole;
  const online = before.status === 'online';
  // Online, the agent must stay busy (≥ 1 chat before and after) and its busy interval be known.
  const minActive = online ? (activeDelta > 0 ? 1 : 2) : activeDelta > 0 ? 0 : 1;
  if (before.active < minActive || (online && before.busySince === undefined)) return whole;
  return { kind: 'agent', id, delta: { active: activeDelta, online, minActive }, ...(from ? { from } : {}) };
}

/**
 * The rollup counters and state writes `event` makes; nothing for events no metric uses. The team
 * is counted per hour only: a day's or week's figures are its hours summed when a report reads
 * them, and an agent's week its days (reports are rare, events are not: each item in the
 * transaction costs every counted event 2 write units and DynamoDB a share of its slowest call).
 */
export function foldMetrics(event: ParleyEvent, state: FoldState, policy: MetricPolicy): MetricUpdate {
  return foldEvent(event, state, policy);
}

/** The Monday (UTC) of the ISO week holding `day` (yyyy-mm-dd…). */
export function mondayOf(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const back = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** The chat's facts as `value`, written at the revision they were read at. */
const chatFacts = (chatId: string, state: FoldState, value: ChatFacts): StateWrite => ({ kind: 'chat', id: chatId, rev: state.chat?.rev ?? 0, value });

function foldEvent(event: ParleyEvent, state: FoldState, policy: MetricPolicy): MetricUpdate {
  const at = Date.parse(event.detail.occurredAt);
  switch (event.detailType) {
    case 'chat.requested': {
      const d = event.detail;
      const counters = { chats: 1, ...(d.proactive ? { chatsProactive: 1 } : { chatsReactive: 1 }) };
      const repeat = repeatContact(state.visitor?.value, d.chatId, at, policy.repeatContactDays);
      const queue = queueEntered(state.chat?.value);
      const increments = [...scoped(at, counters, { department: d.department }), live({ queued: 1 }, queue.waits ? waiting(d.chatId, at) : {})];
      const chatWrite = chatFacts(d.chatId, state, queue.next);
      if (!repeat) return { increments, state: [chatWrite] };
      const { value } = repeat;
      increments.push(...scoped(value.closedAt, { repeatContacts: 1 }, value));
      return { increments, state: [chatWrite, { kind: 'visitor', id: d.visitorId, rev: state.visitor?.rev ?? 0, value: { ...value, qualifies: false } }] };
    }
    case 'chat.assigned': {
      const d = event.detail;
      // After a transfer to a department the chat was queued again: its new agent took it by
      // transfer. The chat counts once as assigned, and its pickup time is the first wait only.
      const reassigned = state.chat?.value?.transferred === true;
      const counters: Counters = reassigned ? { takenByTransfer: 1 } : { assigned: 1, waitSumMs: d.waitMs, [histKey('wait', d.waitMs)]: 1 };
      const presence = presenceStep(state.agent?.value, { at, activeDelta: 1 });
      const increments = [...scoped(at, counters, d), ...presence.increments(d.agentId), live({ queued: -1, active: 1, ...presence.live }, notWaiting(d.chatId))];
      if (!reassigned) increments.push({ dim: 'DAY', value: '*', bucket: dayOf(at), counters: {}, members: { agentsAssigned: d.agentId } });
      return { increments, state: [presenceWrite(d.agentId, state.agent, 1, presence.next), chatFacts(d.chatId, state, queueLeft(state.chat?.value))] };
    }
    case 'chat.offer.rejected': {
      const d = event.detail;
      return { increments: scoped(at, d.reason === 'expired' ? { offersMissed: 1 } : { offersDeclined: 1 }, d), state: [] };
    }
    case 'chat.missed': {
      const d = event.detail;
      return { increments: [...scoped(at, { missed: 1, [`missed.${d.reason}`]: 1 }, d), live({ queued: -1 }, notWaiting(d.chatId))], state: [chatFacts(d.chatId, state, queueLeft(state.chat?.value))] };
    }
    case 'message.created': {
      const d = event.detail;
      if (d.firstResponseMs === undefined || d.senderRole !== 'agent') return NONE;
      const ms = d.firstResponseMs;
      const counters = { frtCount: 1, frtSumMs: ms, [histKey('frt', ms)]: 1, ...flag('frtWithinTarget', ms <= policy.firstResponseTargetSeconds * 1000) };
      return { increments: scoped(at, counters, { agentId: d.agentId ?? d.senderId, department: d.department }), state: [] };
    }
    case 'chat.transferred':
      return foldTransferred(event.detail, at, state);
    case 'chat.closed':
      return foldClosed(event.detail, at, state);
    case 'chat.rated': {
      const d = event.detail;
      return { increments: scoped(at, { ...ratingCounters('rating', d.rating), ...flag('ratingCommented', d.commented) }, d), state: [] };
    }
    case 'survey.answered': {
      const d = event.detail;
      const counters = d.survey === 'nps' ? npsCounters(d.score) : ratingCounters(d.survey, Math.min(5, Math.max(1, d.score)));
      return { increments: scoped(at, counters, d), state: [] };
    }
    case 'widget.loaded':
      return { increments: scoped(at, { widgetLoads: 1, ...flag('visitors', event.detail.firstOfDay) }, {}), state: [] };
    case 'conversion.recorded': {
      const d = event.detail;
      // Attributed per path: the chat it is attributed to was proactive or reactive.
      const path = d.proactive ? 'Proactive' : 'Reactive';
      const attributed = d.chatId ? { conversionsAttributed: 1, [`conversions${path}`]: 1, [`conversionValue${path}`]: d.value, ...flag('convertedChats', d.firstForChat), ...flag(`convertedChats${path}`, d.firstForChat) } : {};
      return { increments: scoped(at, { conversions: 1, conversionValue: d.value, ...attributed }, { agentId: d.agentId }), state: [] };
    }
    case 'sla.breached': {
      const d = event.detail;
      return { increments: scoped(at, { slaBreaches: 1, [`slaBreaches.${d.target}`]: 1 }, d), state: [] };
    }
    case 'ticket.created': {
      const d = event.detail;
      return { increments: [...scoped(at, { tickets: 1, [`tickets.${d.reason}`]: 1 }, d), live({ ticketsOpen: 1 })], state: [] };
    }
    case 'ticket.resolved': {
      const d = event.detail;
      return { increments: [...scoped(at, { ticketsResolved: 1, ticketResolveSumMs: d.openMs }, d), live({ ticketsOpen: -1 })], state: [] };
    }
    case 'ticket.deleted':
      // Erased with its contact: an open one leaves the backlog; the day's counts stay (they name nobody).
      return event.detail.wasOpen ? { increments: [live({ ticketsOpen: -1 })], state: [] } : NONE;
    case 'ticket.reopened': {
      const d = event.detail;
      return { increments: [...scoped(at, { ticketsReopened: 1 }, d), live({ ticketsOpen: 1 })], state: [] };
    }
    case 'agent.status.changed': {
      const d = event.detail;
      const presence = presenceStep(state.agent?.value, { at, status: d.status });
      const gauge = (s: string, delta: number): Counters => (s === 'offline' ? {} : { [`agents.${s}`]: delta });
      const previous = state.agent?.value?.status ?? d.previous;
      const statusGauges = previous === d.status ? {} : sumCounters(gauge(previous, -1), gauge(d.status, 1));
      return {
        increments: [...presence.increments(d.agentId), live(sumCounters(statusGauges, presence.live))],
        state: [{ kind: 'agent', id: d.agentId, rev: state.agent?.rev ?? 0, value: presence.next }],
      };
    }
    default:
      return NONE;
  }
}

/**
 * A transfer: the chat leaves its agent. To a named agent it is theirs at once (taken by
 * transfer, their active chats +1); to a department it waits in the queue again until routing
 * assigns it (that chat.assigned counts as taken by transfer, see above).
 */
function foldTransferred(d: EventDetail<'chat.transferred'>, at: number, state: FoldState): MetricUpdate {
  const from = presenceStep(state.agent?.value, { at, activeDelta: -1 });
  const increments = [...scoped(at, { transfers: 1 }, { agentId: d.fromAgentId, department: d.fromDepartment }), ...from.increments(d.fromAgentId)];
  const transferred: ChatFacts = { ...state.chat?.value, transferred: true };
  if (!d.toAgentId) {
    const queue = queueEntered(transferred);
    increments.push(live(sumCounters({ queued: 1, active: -1 }, from.live), queue.waits ? waiting(d.chatId, at) : {}));
    return { increments, state: [presenceWrite(d.fromAgentId, state.agent, -1, from.next), chatFacts(d.chatId, state, queue.next)] };
  }
  const writes: StateWrite[] = [presenceWrite(d.fromAgentId, state.agent, -1, from.next), chatFacts(d.chatId, state, transferred)];
  const to = presenceStep(state.toAgent?.value, { at, activeDelta: 1 });
  const toScopes = d.toDepartment ? { agentId: d.toAgentId, department: d.toDepartment } : { agentId: d.toAgentId };
  increments.push(...scoped(at, { takenByTransfer: 1 }, toScopes), ...to.increments(d.toAgentId), live(sumCounters(from.live, to.live)));
  writes.push(presenceWrite(d.toAgentId, state.toAgent, 1, to.next, 'toAgent'));
  return { increments, state: writes };
}

function foldClosed(d: Extract<ParleyEvent, { detailType: 'chat.closed' }>['detail'], at: number, state: FoldState): MetricUpdate {
  const facts = closeFacts(d, state.chat?.value);
  // A tag's chats are the closed chats carrying it (tags are final at close): counted here, once per tag.
  const increments = [...scoped(at, facts.counters, { agentId: d.agentId, department: d.department }), ...[...new Set(d.tags)].map((tag): RollupIncrement => ({ dim: 'TAG', value: tag, bucket: dayOf(at), counters: { ...facts.counters, chats: 1 } }))];
  const writes: StateWrite[] = [{ kind: 'visitor', id: d.visitorId, rev: state.visitor?.rev ?? 0, value: facts.visitor }];
  if (!d.agentId) return { increments: [...increments, live({ queued: -1 }, notWaiting(d.chatId))], state: [...writes, chatFacts(d.chatId, state, queueLeft(state.chat?.value))] };
  const presence = presenceStep(state.agent?.value, { at, activeDelta: -1 });
  increments.push(...presence.increments(d.agentId), live({ active: -1, ...presence.live }));
  writes.push(presenceWrite(d.agentId, state.agent, -1, presence.next));
  return { increments, state: writes };
}

/** Adds counters name by name (rollup rows summed over buckets, or increments merged). */
export function sumCounters(...rows: readonly Counters[]): Counters {
  const out: Counters = {};
  for (const row of rows) for (const [name, value] of Object.entries(row)) out[name] = (out[name] ?? 0) + value;
  return out;
}

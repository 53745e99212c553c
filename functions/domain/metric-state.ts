/**
 * The small state a few metrics need between events, as pure transitions:
 * - presence (agent utilization): when the agent went online and when they last had ≥ 1 active
 *   chat, so a status change or a closed chat can add the elapsed online / busy time;
 * - a chat's transfer flag (first contact resolution excludes transferred chats);
 * - a visitor's last closed chat (a new chat within N days makes it a repeat contact, which
 *   takes it out of first contact resolution, in the bucket where it was closed).
 * Intervals are counted in the hours and days they fall in. Events that arrive out of order
 * (EventBridge does not promise order) add nothing for a negative interval.
 */
import type { EventDetail } from '../contracts/events';
import type { AgentStatus } from '../contracts/frames';
import { type Counters, dayOf, histKey, hourOf, LONG_CHAT_MIN, type RollupIncrement, SHORT_CHAT_MAX } from './metrics';

export interface PresenceState {
  status: AgentStatus;
  /** epoch ms of the last status change */
  since: number;
  /** chats the agent holds now */
  active: number;
  /** epoch ms since when the agent has been online with ≥ 1 active chat */
  busySince?: number;
}

export interface ChatFacts {
  transferred?: boolean;
  /**
   * Times the chat's entering the queue (chat.requested, a transfer to a department) and its
   * leaving it (chat.assigned, chat.missed, a close nobody took) were counted. Events come in any
   * order (two events of a chat a few ms apart fold at once): an entry counted after its exit
   * must not mark the chat as waiting in the live numbers again.
   */
  queueEntries?: number;
  queueExits?: number;
}

/** A chat entering the queue: whether it waits now (its exit not already counted), and the facts after. */
export function queueEntered(facts: ChatFacts | undefined): { waits: boolean; next: ChatFacts } {
  const entries = (facts?.queueEntries ?? 0) + 1;
  return { waits: entries > (facts?.queueExits ?? 0), next: { ...facts, queueEntries: entries } };
}

/** A chat leaving the queue (taken, missed or closed while waiting): the facts after. */
export function queueLeft(facts: ChatFacts | undefined): ChatFacts {
  return { ...facts, queueExits: (facts?.queueExits ?? 0) + 1 };
}

export interface VisitorCloseState {
  chatId: string;
  closedAt: number;
  /** Counted as first-contact-resolved when it closed (a repeat contact takes that back). */
  qualifies: boolean;
  agentId?: string;
  department?: string;
  tags?: string[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** An interval with no event for longer than this is cut: an agent left online over a weekend is not 60 hours of work. */
export const MAX_INTERVAL_MS = DAY_MS;

/** `[start, end)` cut at hour boundaries (at most MAX_INTERVAL_MS, counted back from `end`). */
export function splitByHour(start: number, end: number): { hour: string; day: string; ms: number }[] {
  const out: { hour: string; day: string; ms: number }[] = [];
  for (let from = Math.max(start, end - MAX_INTERVAL_MS); from < end; ) {
    const to = Math.min(end, (Math.floor(from / HOUR_MS) + 1) * HOUR_MS);
    out.push({ hour: hourOf(from), day: dayOf(from), ms: to - from });
    from = to;
  }
  return out;
}

/** The interval as increments: the team per hour, the agent per day. */
function intervalIncrements(counter: string, agentId: string, start: number, end: number): RollupIncrement[] {
  const parts = splitByHour(start, end);
  const perDay = new Map<string, number>();
  for (const p of parts) perDay.set(p.day, (perDay.get(p.day) ?? 0) + p.ms);
  return [
    ...parts.map((p): RollupIncrement => ({ dim: 'ALL', value: '*', bucket: p.hour, counters: { [counter]: p.ms } })),
    ...[...perDay].map(([day, ms]): RollupIncrement => ({ dim: 'AGENT', value: agentId, bucket: day, counters: { [counter]: ms } })),
  ];
}

const isBusy = (s: PresenceState): boolean => s.status === 'online' && s.active > 0;

export interface PresenceStep {
  next: PresenceState;
  /** Online / busy time the step closes, for `agentId`. */
  increments(agentId: string): RollupIncrement[];
  /** The live busy-agents gauge change. */
  live: Counters;
}

/** A status change or a change in the agent's active chats at `at`. */
export function presenceStep(prev: PresenceState | undefined, change: { at: number; status?: AgentStatus; activeDelta?: number }): PresenceStep {
  const before: PresenceState = prev ?? { status: 'offline', since: change.at, active: 0 };
  const status = change.status ?? before.status;
  const next: PresenceState = {
    status,
    since: status === before.status ? before.since : change.at,
    active: Math.max(0, before.active + (change.activeDelta ?? 0)),
  };
  const wasBusy = isBusy(before);
  const nowBusy = isBusy(next);
  if (nowBusy) next.busySince = wasBusy ? (before.busySince ?? change.at) : change.at;
  const onlineEnds = before.status === 'online' && status !== 'online';
  const busyEnds = wasBusy && !nowBusy;
  return {
    next,
    increments: (agentId) => [
      ...(onlineEnds ? intervalIncrements('onlineMs', agentId, before.since, change.at) : []),
      ...(busyEnds ? intervalIncrements('busyMs', agentId, before.busySince ?? change.at, change.at) : []),
    ],
    live: wasBusy === nowBusy ? {} : { 'agents.busy': nowBusy ? 1 : -1 },
  };
}

/** The counters a closed chat adds, and what to remember about it for repeat contacts. */
export function closeFacts(d: EventDetail<'chat.closed'>, facts: ChatFacts | undefined): { counters: Counters; visitor: VisitorCloseState } {
  const outcome = d.outcome ?? 'none';
  const transferred = facts?.transferred === true;
  const qualifies = d.agentId !== undefined && d.outcome === 'resolved' && !transferred;
  const counters: Counters = { closed: 1, [`closed.${outcome}`]: 1 };
  const add = (c: Counters): void => void Object.assign(counters, c);
  if (transferred) add({ closedTransferred: 1 });
  if (qualifies) add({ fcr: 1 });
  if (d.tags.length > 0) add({ tagged: 1, tagsSum: d.tags.length });
  if (d.cannedMessages !== undefined) add({ cannedCounted: 1, cannedSum: d.cannedMessages, ...(d.cannedMessages > 0 ? { cannedChats: 1 } : {}) });
  if (d.visitorMessages !== undefined && d.agentMessages !== undefined) {
    const total = d.visitorMessages + d.agentMessages;
    add({ msgChats: 1, msgSum: total, msgVisitor: d.visitorMessages, msgAgent: d.agentMessages, [`msgChats.${outcome}`]: 1, [`msgSum.${outcome}`]: total });
    if (total <= SHORT_CHAT_MAX) add({ msgShort: 1 });
    if (total >= LONG_CHAT_MIN) add({ msgLong: 1 });
  }
  if (d.handleMs !== undefined && d.agentId) add({ handleCount: 1, handleSumMs: d.handleMs, [histKey('handle', d.handleMs)]: 1 });
  const closedAt = Date.parse(d.occurredAt);
  const visitor: VisitorCloseState = { chatId: d.chatId, closedAt, qualifies, tags: d.tags };
  if (d.agentId) visitor.agentId = d.agentId;
  if (d.department) visitor.department = d.department;
  return { counters, visitor };
}

/** The visitor's previous chat when a new request at `at` makes it a repeat contact. */
export function repeatContact(previous: VisitorCloseState | undefined, chatId: string, at: number, days: number): { value: VisitorCloseState } | undefined {
  if (!previous?.qualifies || previous.chatId === chatId) return undefined;
  const gap = at - previous.closedAt;
  return gap >= 0 && gap <= days * DAY_MS ? { value: previous } : undefined;
}

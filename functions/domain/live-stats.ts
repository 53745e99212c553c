/**
 * The dashboard's live numbers (docs/metrics.md, "Live numbers"), pure: the live gauges the
 * metrics consumer keeps, today's team counters and the queue as it is now, in; the frame's
 * numbers out. Also which events can move them, and when a push may go (at most one a second,
 * and never a change left unpushed).
 */
import type { EventType } from '../contracts/events';
import type { LiveStats } from '../contracts/frames';
import { type Counters, QUEUED_PREFIX } from './metrics';

/** At most one push a second; a change within the second is pushed when it ends. */
export const LIVE_PUSH_GAP_MS = 1000;

/** Events that move a live number (gauges, today's chats, missed, first responses, SLA breaches, the ticket backlog). */
const LIVE_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'chat.requested',
  'chat.assigned',
  'chat.missed',
  'chat.transferred',
  'chat.closed',
  'message.created',
  'sla.breached',
  'agent.status.changed',
  'ticket.created',
  'ticket.resolved',
  'ticket.reopened',
  'ticket.deleted',
]);

export const movesLiveStats = (type: EventType): boolean => LIVE_EVENTS.has(type);

const gauge = (c: Counters, name: string): number => Math.max(0, c[name] ?? 0);

/**
 * A waiting chat left in the live row for longer than this is not counted: its end was lost
 * (events arrived out of order). No queue keeps a visitor this long.
 */
export const STALE_WAIT_MS = 24 * 60 * 60 * 1000;

/** Today's figures the numbers show, summed over today's team hours. */
export const TODAY_COUNTERS = ['chats', 'missed', 'frtCount', 'frtSumMs', 'slaBreaches'] as const;

/**
 * The numbers: the chats waiting now (the live row's `q#<chatId>` = since when; offered ones too)
 * give the queue length and the longest wait; agents and active chats come from the live
 * gauges, today's figures from today's team hours summed.
 */
export function liveStats(input: { at: number; live: Counters; today: Counters }): LiveStats {
  const { at, live, today } = input;
  const waiting = Object.entries(live)
    .filter(([name, since]) => name.startsWith(QUEUED_PREFIX) && since > at - STALE_WAIT_MS)
    .map(([, since]) => since);
  const frtCount = today.frtCount ?? 0;
  return {
    at,
    queued: waiting.length,
    oldestQueuedAt: waiting.length > 0 ? Math.min(...waiting) : null,
    active: gauge(live, 'active'),
    agents: { online: gauge(live, 'agents.online'), away: gauge(live, 'agents.away'), busy: gauge(live, 'agents.busy') },
    today: {
      day: new Date(at).toISOString().slice(0, 10),
      chats: today.chats ?? 0,
      missed: today.missed ?? 0,
      frtAvgSeconds: frtCount > 0 ? Math.round(((today.frtSumMs ?? 0) / frtCount / 1000) * 10) / 10 : null,
      slaBreaches: today.slaBreaches ?? 0,
    },
    ticketsOpen: gauge(live, 'ticketsOpen'),
  };
}

/** Where the last push stands: when it went, and when the next one is due if one is set. */
export interface LivePushState {
  sentAt?: number;
  dueAt?: number;
}

/** `covered.dueAt`: when the push that covers the change is due, if the store said. */
export type LivePushDecision = { kind: 'now' } | { kind: 'later'; dueAt: number } | { kind: 'covered'; dueAt?: number };

/**
 * A change at `now`: push now (none in the last second), set a push for a second later (none
 * set), or nothing (one is set, and it reads the numbers when it is due: after this change).
 */
export function livePushDecision(state: LivePushState, now: number): LivePushDecision {
  if (state.sentAt === undefined || state.sentAt <= now - LIVE_PUSH_GAP_MS) return { kind: 'now' };
  if (state.dueAt === undefined || state.dueAt < now) return { kind: 'later', dueAt: now + LIVE_PUSH_GAP_MS };
  return { kind: 'covered', dueAt: state.dueAt };
}

/**
 * Metric folding: which daily counters an event adds to. Counted per UTC day, for everyone
 * (`ALL`) and per agent. Pure; the store ADDs them with a de-duplication marker.
 */
import type { ParleyEvent } from '../contracts/events';

export const COUNTERS = [
  'chatsRequested',
  'chatsAssigned',
  'chatsClosed',
  'messagesVisitor',
  'messagesAgent',
  'firstResponseCount',
  'firstResponseMsSum',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Partial<Record<Counter, number>>;

export interface MetricIncrement {
  /** `ALL`, or `AGENT#<agentId>` */
  scope: string;
  counters: Counters;
}

export interface MetricUpdate {
  /** yyyy-mm-dd (UTC) */
  day: string;
  increments: MetricIncrement[];
}

export function utcDay(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function forAllAndAgent(counters: Counters, agentId: string | undefined): MetricIncrement[] {
  const all = [{ scope: 'ALL', counters }];
  return agentId ? [...all, { scope: `AGENT#${agentId}`, counters }] : all;
}

function messageCounters(event: Extract<ParleyEvent, { detailType: 'message.created' }>['detail']): Counters {
  if (event.senderRole === 'visitor') return { messagesVisitor: 1 };
  if (event.senderRole === 'system') return {};
  const first = event.firstResponseMs === undefined ? {} : { firstResponseCount: 1, firstResponseMsSum: event.firstResponseMs };
  return { messagesAgent: 1, ...first };
}

/** The counters `event` adds, or no increments when it counts for nothing. */
export function foldMetrics(event: ParleyEvent): MetricUpdate {
  const day = utcDay(event.detail.occurredAt);
  switch (event.detailType) {
    case 'chat.requested':
      return { day, increments: forAllAndAgent({ chatsRequested: 1 }, undefined) };
    case 'chat.assigned':
      return { day, increments: forAllAndAgent({ chatsAssigned: 1 }, event.detail.agentId) };
    case 'chat.closed':
      return { day, increments: forAllAndAgent({ chatsClosed: 1 }, event.detail.agentId) };
    case 'message.created': {
      const counters = messageCounters(event.detail);
      const agentId = event.detail.senderRole === 'agent' ? event.detail.senderId : event.detail.agentId;
      return { day, increments: Object.keys(counters).length === 0 ? [] : forAllAndAgent(counters, agentId) };
    }
    default:
      // The richer metrics (issue #5) fold the other event types.
      return { day, increments: [] };
  }
}

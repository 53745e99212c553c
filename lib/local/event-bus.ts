/**
 * The local EventBridge bus. `publish` takes PutEvents entries (validated one by one, as
 * EventBridge does: a bad entry fails alone) and delivers each event, as EventBridge's
 * envelope, to every manifest subscription whose pattern matches: asynchronously, at least
 * once, retried with exponential backoff, and dead-lettered (logged) when retries run out.
 *
 * Left out on purpose: archives, replays, input transformers, the 24 h retry window (a laptop
 * does not need a day of retries; five attempts surface a broken consumer quickly).
 */
import { randomUUID } from 'node:crypto';
import type { SubscriptionSpec } from '../../functions/manifest';
import { compilePattern } from './event-pattern';
import type { DeliveryFaults } from './faults';
import type { Invoker } from './functions';

export const LOCAL_BUS_NAME = 'parley';

export interface PutEventsEntry {
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly EventBusName?: unknown;
  readonly Resources?: unknown;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

export interface DeadLetter {
  readonly subscription: string;
  readonly event: EventEnvelope;
  readonly error: string;
}

export interface RetryPolicy {
  /** Total tries per delivery, the first included. @default 5 */
  readonly attempts: number;
  /** Delay before the first retry; doubles each time. @default 100 */
  readonly baseDelayMs: number;
}

export interface EventBusOptions {
  readonly subscriptions: readonly SubscriptionSpec[];
  readonly invoker: Invoker;
  readonly retry?: RetryPolicy;
  /** Injected so tests check the backoff without waiting for it. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Test-only fault injection (chaos harness): refused entries, duplicate and late deliveries. */
  readonly faults?: DeliveryFaults;
  /** Sees every accepted event, as a developer's own catch-all rule would (tests, the bench). */
  readonly onEvent?: (event: EventEnvelope) => void;
}

export interface EventBus {
  publish(entries: readonly PutEventsEntry[]): PutEventsResultEntry[];
  /** Whether a delivery is still pending. */
  busy(): boolean;
  /** Resolves when every event published so far is delivered or dead-lettered. */
  idle(): Promise<void>;
  readonly deadLetters: readonly DeadLetter[];
}

class EntryError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function busNameOf(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'default';
  if (typeof value !== 'string') throw new EntryError('InvalidArgument', 'EventBusName must be a string.');
  return value.replace(/^arn:aws[^:]*:events:[^:]*:[^:]*:event-bus\//, '');
}

function parseDetail(detail: unknown): Record<string, unknown> {
  if (typeof detail !== 'string') throw new EntryError('InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is missing.');
  try {
    const parsed: unknown = JSON.parse(detail);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the error EventBridge gives for anything that is not a JSON object.
  }
  throw new EntryError('MalformedDetail', 'Detail is malformed.');
}

function requiredString(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new EntryError('InvalidArgument', `Parameter ${field} is not valid. Reason: ${field} is a required argument.`);
}

/** EventBridge's time format: ISO-8601 to the second. */
function eventTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Validates one PutEvents entry into an envelope, or throws an EntryError. */
export function toEnvelope(entry: PutEventsEntry, now = new Date()): EventEnvelope {
  const bus = busNameOf(entry.EventBusName);
  if (bus !== LOCAL_BUS_NAME) throw new EntryError('InvalidArgument', `Event bus ${bus} does not exist.`);
  const resources = Array.isArray(entry.Resources) ? entry.Resources.filter((r): r is string => typeof r === 'string') : [];
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': requiredString(entry.DetailType, 'DetailType'),
    source: requiredString(entry.Source, 'Source'),
    account: '000000000000',
    time: eventTime(now),
    region: 'us-east-1',
    resources,
    detail: parseDetail(entry.Detail),
  };
}

export function createEventBus(options: EventBusOptions): EventBus {
  const retry = options.retry ?? { attempts: 5, baseDelayMs: 100 };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const routes = options.subscriptions.map((spec) => ({ spec, matches: compilePattern(spec.pattern) }));
  const deadLetters: DeadLetter[] = [];
  const pending = new Set<Promise<void>>();

  async function deliver(spec: SubscriptionSpec, event: EventEnvelope): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await options.invoker.invoke(spec, event);
        return;
      } catch (error) {
        if (attempt >= retry.attempts) {
          deadLetters.push({ subscription: spec.name, event, error: String(error) });
          console.error(`[parley-local] dead-lettered ${event['detail-type']} ${event.id} for ${spec.name} after ${attempt} attempts:`, error);
          return;
        }
        await sleep(retry.baseDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  function schedule(spec: SubscriptionSpec, event: EventEnvelope): void {
    const copies = options.faults?.copies() ?? 1;
    for (let copy = 0; copy < copies; copy++) {
      const delayMs = options.faults?.delayMs() ?? 0;
      // setImmediate: delivery never runs inside the publisher's call, as on AWS.
      const due = delayMs > 0 ? sleep(delayMs) : new Promise<void>((resolve) => setImmediate(resolve));
      const delivery = due.then(() => deliver(spec, event));
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
    }
  }

  function publishOne(entry: PutEventsEntry): PutEventsResultEntry {
    try {
      if (options.faults?.refuseEntry()) return { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected fault: the event bus refused this entry' };
      const event = toEnvelope(entry);
      options.onEvent?.(event);
      for (const route of routes) if (route.matches(event)) schedule(route.spec, event);
      return { EventId: event.id };
    } catch (error) {
      if (error instanceof EntryError) return { ErrorCode: error.code, ErrorMessage: error.message };
      throw error;
    }
  }

  return {
    publish: (entries) => entries.map(publishOne),
    busy: () => pending.size > 0,
    async idle() {
      // A delivery may publish more events (routing → chat.assigned): wait until none remain.
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    deadLetters,
  };
}

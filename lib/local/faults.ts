/**
 * Fault injection for the chaos harness and reliability tests: a test-only option of
 * `startLocal` (`faults`), off unless asked for. Every fault happens where AWS would produce it,
 * outside functions/: the invoker (a Lambda that fails before or after doing its work), the
 * event bus (duplicate and late deliveries, PutEvents refusing entries), the @connections API
 * (429 throttling; 410 for a socket the gateway just lost), the gateway (sockets dropped) and
 * DynamoDB Local (its Java process stopped with SIGSTOP, then resumed).
 * Rolls come from a seeded generator, so a failing run can be repeated with its seed.
 */
import type { Invoker } from './functions';

export interface FaultRates {
  /** Fraction of function invocations that fail: half before the handler runs, half after it did its work (its result is lost). */
  readonly invocationFailureRate: number;
  /** Fraction of event deliveries delivered twice. */
  readonly duplicateDeliveryRate: number;
  /** Each event delivery waits a random 0..this many ms (out-of-order, late deliveries). */
  readonly maxDeliveryDelayMs: number;
  /** Fraction of @connections posts answered 429 LimitExceededException. */
  readonly throttleRate: number;
  /** Fraction of @connections posts answered 410 GoneException, the socket dropped with it. */
  readonly goneRate: number;
}

export interface FaultPlan extends Partial<FaultRates> {
  /** Seed of the generator behind every roll. @default 1 */
  readonly seed?: number;
}

export const NO_FAULTS: FaultRates = { invocationFailureRate: 0, duplicateDeliveryRate: 0, maxDeliveryDelayMs: 0, throttleRate: 0, goneRate: 0 };

/** What the harness can do to a running local runtime. */
export interface FaultController {
  /** Replaces the rates from now on (e.g. all zero for the final check). */
  configure(rates: Partial<FaultRates>): void;
  /** Drops this fraction of open sockets at once, abruptly (close code 1006): 1 = a reconnect storm. Returns how many. */
  dropSockets(fraction: number): number;
  /** Stops DynamoDB Local (SIGSTOP) for `ms`, then resumes it: every call meanwhile hangs. */
  pauseDynamoDb(ms: number): Promise<void>;
  /** For `ms`, PutEvents refuses every entry with InternalFailure (an EventBridge outage): writes succeed, publishing fails. */
  refusePublishing(ms: number): void;
  /** How many faults of each kind were injected so far. */
  readonly injected: Readonly<Record<string, number>>;
}

/** mulberry32: small, fast, good enough to spread faults; the same seed gives the same rolls. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type PostFault = 'throttle' | 'gone' | undefined;

/** The hooks the bus consults for each entry and delivery. */
export interface DeliveryFaults {
  /** Whether PutEvents refuses this entry (InternalFailure). */
  refuseEntry(): boolean;
  /** How many times to deliver this event to one target (1 normally, 2 when duplicated). */
  copies(): number;
  /** How long to hold this delivery back. */
  delayMs(): number;
}

export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** The rolls and counters behind a FaultController; the runtime wires its hooks in. */
export class FaultInjector implements DeliveryFaults {
  private rates: FaultRates;
  private readonly random: () => number;
  private publishingRefusedUntil = 0;
  readonly injected: Record<string, number> = {};

  constructor(plan: FaultPlan) {
    const { seed = 1, ...rates } = plan;
    this.rates = { ...NO_FAULTS, ...rates };
    this.random = seededRandom(seed);
  }

  configure(rates: Partial<FaultRates>): void {
    this.rates = { ...this.rates, ...rates };
  }

  count(kind: string, n = 1): void {
    this.injected[kind] = (this.injected[kind] ?? 0) + n;
  }

  private roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  refusePublishingFor(ms: number): void {
    this.publishingRefusedUntil = Math.max(this.publishingRefusedUntil, Date.now() + ms);
    this.count('publishingOutages');
  }

  refuseEntry(): boolean {
    if (Date.now() >= this.publishingRefusedUntil) return false;
    this.count('putEventsRefused');
    return true;
  }

  copies(): number {
    if (!this.roll(this.rates.duplicateDeliveryRate)) return 1;
    this.count('duplicateDeliveries');
    return 2;
  }

  delayMs(): number {
    const max = this.rates.maxDeliveryDelayMs;
    if (max <= 0) return 0;
    this.count('delayedDeliveries');
    return Math.round(this.random() * max);
  }

  postFault(): PostFault {
    if (this.roll(this.rates.goneRate)) {
      this.count('gone410');
      return 'gone';
    }
    if (this.roll(this.rates.throttleRate)) {
      this.count('throttled429');
      return 'throttle';
    }
    return undefined;
  }

  /** 'before', 'after' or undefined: whether (and when) this invocation fails. */
  invocationFault(): 'before' | 'after' | undefined {
    if (!this.roll(this.rates.invocationFailureRate)) return undefined;
    const when = this.random() < 0.5 ? 'before' : 'after';
    this.count(when === 'before' ? 'handlerFailedBefore' : 'handlerFailedAfter');
    return when;
  }

  /** Picks `fraction` of `items` at random (at least one when the fraction is positive and there are any). */
  pick<T>(items: readonly T[], fraction: number): T[] {
    if (fraction <= 0 || items.length === 0) return [];
    const chosen = items.filter(() => this.random() < fraction);
    return chosen.length > 0 ? chosen : [items[Math.floor(this.random() * items.length)] as T];
  }
}

/**
 * An invoker whose invocations sometimes fail the way a Lambda does: before the handler runs
 * (throttled, crashed at init) or after it did all its work (timed out before answering), so
 * whoever invoked it (gateway, bus) sees an error either way and retries, or the client does.
 */
export function faultyInvoker(invoker: Invoker, faults: FaultInjector): Invoker {
  return {
    async invoke(spec, event) {
      const fault = faults.invocationFault();
      if (fault === 'before') throw new InjectedFault(`Injected fault: ${spec.name} failed before running`);
      const result = await invoker.invoke(spec, event);
      if (fault === 'after') throw new InjectedFault(`Injected fault: ${spec.name} failed after running`);
      return result;
    },
  };
}

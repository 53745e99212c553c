/**
 * The first line of rate limiting: a token bucket per connection, in this function instance's
 * memory. It costs no AWS call, so every message and typing event can pass through it. A warm
 * instance sees most of a connection's frames; what it cannot see (frames spread across
 * instances) the stored per-chat counter catches (send-message.ts). Staff get four times the
 * visitor budget: one agent answers many chats from one console.
 */
import type { RateLimits } from '../contracts/config';
import { isStaff } from '../domain/chat';
import { RateLimitedError } from '../domain/errors';
import { type TokenBucket, takeToken } from '../domain/rate-limits';
import type { SocketContext } from './socket-context';

const STAFF_FACTOR = 4;
/** Bounds the memory: the oldest buckets go first (a refilled bucket is the same as none). */
const MAX_BUCKETS = 20_000;

export type LimitedKind = 'messages' | 'typing';

export class ConnectionLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  /** Spends one token of `kind` for the connection; throws RateLimitedError when there is none. */
  take(kind: LimitedKind, ctx: SocketContext, limits: RateLimits, now: number): void {
    const base = limits[kind];
    const factor = isStaff(ctx.caller) ? STAFF_FACTOR : 1;
    const key = `${kind}:${ctx.connectionId}`;
    const decision = takeToken(this.buckets.get(key), { perSecond: base.perSecond * factor, burst: base.burst * factor }, now);
    this.buckets.delete(key);
    this.buckets.set(key, decision.state);
    if (this.buckets.size > MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    if (!decision.allowed) throw new RateLimitedError(`Too many ${kind === 'messages' ? 'messages' : 'typing events'} from this connection; retry in ${decision.retryAfterMs} ms`, decision.retryAfterMs);
  }
}

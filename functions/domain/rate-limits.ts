/**
 * Rate limits, pure. Two shapes, for two places a limit can live (docs/decisions.md):
 * - a token bucket (`takeToken`) kept in memory per warm Lambda and per connection: smooth,
 *   free, but only as wide as one instance sees;
 * - a fixed-window counter (`countInWindow`) stored on an item the request writes anyway (the
 *   chat, for a visitor's messages) or on its own item (session creations per address): it
 *   holds across instances and connections.
 */

export interface TokenBucket {
  tokens: number;
  /** epoch ms of the last refill */
  at: number;
}

export interface BucketPolicy {
  perSecond: number;
  burst: number;
}

export interface WindowCount {
  /** Start of the window, epoch ms. */
  window: number;
  count: number;
}

export interface WindowPolicy {
  max: number;
  windowSeconds: number;
}

export interface RateDecision<S> {
  /** The state to keep (unchanged when refused). */
  state: S;
  allowed: boolean;
  /** When refused: ms until a retry can succeed. */
  retryAfterMs: number;
}

/** Takes one token from the bucket (refilled for the time since its last use). */
export function takeToken(bucket: TokenBucket | undefined, policy: BucketPolicy, now: number): RateDecision<TokenBucket> {
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
  const tokens = bucket ? Math.min(policy.burst, bucket.tokens + (elapsed * policy.perSecond) / 1000) : policy.burst;
  if (tokens >= 1) return { state: { tokens: tokens - 1, at: now }, allowed: true, retryAfterMs: 0 };
  return { state: { tokens, at: now }, allowed: false, retryAfterMs: Math.ceil(((1 - tokens) * 1000) / policy.perSecond) };
}

/** The window `now` falls in. */
export function windowStart(policy: WindowPolicy, now: number): number {
  const size = policy.windowSeconds * 1000;
  return Math.floor(now / size) * size;
}

/** Counts one more request in the current fixed window; refused once `max` were counted. */
export function countInWindow(current: WindowCount | undefined, policy: WindowPolicy, now: number): RateDecision<WindowCount> {
  const window = windowStart(policy, now);
  const count = current?.window === window ? current.count : 0;
  if (count < policy.max) return { state: { window, count: count + 1 }, allowed: true, retryAfterMs: 0 };
  return { state: { window, count }, allowed: false, retryAfterMs: window + policy.windowSeconds * 1000 - now };
}

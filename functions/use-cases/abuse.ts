/**
 * Keeping abusers out, shared by the doors a visitor comes through: POST /sessions (a limit per
 * network address, then the block check), $connect and startChat (the block check).
 */
import type { RateLimits } from '../contracts/config';
import { blockSubjects, type VisitorIdentity } from '../domain/blocks';
import { BlockedError, RateLimitedError } from '../domain/errors';
import { countInWindow, windowStart } from '../domain/rate-limits';
import type { AbuseStore, Clock } from './ports';

/** Refuses with `blocked` when any of the identity's subjects is blocked. */
export async function requireNotBlocked(deps: { store: Pick<AbuseStore, 'findBlock'>; clock: Clock }, identity: VisitorIdentity): Promise<void> {
  const block = await deps.store.findBlock(blockSubjects(identity), Math.floor(deps.clock.now() / 1000));
  if (block) throw new BlockedError();
}

/** Counts a session creation from `address`; refuses with `rate_limited` over the window's max. */
export async function limitSessions(deps: { store: Pick<AbuseStore, 'countHit'>; clock: Clock; config: { rateLimits: RateLimits } }, address: string | undefined): Promise<void> {
  if (!address) return;
  const policy = deps.config.rateLimits.sessionsPerAddress;
  const now = deps.clock.now();
  const window = windowStart(policy, now);
  const ttl = Math.floor(window / 1000) + policy.windowSeconds + 60;
  if (await deps.store.countHit(`sessions:${address}`, window, policy.max, ttl)) return;
  const { retryAfterMs } = countInWindow({ window, count: policy.max }, policy, now);
  throw new RateLimitedError(`Too many new sessions from this address; retry in ${Math.ceil(retryAfterMs / 1000)} s`, retryAfterMs);
}

/**
 * Badges (PRODUCT.md, Team: gamification "from the metrics above: fast first response, high CSAT,
 * chats resolved"), earned from an agent's own counters over the report's range, each with a floor
 * of chats so one lucky chat earns nothing. Absolute thresholds, not ranks: an agent reading their
 * own numbers earns the same badges as in the team's table, and several agents can earn one.
 * Defined in docs/metrics.md ("Badges").
 */
import type { Counters } from './metrics';

export const BADGES = ['fast-responder', 'customer-favourite', 'resolver'] as const;
export type Badge = (typeof BADGES)[number];

/** The fewest first responses, ratings or chats a badge is judged on. */
export const BADGE_MIN_FRT = 5;
export const BADGE_MIN_RATINGS = 5;
export const BADGE_MIN_RESOLVED = 10;
/** Shares (of first responses within the target, of 4–5 ratings, of chats taken resolved) a badge needs. */
export const BADGE_FRT_WITHIN_SHARE = 0.9;
export const BADGE_POSITIVE_SHARE = 0.9;
export const BADGE_RESOLVED_SHARE = 0.8;

const n = (c: Counters, key: string): number => c[key] ?? 0;

/** The badges an agent's counters earn, in BADGES order. */
export function badgesOf(c: Counters): Badge[] {
  const earned: Badge[] = [];
  const frt = n(c, 'frtCount');
  if (frt >= BADGE_MIN_FRT && n(c, 'frtWithinTarget') >= BADGE_FRT_WITHIN_SHARE * frt) earned.push('fast-responder');
  const ratings = n(c, 'ratingCount');
  if (ratings >= BADGE_MIN_RATINGS && n(c, 'ratingPositive') >= BADGE_POSITIVE_SHARE * ratings) earned.push('customer-favourite');
  const resolved = n(c, 'closed.resolved');
  const taken = n(c, 'assigned') + n(c, 'takenByTransfer');
  if (resolved >= BADGE_MIN_RESOLVED && resolved >= BADGE_RESOLVED_SHARE * taken) earned.push('resolver');
  return earned;
}

/**
 * Reconnect delays: exponential growth with "equal jitter" (half fixed, half random), so a
 * thousand widgets dropped by one deploy do not reconnect in lockstep, yet none waits near zero.
 * Left out on purpose: a retry limit. A chat client should keep trying while the tab is open;
 * the cap keeps the wait short once the network is back.
 */
export interface BackoffOptions {
  /** @default 500 */
  readonly baseMs?: number;
  /** @default 15000 */
  readonly maxMs?: number;
}

/** Delay before reconnect attempt `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 15_000;
  const ceiling = Math.min(max, base * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countInWindow, takeToken, type TokenBucket } from '../../../../functions/domain/rate-limits';

describe('takeToken', () => {
  const policy = { perSecond: 2, burst: 3 };

  it('allows a burst, then refuses with the wait until the next token', () => {
    let bucket: TokenBucket | undefined;
    const allowed: boolean[] = [];
    let retry = 0;
    for (let i = 0; i < 4; i++) {
      const d = takeToken(bucket, policy, 1000);
      bucket = d.state;
      allowed.push(d.allowed);
      retry = d.retryAfterMs;
    }

    expect(allowed).toEqual([true, true, true, false]);
    expect(retry).toBe(500);
  });

  it('refills at perSecond, never above burst', () => {
    const empty = { tokens: 0, at: 0 };

    expect(takeToken(empty, policy, 499).allowed).toBe(false);
    expect(takeToken(empty, policy, 500).allowed).toBe(true);
    expect(takeToken(empty, policy, 60_000).state.tokens).toBe(2);
  });

  it('never lets more than burst + perSecond × elapsed requests through', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        let bucket: TokenBucket | undefined;
        let now = 0;
        let passed = 0;
        for (const gap of gaps) {
          now += gap;
          const d = takeToken(bucket, policy, now);
          bucket = d.state;
          if (d.allowed) passed++;
        }
        expect(passed).toBeLessThanOrEqual(policy.burst + Math.floor((now * policy.perSecond) / 1000));
      }),
    );
  });
});

describe('countInWindow', () => {
  const policy = { max: 2, windowSeconds: 10 };

  it('counts up to max in a window, refuses until the next window starts', () => {
    const first = countInWindow(undefined, policy, 12_000);
    const second = countInWindow(first.state, policy, 13_000);
    const third = countInWindow(second.state, policy, 14_000);
    const next = countInWindow(third.state, policy, 20_000);

    expect([first.allowed, second.allowed, third.allowed, next.allowed]).toEqual([true, true, false, true]);
    expect(third.retryAfterMs).toBe(6_000);
    expect(third.state).toEqual({ window: 10_000, count: 2 });
    expect(next.state).toEqual({ window: 20_000, count: 1 });
  });
});

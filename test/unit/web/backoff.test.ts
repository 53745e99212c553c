import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../web/sdk/backoff';

describe('reconnect backoff', () => {
  it.each([
    { attempt: 0, random: 0, delay: 250 },
    { attempt: 0, random: 1, delay: 500 },
    { attempt: 1, random: 0, delay: 500 },
    { attempt: 3, random: 0.5, delay: 3_000 },
    { attempt: 10, random: 0, delay: 7_500 },
    { attempt: 10, random: 1, delay: 15_000 },
  ])('waits $delay ms before attempt $attempt when the jitter draw is $random', ({ attempt, random, delay }) => {
    expect(backoffDelay(attempt, () => random)).toBe(delay);
  });
});

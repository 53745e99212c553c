import { describe, expect, it } from 'vitest';
import { forEachLimited } from '../../../../functions/use-cases/concurrency';

describe('forEachLimited', () => {
  it.each([1, 3, 8])('runs every item with at most %i in flight', async (limit) => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];

    await forEachLimited([...Array(20).keys()], limit, async (item) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      done.push(item);
    });

    expect(peak).toBe(limit);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });
});

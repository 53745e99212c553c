import { describe, expect, it } from 'vitest';
import { mean, median, percentile, round } from '../../bench/stats';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose

  it.each([
    [50, 50],
    [95, 95],
    [99, 99],
    [100, 100],
    [1, 1],
  ])('returns the p%i value that was observed: %i', (p, expected) => {
    expect(percentile(hundred, p)).toBe(expected);
  });

  it('returns the single value of a one-element list for every p', () => {
    expect([percentile([7], 1), percentile([7], 50), percentile([7], 99)]).toEqual([7, 7, 7]);
  });

  it('returns NaN for no values rather than a made-up number', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it.each([0, -1, 101])('rejects p = %i', (p) => {
    expect(() => percentile([1, 2], p)).toThrow(RangeError);
  });

  it('leaves its input in the order it was given', () => {
    const values = [3, 1, 2];

    percentile(values, 50);

    expect(values).toEqual([3, 1, 2]);
  });
});

describe('median, mean and round', () => {
  it('takes the lower middle of an even list as the median', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('averages values', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it.each([
    [1.23456, 3, 1.235],
    [0.1 + 0.2, 3, 0.3],
    [12.35, 1, 12.4],
  ])('rounds %f to %i digits as %f', (value, digits, expected) => {
    expect(round(value, digits)).toBe(expected);
  });
});

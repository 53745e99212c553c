import { describe, expect, it } from 'vitest';
import { badgesOf } from '../../../../functions/domain/badges';

describe('badges', () => {
  it('earns fast-responder with at least 5 first responses, 90 % of them within the target', () => {
    expect(badgesOf({ frtCount: 10, frtWithinTarget: 9 })).toEqual(['fast-responder']);
    expect(badgesOf({ frtCount: 10, frtWithinTarget: 8 })).toEqual([]);
    expect(badgesOf({ frtCount: 4, frtWithinTarget: 4 })).toEqual([]);
  });

  it('earns customer-favourite with at least 5 ratings, 90 % of them 4 or 5', () => {
    expect(badgesOf({ ratingCount: 5, ratingPositive: 5 })).toEqual(['customer-favourite']);
    expect(badgesOf({ ratingCount: 10, ratingPositive: 8 })).toEqual([]);
    expect(badgesOf({ ratingCount: 4, ratingPositive: 4 })).toEqual([]);
  });

  it('earns resolver with at least 10 resolved, 80 % of the chats taken, transfers in included', () => {
    expect(badgesOf({ 'closed.resolved': 10, assigned: 12 })).toEqual(['resolver']);
    expect(badgesOf({ 'closed.resolved': 10, assigned: 10, takenByTransfer: 3 })).toEqual([]);
    expect(badgesOf({ 'closed.resolved': 9, assigned: 9 })).toEqual([]);
  });

  it('lists every badge earned, in a fixed order, and none from no counters', () => {
    expect(badgesOf({ 'closed.resolved': 20, assigned: 20, ratingCount: 9, ratingPositive: 9, frtCount: 20, frtWithinTarget: 20 })).toEqual(['fast-responder', 'customer-favourite', 'resolver']);
    expect(badgesOf({})).toEqual([]);
  });
});

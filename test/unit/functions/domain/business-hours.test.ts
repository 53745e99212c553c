import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../../../../functions/contracts/config';
import { addBusinessSeconds, isWithinHours } from '../../../../functions/domain/business-hours';

const weekdays9to5: BusinessHours = {
  timezone: 'Europe/Helsinki',
  weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '12:00'], ['13:00', '17:00']] },
  holidays: ['2026-12-24'],
};
const everyDay = (open: string, close: string, timezone = 'Europe/Helsinki'): BusinessHours => ({
  timezone,
  weekly: Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [[open, close]]])),
});
const at = (iso: string): number => Date.parse(iso);

describe('isWithinHours', () => {
  it.each([
    ['always open without hours', undefined, '2026-11-22T03:00:00Z', true],
    ['closed a minute before opening (Mon 08:59 Helsinki)', weekdays9to5, '2026-11-23T06:59:00Z', false],
    ['open at the opening minute (Mon 09:00)', weekdays9to5, '2026-11-23T07:00:00Z', true],
    ['open the last second before closing (Mon 16:59:59)', weekdays9to5, '2026-11-23T14:59:59Z', true],
    ['closed at closing time (Mon 17:00)', weekdays9to5, '2026-11-23T15:00:00Z', false],
    ['closed over a lunch break (Fri 12:30)', weekdays9to5, '2026-11-27T10:30:00Z', false],
    ['closed on a day without hours (Sat 12:00)', weekdays9to5, '2026-11-28T10:00:00Z', false],
    ['closed on a holiday (Thu 24 Dec, 10:00)', weekdays9to5, '2026-12-24T08:00:00Z', false],
    ['judged by the local date, not UTC (Mon 00:30 local is Sun in UTC)', everyDay('00:00', '01:00'), '2026-11-22T22:30:00Z', true],
    ['judged in summer time after the change (Mon 30 Mar 09:00 EEST = 06:00Z)', weekdays9to5, '2026-03-30T06:00:00Z', true],
  ])('%s', (_name, hours, iso, open) => {
    expect(isWithinHours(hours, at(iso))).toBe(open);
  });
});

describe('addBusinessSeconds', () => {
  it.each([
    ['elapsed time without hours', undefined, '2026-11-22T03:00:00Z', 90, '2026-11-22T03:01:30Z'],
    ['elapsed time inside the hours', weekdays9to5, '2026-11-23T08:00:00Z', 60, '2026-11-23T08:01:00Z'],
    ['from before opening: counts from the opening', weekdays9to5, '2026-11-23T05:00:00Z', 60, '2026-11-23T07:01:00Z'],
    ['across closing: the rest the next morning', weekdays9to5, '2026-11-23T14:59:30Z', 60, '2026-11-24T07:00:30Z'],
    ['across a lunch break', weekdays9to5, '2026-11-27T09:59:00Z', 120, '2026-11-27T11:01:00Z'],
    ['from Friday evening: Monday morning', weekdays9to5, '2026-11-27T16:00:00Z', 60, '2026-11-30T07:01:00Z'],
    ['over a holiday: the next open day', weekdays9to5, '2026-12-23T14:59:00Z', 120, '2026-12-25T07:01:00Z'],
    // Sat 28 Mar 16:00 EET (UTC+2) + 2 open hours: 1 h on Saturday, 1 h from Sunday 09:00 EEST (UTC+3).
    ['across the spring-forward night', everyDay('09:00', '17:00'), '2026-03-28T14:00:00Z', 7200, '2026-03-29T07:00:00Z'],
    // Sun 25 Oct is 25 hours long in Helsinki: 24 open hours from local midnight end at 23:00 local.
    ['through the fall-back day', everyDay('00:00', '24:00'), '2026-10-24T21:00:00Z', 86_400, '2026-10-25T21:00:00Z'],
    ['in New York, where the change is on another date', everyDay('09:00', '17:00', 'America/New_York'), '2026-03-07T21:00:00Z', 7200, '2026-03-08T14:00:00Z'],
  ])('%s', (_name, hours, fromIso, seconds, expectedIso) => {
    expect(new Date(addBusinessSeconds(hours, at(fromIso), seconds)).toISOString()).toBe(new Date(at(expectedIso)).toISOString());
  });

  const instant = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') });
  const hoursArb = fc.constantFrom<BusinessHours | undefined>(undefined, weekdays9to5, everyDay('08:00', '20:00', 'America/New_York'), everyDay('00:00', '24:00', 'Australia/Sydney'));

  it('never ends sooner than the same span of plain time, and always ends inside the hours', () => {
    fc.assert(
      fc.property(hoursArb, instant, fc.integer({ min: 1, max: 3 * 86_400 }), (hours, from, seconds) => {
        const deadline = addBusinessSeconds(hours, from, seconds);
        expect(deadline - from).toBeGreaterThanOrEqual(seconds * 1000);
        expect(isWithinHours(hours, deadline - 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('adds up: a span split in two ends where the whole span ends', () => {
    fc.assert(
      fc.property(hoursArb, instant, fc.integer({ min: 1, max: 86_400 }), fc.integer({ min: 1, max: 86_400 }), (hours, from, a, b) => {
        expect(addBusinessSeconds(hours, addBusinessSeconds(hours, from, a), b)).toBe(addBusinessSeconds(hours, from, a + b));
      }),
      { numRuns: 200 },
    );
  });
});

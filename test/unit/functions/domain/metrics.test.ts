import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { foldMetrics, histKey, sumCounters } from '../../../../functions/domain/metrics';
import { presenceStep, repeatContact, splitByHour } from '../../../../functions/domain/metric-state';
import { histQuantile, toCsv, weekOf } from '../../../../functions/domain/reports';

const base = { version: 1 as const, occurredAt: '2026-11-21T23:59:59.000Z' };
const policy = { firstResponseTargetSeconds: 60, repeatContactDays: 7 };

describe('foldMetrics', () => {
  it.each<[string, ParleyEvent, { dim: string; value: string; bucket: string; counters: Record<string, number> }[]]>([
    [
      'a request counts for the team (per hour), its department (per day) and the live queue',
      { detailType: 'chat.requested', detail: { ...base, eventId: 'e', chatId: 'c', visitorId: 'v', department: 'sales', proactive: true } },
      [
        { dim: 'ALL', value: '*', bucket: '2026-11-21T23', counters: { chats: 1, chatsProactive: 1 } },
        { dim: 'DEPT', value: 'sales', bucket: '2026-11-21', counters: { chats: 1, chatsProactive: 1 } },
        { dim: 'LIVE', value: '*', bucket: 'now', counters: { queued: 1 } },
      ],
    ],
    [
      'an agent’s first reply counts its response time for the agent',
      { detailType: 'message.created', detail: { ...base, eventId: 'e', chatId: 'c', seq: 3, senderRole: 'agent', senderId: 'a1', agentId: 'a1', firstResponseMs: 75_000, length: 5 } },
      [
        { dim: 'ALL', value: '*', bucket: '2026-11-21T23', counters: { frtCount: 1, frtSumMs: 75_000, 'frt.h6': 1 } },
        { dim: 'AGENT', value: 'a1', bucket: '2026-11-21', counters: { frtCount: 1, frtSumMs: 75_000, 'frt.h6': 1 } },
      ],
    ],
    ['an ordinary message counts for nothing', { detailType: 'message.created', detail: { ...base, eventId: 'e', chatId: 'c', seq: 2, senderRole: 'visitor', senderId: 'v', length: 2 } }, []],
    [
      'a rating counts for the team and the agent',
      { detailType: 'chat.rated', detail: { ...base, eventId: 'e', chatId: 'c', visitorId: 'v', agentId: 'a1', rating: 2 } },
      [
        { dim: 'ALL', value: '*', bucket: '2026-11-21T23', counters: { ratingCount: 1, ratingSum: 2, 'rating.s2': 1, ratingNegative: 1 } },
        { dim: 'AGENT', value: 'a1', bucket: '2026-11-21', counters: { ratingCount: 1, ratingSum: 2, 'rating.s2': 1, ratingNegative: 1 } },
      ],
    ],
    ['an unknown-to-metrics event (a block) counts for nothing', { detailType: 'visitor.blocked', detail: { ...base, eventId: 'e', visitorId: 'v', agentId: 'a1' } }, []],
  ])('%s', (_name, event, increments) => {
    expect(foldMetrics(event, {}, policy).increments).toEqual(increments);
  });

  it('files an event under its UTC hour whatever the offset it was written with', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (date) => {
        const event: ParleyEvent = { detailType: 'chat.requested', detail: { ...base, occurredAt: date.toISOString(), eventId: 'e', chatId: 'c', visitorId: 'v' } };
        expect(foldMetrics(event, {}, policy).increments[0]?.bucket).toBe(date.toISOString().slice(0, 13));
      }),
    );
  });
});

describe('presence intervals', () => {
  it('cuts an interval at hour boundaries without losing or adding a millisecond (up to a day)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.integer({ min: 0, max: 86_400_000 }), (start, length) => {
        const parts = splitByHour(start, start + length);
        expect(parts.reduce((sum, p) => sum + p.ms, 0)).toBe(length);
        expect(parts.every((p) => p.ms > 0 && p.ms <= 3_600_000)).toBe(true);
      }),
    );
  });

  it('counts online time when the agent leaves online, and busy time when their last chat ends', () => {
    const online = presenceStep(undefined, { at: 0, status: 'online' }).next;
    const busy = presenceStep(online, { at: 60_000, activeDelta: 1 });
    const idle = presenceStep(busy.next, { at: 660_000, activeDelta: -1 });
    const off = presenceStep(idle.next, { at: 3_600_000, status: 'offline' });

    expect(busy.live).toEqual({ 'agents.busy': 1 });
    expect(sumCounters(...idle.increments('a1').filter((i) => i.dim === 'AGENT').map((i) => i.counters))).toEqual({ busyMs: 600_000 });
    expect(sumCounters(...off.increments('a1').filter((i) => i.dim === 'AGENT').map((i) => i.counters))).toEqual({ onlineMs: 3_600_000 });
  });

  it.each([
    ['a resolved chat closed 6 days before', 6, true],
    ['a resolved chat closed 8 days before', 8, false],
  ])('a new request makes %s a repeat contact: %s', (_name, days, repeat) => {
    const previous = { chatId: 'c1', closedAt: 0, qualifies: true };
    expect(repeatContact(previous, 'c2', days * 86_400_000, 7) !== undefined).toBe(repeat);
  });
});

describe('reports', () => {
  it('reads the median from the bucket holding the middle value', () => {
    const c = { [histKey('frt', 3_000)]: 2, [histKey('frt', 50_000)]: 1 };
    expect([histQuantile(c, 'frt', 0.5), histQuantile(c, 'frt', 0.9), histQuantile({}, 'frt', 0.5)]).toEqual([5, 60, null]);
  });

  it.each([
    ['2026-11-16', '2026-11-16'],
    ['2026-11-22', '2026-11-16'],
    ['2026-11-01', '2026-10-26'],
  ])('puts %s in the ISO week starting %s', (day, monday) => {
    expect(weekOf(day)).toBe(monday);
  });

  it('writes CSV that a spreadsheet opens as text: quotes, commas, newlines and formulas escaped', () => {
    expect(toCsv([{ key: 'a,"b"', n: 1 }, { key: '=SUM(A1)', n: null }])).toBe('key,n\r\n"a,""b""",1\r\n\'=SUM(A1),\r\n');
  });
});

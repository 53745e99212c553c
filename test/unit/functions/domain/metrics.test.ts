import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { foldMetrics, histKey, sumCounters } from '../../../../functions/domain/metrics';
import { presenceStep, repeatContact, splitByHour } from '../../../../functions/domain/metric-state';
import { histQuantile, toCsv, weekOf } from '../../../../functions/domain/reports';

const base = { version: 1 as const, occurredAt: '2026-11-21T23:59:59.000Z' };
const policy = { firstResponseTargetSeconds: 60, repeatContactDays: 7 };

describe('foldMetrics', () => {
  it.each<[string, ParleyEvent, { dim: string; value: string; bucket: string; counters: Record<string, number>; set?: Record<string, number> }[]]>([
    [
      'a request counts for the team (per hour), its department (per day) and the live queue',
      { detailType: 'chat.requested', detail: { ...base, eventId: 'e', chatId: 'c', visitorId: 'v', department: 'sales', proactive: true } },
      [
        { dim: 'ALL', value: '*', bucket: '2026-11-21T23', counters: { chats: 1, chatsProactive: 1 } },
        { dim: 'DEPT', value: 'sales', bucket: '2026-11-21', counters: { chats: 1, chatsProactive: 1 } },
        { dim: 'LIVE', value: '*', bucket: 'now', counters: { queued: 1 }, set: { 'q#c': Date.parse('2026-11-21T23:59:59.000Z') } },
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

  const at = (time: string) => ({ version: 1 as const, occurredAt: `2026-11-21T${time}.000Z` });
  const team = (increments: { dim: string; counters: Record<string, number> }[], dim = 'ALL') => sumCounters(...increments.filter((i) => i.dim === dim).map((i) => i.counters));
  const of = (increments: { dim: string; value: string; counters: Record<string, number> }[], dim: string, value: string) =>
    sumCounters(...increments.filter((i) => i.dim === dim && i.value === value).map((i) => i.counters));
  const onlineBusy = { status: 'online' as const, since: 0, active: 1, busySince: Date.parse('2026-11-21T10:00:00Z') };
  const onlineIdle = { status: 'online' as const, since: 0, active: 0 };

  it('a transfer to a named agent moves the chat: the new agent took it (by transfer) and is busy, the gauges of the team do not move', () => {
    const event: ParleyEvent = { detailType: 'chat.transferred', detail: { ...at('10:10:00'), eventId: 'c:transferred:1', chatId: 'c', visitorId: 'v', fromAgentId: 'a1', toAgentId: 'a2', fromDepartment: 'sales', toDepartment: 'support', reason: 'billing' } };

    const update = foldMetrics(event, { agent: { rev: 3, value: onlineBusy }, toAgent: { rev: 5, value: onlineIdle }, chat: { rev: 0 } }, policy);

    expect(of(update.increments, 'AGENT', 'a1')).toEqual({ transfers: 1, busyMs: 600_000 });
    expect(of(update.increments, 'AGENT', 'a2')).toEqual({ takenByTransfer: 1 });
    expect(of(update.increments, 'DEPT', 'support')).toEqual({ takenByTransfer: 1 });
    expect(team(update.increments, 'LIVE')).toEqual({ 'agents.busy': 0 });
    expect(update.state).toEqual([
      { kind: 'agent', id: 'a1', rev: 3, value: { status: 'online', since: 0, active: 0 } },
      { kind: 'chat', id: 'c', rev: 0, value: { transferred: true } },
      { kind: 'agent', id: 'a2', rev: 5, value: { status: 'online', since: 0, active: 1, busySince: Date.parse('2026-11-21T10:10:00Z') }, from: 'toAgent' },
    ]);
  });

  it('a transfer to a department queues the chat again; its re-assignment counts as taken by transfer, not as a second chat or a second wait', () => {
    const transfer: ParleyEvent = { detailType: 'chat.transferred', detail: { ...at('10:10:00'), eventId: 'c:transferred:1', chatId: 'c', visitorId: 'v', fromAgentId: 'a1', toDepartment: 'billing', reason: 'billing' } };
    const reassigned: ParleyEvent = { detailType: 'chat.assigned', detail: { ...at('10:11:00'), eventId: 'c:assigned:2', chatId: 'c', visitorId: 'v', agentId: 'a2', department: 'billing', waitMs: 660_000 } };

    const moved = foldMetrics(transfer, { agent: { rev: 1, value: onlineBusy }, chat: { rev: 0 } }, policy);
    const taken = foldMetrics(reassigned, { agent: { rev: 2, value: onlineIdle }, chat: { rev: 1, value: { transferred: true } } }, policy);

    expect(team(moved.increments, 'LIVE')).toEqual({ queued: 1, active: -1, 'agents.busy': -1 });
    expect(team(taken.increments)).toEqual({ takenByTransfer: 1 });
    expect(of(taken.increments, 'AGENT', 'a2')).toEqual({ takenByTransfer: 1 });
    expect(team(taken.increments, 'LIVE')).toEqual({ queued: -1, active: 1, 'agents.busy': 1 });
    expect(taken.increments.some((i) => i.members)).toBe(false);
  });

  it.each([
    ['a busy agent takes one more chat: a delta guarded on "online with ≥ 1"', 'assigned', { rev: 4, value: { ...onlineBusy, active: 2 } }, { kind: 'agent', id: 'a1', delta: { active: 1, online: true, minActive: 1 } }],
    ['a busy agent closes one of two chats: a delta guarded on "online with ≥ 2"', 'closed', { rev: 4, value: { ...onlineBusy, active: 2 } }, { kind: 'agent', id: 'a1', delta: { active: -1, online: true, minActive: 2 } }],
    ['an agent away keeps a chat: a delta guarded on "not online"', 'assigned', { rev: 4, value: { status: 'away' as const, since: 0, active: 1 } }, { kind: 'agent', id: 'a1', delta: { active: 1, online: false, minActive: 0 } }],
    ['an agent away closes a chat: a delta guarded on "not online with ≥ 1"', 'closed', { rev: 4, value: { status: 'away' as const, since: 0, active: 1 } }, { kind: 'agent', id: 'a1', delta: { active: -1, online: false, minActive: 1 } }],
    ['an idle agent becomes busy: the whole state at its revision', 'assigned', { rev: 4, value: onlineIdle }, { kind: 'agent', id: 'a1', rev: 4, value: { ...onlineIdle, active: 1, busySince: Date.parse('2026-11-21T10:11:00Z') } }],
    ['an agent closes their last chat: the whole state at its revision', 'closed', { rev: 4, value: onlineBusy }, { kind: 'agent', id: 'a1', rev: 4, value: { status: 'online', since: 0, active: 0 } }],
    ['no state stored yet: the whole state, created', 'assigned', { rev: 0 }, { kind: 'agent', id: 'a1', rev: 0, value: { status: 'offline', since: Date.parse('2026-11-21T10:11:00Z'), active: 1 } }],
  ] as const)('%s', (_name, type, agent, write) => {
    const event: ParleyEvent =
      type === 'assigned'
        ? { detailType: 'chat.assigned', detail: { ...at('10:11:00'), eventId: 'c:assigned', chatId: 'c', visitorId: 'v', agentId: 'a1', waitMs: 1000 } }
        : { detailType: 'chat.closed', detail: { ...at('10:11:00'), eventId: 'c:closed', chatId: 'c', visitorId: 'v', agentId: 'a1', closedBy: 'agent', tags: [], durationMs: 1000 } };

    const update = foldMetrics(event, { agent, chat: { rev: 0 }, visitor: { rev: 0 } }, policy);

    expect(update.state.filter((w) => w.kind === 'agent')).toEqual([write]);
    if ('delta' in write) expect(update.increments.filter((i) => i.counters.busyMs !== undefined || i.counters['agents.busy'] !== undefined)).toEqual([]);
  });

  it('a first assignment counts the chat, its wait, and the agent among the day’s agents with chats', () => {
    const event: ParleyEvent = { detailType: 'chat.assigned', detail: { ...at('10:11:00'), eventId: 'c:assigned', chatId: 'c', visitorId: 'v', agentId: 'a2', waitMs: 12_000 } };

    const update = foldMetrics(event, { agent: { rev: 0 }, chat: { rev: 0 } }, policy);

    expect(team(update.increments)).toEqual({ assigned: 1, waitSumMs: 12_000, 'wait.h2': 1 });
    expect(update.increments.filter((i) => i.members)).toEqual([{ dim: 'DAY', value: '*', bucket: '2026-11-21', counters: {}, members: { agentsAssigned: 'a2' } }]);
  });

  it('a closed chat counts once per tag, however often the tag is in its set', () => {
    const event: ParleyEvent = { detailType: 'chat.closed', detail: { ...at('10:20:00'), eventId: 'c:closed', chatId: 'c', visitorId: 'v', closedBy: 'visitor', tags: ['billing', 'billing', 'vip'], durationMs: 1000 } };

    const update = foldMetrics(event, {}, policy);

    expect(update.increments.filter((i) => i.dim === 'TAG').map((i) => [i.value, i.counters.closed])).toEqual([['billing', 1], ['vip', 1]]);
  });

  it('attributes a conversion to the path of the chat it is attributed to', () => {
    const event = (proactive: boolean): ParleyEvent => ({ detailType: 'conversion.recorded', detail: { ...at('11:00:00'), eventId: 'k', conversionId: 'k', visitorId: 'v', chatId: 'c', agentId: 'a1', proactive, value: 40, firstForChat: true } });

    expect(team(foldMetrics(event(true), {}, policy).increments)).toEqual({ conversions: 1, conversionValue: 40, conversionsAttributed: 1, conversionsProactive: 1, conversionValueProactive: 40, convertedChats: 1, convertedChatsProactive: 1 });
    expect(team(foldMetrics(event(false), {}, policy).increments)).toEqual({ conversions: 1, conversionValue: 40, conversionsAttributed: 1, conversionsReactive: 1, conversionValueReactive: 40, convertedChats: 1, convertedChatsReactive: 1 });
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

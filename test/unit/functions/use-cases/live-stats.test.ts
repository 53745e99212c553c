/**
 * Live numbers: computed from the live row and today's team row after a known sequence of
 * events (folded by the real consumer into the in-memory store), pushed to supervisors and
 * admins only, at most once a second with the last change always pushed (the timer queue).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { liveStats, livePushDecision } from '../../../../functions/domain/live-stats';
import { LivePushGate, liveStatsMoved, pushLiveStats, readLiveStats } from '../../../../functions/use-cases/live-stats';
import { fireTimer } from '../../../../functions/use-cases/offers';
import { recordMetrics } from '../../../../functions/use-cases/record-metrics';
import { testDeps, type TestDeps } from '../fakes';

const T = Date.parse('2026-11-21T10:00:00.000Z');
const stamp = (id: string, at: number) => ({ eventId: id, version: 1 as const, occurredAt: new Date(at).toISOString() });

let deps: TestDeps;

beforeEach(() => {
  deps = testDeps();
  deps.clock.set(T + 120_000);
  deps.store.connections.set('k-sam', { connectionId: 'k-sam', userId: 'u-sam', role: 'supervisor', connectedAt: T });
  deps.store.connections.set('k-ada', { connectionId: 'k-ada', userId: 'u-ada', role: 'admin', connectedAt: T });
  deps.store.connections.set('k-bob', { connectionId: 'k-bob', userId: 'u-bob', role: 'agent', connectedAt: T });
});

/** Two agents online (one goes away), three chats asked for, one taken and answered in 40 s, one missed, one SLA breach, three tickets (one resolved, one resolved and reopened). */
function day(): ParleyEvent[] {
  return [
    { detailType: 'agent.status.changed', detail: { ...stamp('a1:on', T), agentId: 'a1', status: 'online', previous: 'offline', automatic: false } },
    { detailType: 'agent.status.changed', detail: { ...stamp('a2:on', T), agentId: 'a2', status: 'online', previous: 'offline', automatic: false } },
    { detailType: 'chat.requested', detail: { ...stamp('c1:req', T + 1000), chatId: 'c1', visitorId: 'v1', department: 'support' } },
    { detailType: 'chat.requested', detail: { ...stamp('c2:req', T + 5000), chatId: 'c2', visitorId: 'v2', department: 'support' } },
    { detailType: 'chat.requested', detail: { ...stamp('c3:req', T + 9000), chatId: 'c3', visitorId: 'v3', department: 'support' } },
    { detailType: 'chat.assigned', detail: { ...stamp('c1:asg', T + 11_000), chatId: 'c1', visitorId: 'v1', agentId: 'a1', department: 'support', waitMs: 10_000 } },
    { detailType: 'message.created', detail: { ...stamp('c1:msg:2', T + 41_000), chatId: 'c1', seq: 2, senderRole: 'agent', senderId: 'a1', agentId: 'a1', firstResponseMs: 40_000, length: 3 } },
    { detailType: 'chat.missed', detail: { ...stamp('c2:missed', T + 65_000), chatId: 'c2', visitorId: 'v2', department: 'support', waitMs: 60_000, reason: 'queue-timeout' } },
    { detailType: 'sla.breached', detail: { ...stamp('c3:sla', T + 70_000), chatId: 'c3', target: 'queueTime', targetSeconds: 60, deadline: new Date(T + 69_000).toISOString(), actual: new Date(T + 70_000).toISOString(), department: 'support' } },
    { detailType: 'agent.status.changed', detail: { ...stamp('a2:away', T + 80_000), agentId: 'a2', status: 'away', previous: 'online', automatic: false } },
    { detailType: 'ticket.created', detail: { ...stamp('t2:created', T + 90_000), ticketId: 't2', visitorId: 'v2', chatId: 'c2', department: 'support', reason: 'missed' } },
    { detailType: 'ticket.created', detail: { ...stamp('t4:created', T + 91_000), ticketId: 't4', visitorId: 'v4', department: 'support', reason: 'outside-hours' } },
    { detailType: 'ticket.created', detail: { ...stamp('t5:created', T + 92_000), ticketId: 't5', visitorId: 'v5', department: 'sales', reason: 'visitor' } },
    { detailType: 'ticket.resolved', detail: { ...stamp('t4:status:1', T + 95_000), ticketId: 't4', visitorId: 'v4', department: 'support', agentId: 'a1', openMs: 4000 } },
    { detailType: 'ticket.resolved', detail: { ...stamp('t5:status:1', T + 96_000), ticketId: 't5', visitorId: 'v5', department: 'sales', agentId: 'a1', openMs: 4000 } },
    { detailType: 'ticket.reopened', detail: { ...stamp('t5:status:2', T + 97_000), ticketId: 't5', visitorId: 'v5', department: 'sales', agentId: 'a1' } },
  ];
}

/** One event at `at`: recorded, then the live numbers told of it. */
async function step(event: ParleyEvent, at: number) {
  deps.clock.set(at);
  await recordMetrics(deps, event);
  return liveStatsMoved(deps, event);
}

describe('live numbers', () => {
  it('after a known sequence: 1 waiting since its request, 1 active, agents 1 online / 1 away / 1 busy, today 3 chats, 1 missed, FRT 40 s, 1 breach, 2 tickets open', async () => {
    for (const event of day()) await recordMetrics(deps, event);

    expect(await readLiveStats(deps)).toEqual({
      at: T + 120_000,
      queued: 1,
      oldestQueuedAt: T + 9000,
      active: 1,
      agents: { online: 1, away: 1, busy: 1 },
      today: { day: '2026-11-21', chats: 3, missed: 1, frtAvgSeconds: 40, slaBreaches: 1 },
      // t2 open, t4 resolved, t5 resolved and reopened.
      ticketsOpen: 2,
    });
  });

  it('takes a ticket erased while open out of the backlog, and one erased after it was resolved changes nothing', async () => {
    for (const event of day()) await recordMetrics(deps, event);
    await recordMetrics(deps, { detailType: 'ticket.deleted', detail: { ...stamp('t2:deleted', T + 100_000), ticketId: 't2', department: 'support', wasOpen: true } });
    await recordMetrics(deps, { detailType: 'ticket.deleted', detail: { ...stamp('t4:deleted', T + 100_000), ticketId: 't4', department: 'support', wasOpen: false } });
    await recordMetrics(deps, { detailType: 'ticket.deleted', detail: { ...stamp('t2:deleted', T + 100_000), ticketId: 't2', department: 'support', wasOpen: true } });

    expect((await readLiveStats(deps)).ticketsOpen).toBe(1);
  });

  it('counts a chat transferred to a department as waiting again, from the transfer', async () => {
    for (const event of day()) await recordMetrics(deps, event);
    await recordMetrics(deps, { detailType: 'chat.transferred', detail: { ...stamp('c1:tr:1', T + 100_000), chatId: 'c1', visitorId: 'v1', fromAgentId: 'a1', toDepartment: 'billing', reason: 'invoice' } });

    expect(await readLiveStats(deps)).toMatchObject({ queued: 2, oldestQueuedAt: T + 9000, active: 0, agents: { online: 1, away: 1, busy: 0 } });
  });

  it('leaves out a waiting chat whose end was lost more than a day ago', () => {
    expect(liveStats({ at: T, live: { 'q#old': T - 25 * 3_600_000, 'q#new': T - 5000 }, today: {} })).toMatchObject({ queued: 1, oldestQueuedAt: T - 5000 });
  });

  it('pushes to supervisors and admins only', async () => {
    await recordMetrics(deps, day()[2] as ParleyEvent);

    expect(await liveStatsMoved(deps, day()[2] as ParleyEvent)).toBe('pushed');

    expect(deps.push.sent.map((s) => [s.connectionId, s.frame.type]).sort()).toEqual([['k-ada', 'liveStats'], ['k-sam', 'liveStats']]);
    expect(deps.push.sent[0]?.frame).toMatchObject({ type: 'liveStats', stats: { queued: 1, oldestQueuedAt: T + 1000 } });
  });

  it('pushes at most once a second: a change within the second sets one push for later, which reads every change since', async () => {
    const [, , c1, c2, c3] = day() as [ParleyEvent, ParleyEvent, ParleyEvent, ParleyEvent, ParleyEvent];

    expect(await step(c1, T + 1000)).toBe('pushed');
    expect(await step(c2, T + 1200)).toBe('later');
    expect(await step(c3, T + 1500)).toBe('covered');
    expect(deps.push.sent).toHaveLength(2);
    expect(deps.timers.of('live-stats')).toEqual([{ timer: { kind: 'live-stats' }, dueAt: T + 2200 }]);

    deps.clock.set(T + 2200);
    await fireTimer(deps, { kind: 'live-stats' }, T + 2200);

    expect(deps.push.sent).toHaveLength(4);
    expect(deps.push.sent.at(-1)?.frame).toMatchObject({ type: 'liveStats', stats: { at: T + 2200, queued: 3 } });
    expect(livePushDecision(deps.store.livePush, T + 2300)).toEqual({ kind: 'later', dueAt: T + 3300 });
    expect(livePushDecision(deps.store.livePush, T + 3200)).toEqual({ kind: 'now' });
  });

  it('with the instance gate, a change while a push is known to be set costs no store call, and the last change is still pushed', async () => {
    const [, , c1, c2, c3, a1] = day() as [ParleyEvent, ParleyEvent, ParleyEvent, ParleyEvent, ParleyEvent, ParleyEvent];
    deps.livePushGate = new LivePushGate();
    let claims = 0;
    let watcherReads = 0;
    const claim = deps.store.claimLivePush.bind(deps.store);
    const watchers = deps.store.listWatchers.bind(deps.store);
    deps.store.claimLivePush = (now) => (claims++, claim(now));
    deps.store.listWatchers = () => (watcherReads++, watchers());

    expect(await step(c1, T + 1000)).toBe('pushed');
    expect(await step(c2, T + 1200)).toBe('later');
    expect(await step(c3, T + 1500)).toBe('covered');
    expect(await step(a1, T + 2199)).toBe('covered');
    // The second change follows this instance's own push within the second: no watchers read (the push set for later reads them).
    expect([claims, watcherReads]).toEqual([2, 1]);

    deps.clock.set(T + 2200);
    await fireTimer(deps, { kind: 'live-stats' }, T + 2200);
    expect(deps.push.sent.at(-1)?.frame).toMatchObject({ type: 'liveStats', stats: { queued: 2, active: 1 } });
    // Once the push it knew of is due, the gate asks the store again.
    expect(await step({ detailType: 'chat.missed', detail: { ...stamp('c2:missed', T + 2300), chatId: 'c2', visitorId: 'v2', department: 'support', waitMs: 1000, reason: 'queue-timeout' } }, T + 2300)).toBe('later');
    expect([claims, watcherReads]).toEqual([3, 2]);
    // A second after its last push the instance asks who watches again.
    expect(await step({ detailType: 'chat.missed', detail: { ...stamp('c3:missed', T + 3300), chatId: 'c3', visitorId: 'v3', department: 'support', waitMs: 1000, reason: 'queue-timeout' } }, T + 3300)).toBe('pushed');
    expect(watcherReads).toBe(3);
  });

  it('with the instance gate, a change within a second of its push finds nobody watching only through the push it sets', async () => {
    const [, , c1, c2] = day() as [ParleyEvent, ParleyEvent, ParleyEvent, ParleyEvent];
    deps.livePushGate = new LivePushGate();

    expect(await step(c1, T + 1000)).toBe('pushed');
    deps.store.connections.clear();
    expect(await step(c2, T + 1200)).toBe('later');
    const sent = deps.push.sent.length;
    deps.clock.set(T + 2200);
    await fireTimer(deps, { kind: 'live-stats' }, T + 2200);

    expect(deps.push.sent).toHaveLength(sent);
  });

  it('learns a push set by another instance from the store, and covers changes until it is due', async () => {
    const gate = new LivePushGate();
    gate.learn({ kind: 'covered', dueAt: T + 900 });
    gate.learn({ kind: 'covered' });
    gate.learn({ kind: 'now' });

    expect([gate.covered(T + 899), gate.covered(T + 900)]).toEqual([true, false]);
  });

  it('does not push for events that move no live number, nor claim or push when nobody watches', async () => {
    const rated: ParleyEvent = { detailType: 'chat.rated', detail: { ...stamp('c1:rated', T), chatId: 'c1', visitorId: 'v1', rating: 5 } };
    deps.store.connections.clear();

    expect(await liveStatsMoved(deps, rated)).toBe('unmoved');
    expect(await liveStatsMoved(deps, day()[2] as ParleyEvent)).toBe('unwatched');
    expect(await pushLiveStats(deps)).toBe(0);
    expect(deps.push.sent).toEqual([]);
    expect(deps.store.livePush).toEqual({ sentAt: deps.clock.now() });
  });
});

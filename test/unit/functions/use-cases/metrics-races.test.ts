/**
 * The metrics consumer under concurrency: events of one agent counted at the same moment (each
 * read the state before the other wrote). Changes that only move a busy agent's chat count
 * commute and never conflict; a real conflict is folded again in the same invocation; one that
 * persists goes back to the event bus. Every event is counted exactly once throughout.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { MetricStateConflictError } from '../../../../functions/domain/errors';
import { FOLD_ATTEMPTS, recordMetrics } from '../../../../functions/use-cases/record-metrics';
import { testDeps, type TestDeps } from '../fakes';

const T = Date.parse('2026-11-21T10:00:00.000Z');
const stamp = (id: string, at: number) => ({ eventId: id, version: 1 as const, occurredAt: new Date(at).toISOString() });
const assigned = (chatId: string, at: number): ParleyEvent => ({ detailType: 'chat.assigned', detail: { ...stamp(`${chatId}:asg`, at), chatId, visitorId: `v-${chatId}`, agentId: 'a1', department: 'support', waitMs: 1000 } });
const closed = (chatId: string, at: number): ParleyEvent => ({ detailType: 'chat.closed', detail: { ...stamp(`${chatId}:closed`, at), chatId, visitorId: `v-${chatId}`, agentId: 'a1', closedBy: 'agent', outcome: 'resolved', tags: [], durationMs: 1000 } });
const requested = (chatId: string, at: number): ParleyEvent => ({ detailType: 'chat.requested', detail: { ...stamp(`${chatId}:req`, at), chatId, visitorId: `v-${chatId}`, department: 'support' } });
const missed = (chatId: string, at: number): ParleyEvent => ({ detailType: 'chat.missed', detail: { ...stamp(`${chatId}:missed`, at), chatId, visitorId: `v-${chatId}`, department: 'support', waitMs: 298_000, reason: 'queue-timeout' } });
const status = (id: string, to: 'online' | 'away', from: 'offline' | 'online', at: number): ParleyEvent => ({ detailType: 'agent.status.changed', detail: { ...stamp(id, at), agentId: 'a1', status: to, previous: from, automatic: false } });

let deps: TestDeps;
let conflicts: number;

beforeEach(async () => {
  deps = testDeps();
  conflicts = 0;
  await recordMetrics(deps, status('a1:on', 'online', 'offline', T));
  await recordMetrics(deps, assigned('c0', T + 1000));
  const apply = deps.store.applyMetrics.bind(deps.store);
  deps.store.applyMetrics = async (...args) => {
    try {
      return await apply(...args);
    } catch (error) {
      if (error instanceof MetricStateConflictError) conflicts++;
      throw error;
    }
  };
});

const agent = () => deps.store.metricState.get('agent|a1')?.value;
const live = () => deps.store.metrics.get('LIVE|now|*') ?? {};

describe('metric state under concurrent events of one agent', () => {
  it('a busy agent’s chats assigned and closed at the same moment commute: no conflict, each counted once', async () => {
    await recordMetrics(deps, assigned('cx', T + 1500));
    const results = await Promise.all([assigned('c1', T + 2000), assigned('c2', T + 2000), assigned('c3', T + 2000), closed('c0', T + 2000)].map((e) => recordMetrics(deps, e)));

    expect(results).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(conflicts).toBe(0);
    expect(agent()).toMatchObject({ status: 'online', active: 4, busySince: T + 1000 });
    expect(live()).toMatchObject({ active: 4, 'agents.busy': 1, 'agents.online': 1 });
  });

  it('a status change racing an assignment: the assignment finds the state moved and is folded again at once, from the new state', async () => {
    const results = await Promise.all([recordMetrics(deps, status('a1:away', 'away', 'online', T + 61_000)), recordMetrics(deps, assigned('c1', T + 61_000))]);

    expect(results).toEqual(['applied', 'applied']);
    expect(conflicts).toBe(1);
    expect(agent()).toMatchObject({ status: 'away', active: 2 });
    // The busy minute ended with the status change, counted once; nobody is busy or online now.
    expect(deps.store.metrics.get('ALL|2026-11-21T10|*')).toMatchObject({ busyMs: 60_000, onlineMs: 61_000, assigned: 2 });
    expect(live()).toMatchObject({ active: 2, 'agents.busy': 0, 'agents.online': 0, 'agents.away': 1 });
  });

  it('the last chat closing while another is assigned: one of them folds again, and the agent is busy with one chat', async () => {
    const results = await Promise.all([recordMetrics(deps, closed('c0', T + 5000)), recordMetrics(deps, assigned('c1', T + 5000))]);

    expect(results).toEqual(['applied', 'applied']);
    expect(conflicts).toBe(1);
    expect(agent()).toMatchObject({ status: 'online', active: 1 });
    expect(live()).toMatchObject({ active: 1 });
  });

  it('a conflict that persists fails the invocation after a few folds, with nothing written, for the event bus to retry', async () => {
    let calls = 0;
    deps.store.applyMetrics = async () => {
      calls++;
      throw new MetricStateConflictError('moved');
    };

    await expect(recordMetrics(deps, assigned('c1', T + 2000))).rejects.toBeInstanceOf(MetricStateConflictError);
    expect(calls).toBe(FOLD_ATTEMPTS);
    expect(deps.store.processed.has('c1:asg')).toBe(false);
  });
});

describe('a chat’s place in the live queue, whatever order its events are counted in', () => {
  const waiting = () => Object.keys(live()).filter((name) => name.startsWith('q#'));

  it('a request counted after its assignment leaves nobody waiting', async () => {
    await recordMetrics(deps, assigned('c9', T + 3000));
    await recordMetrics(deps, requested('c9', T + 2000));

    expect(waiting()).toEqual([]);
    expect(deps.store.metrics.get('ALL|2026-11-21T10|*')).toMatchObject({ chats: 1, assigned: 2 });
  });

  it('a request and its assignment read the state at the same moment and the assignment is written first: the request folds again and leaves nobody waiting', async () => {
    // Both folds read before either writes; the assignment (started first) then writes first.
    const load = deps.store.loadMetricState.bind(deps.store);
    let reads = 0;
    let bothRead!: () => void;
    const together = new Promise<void>((resolve) => (bothRead = resolve));
    deps.store.loadMetricState = async (...args) => {
      const state = await load(...args);
      if (++reads === 2) bothRead();
      await together;
      return state;
    };

    const results = await Promise.all([recordMetrics(deps, assigned('c8', T + 2001)), recordMetrics(deps, requested('c8', T + 2000))]);

    expect(results).toEqual(['applied', 'applied']);
    expect(conflicts).toBe(1);
    expect(waiting()).toEqual([]);
  });

  it('a request counted after the chat was missed leaves nobody waiting; one still waiting is shown', async () => {
    await recordMetrics(deps, missed('c7', T + 300_000));
    await recordMetrics(deps, requested('c7', T + 2000));
    await recordMetrics(deps, requested('c6', T + 2500));

    expect(waiting()).toEqual(['q#c6']);
  });
});

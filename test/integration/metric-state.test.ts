/**
 * The metrics consumer's little state and the live-push claim against DynamoDB Local: events of
 * one busy agent counted at the same moment commute (guarded deltas, no conflict), a real race
 * is folded again, every event counted once; and a failed claim returns the push already set
 * (ReturnValuesOnConditionCheckFailure), so a change it covers costs one write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../functions/contracts/config';
import type { ParleyEvent } from '../../functions/contracts/events';
import type { Store } from '../../functions/use-cases/ports';
import { recordMetrics } from '../../functions/use-cases/record-metrics';
import { manifest } from '../../functions/manifest';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import { startLocalTable } from './local-table';

const TABLE = 'metric-state-test';
const T = Date.parse('2026-11-21T10:00:00.000Z');
let dynamo: LocalDynamoDb;
let store: Store;
const config = deploymentConfigSchema.parse({ departments: [{ id: 'support', name: 'Support' }] });
const deps = () => ({ store, config, clock: { now: () => T + 600_000 } });

const stamp = (id: string, at: number) => ({ eventId: id, version: 1 as const, occurredAt: new Date(at).toISOString() });
const assigned = (agentId: string, chatId: string, at: number): ParleyEvent => ({ detailType: 'chat.assigned', detail: { ...stamp(`${chatId}:asg`, at), chatId, visitorId: `v-${chatId}`, agentId, department: 'support', waitMs: 1000 } });
const closed = (agentId: string, chatId: string, at: number): ParleyEvent => ({ detailType: 'chat.closed', detail: { ...stamp(`${chatId}:closed`, at), chatId, visitorId: `v-${chatId}`, agentId, closedBy: 'agent', outcome: 'resolved', tags: [], durationMs: 1000 } });
const status = (agentId: string, to: 'online' | 'away', from: 'offline' | 'online', at: number): ParleyEvent => ({ detailType: 'agent.status.changed', detail: { ...stamp(`${agentId}:${to}:${at}`, at), agentId, status: to, previous: from, automatic: false } });

beforeAll(async () => {
  ({ dynamo, store } = await startLocalTable(TABLE));
}, 60_000);

afterAll(async () => {
  await dynamo?.stop();
});

async function agentState(agentId: string) {
  return (await store.loadMetricState({ agent: agentId })).agent;
}

describe('metric state (DynamoDB Local)', () => {
  it('counts ten chats of one busy agent assigned at once, then closed at once: each once, the count of active chats exact', async () => {
    await recordMetrics(deps(), status('a1', 'online', 'offline', T));
    await recordMetrics(deps(), assigned('a1', 'c-first', T + 1000));
    const ids = Array.from({ length: 10 }, (_, i) => `c-${i}`);

    // All ten assignments at once, then all ten closes (a close before its chat's assignment would be clamped at 0 chats).
    const taken = await Promise.all(ids.map((id) => recordMetrics(deps(), assigned('a1', id, T + 2000))));
    const done = await Promise.all(ids.map((id) => recordMetrics(deps(), closed('a1', id, T + 3000))));
    const again = await Promise.all(ids.slice(0, 4).map((id) => recordMetrics(deps(), assigned('a1', id, T + 2000))));

    expect([...taken, ...done].every((r) => r === 'applied')).toBe(true);
    expect(again).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect((await agentState('a1'))?.value).toMatchObject({ status: 'online', active: 1, busySince: T + 1000 });
    const [live] = await store.readRollups('LIVE', 'now', 'now');
    expect(live?.counters).toMatchObject({ active: 1, 'agents.busy': 1, 'agents.online': 1 });
    const [hour] = await store.readRollups('ALL', '2026-11-21T10', '2026-11-21T10');
    expect(hour?.counters).toMatchObject({ assigned: 11, closed: 10 });
  });

  it('a status change racing assignments: each counted once, from the state it finally found', async () => {
    await recordMetrics(deps(), status('a2', 'online', 'offline', T));
    await recordMetrics(deps(), assigned('a2', 'd-first', T + 1000));

    await Promise.all([recordMetrics(deps(), status('a2', 'away', 'online', T + 61_000)), ...['d-1', 'd-2', 'd-3'].map((c) => recordMetrics(deps(), assigned('a2', c, T + 61_000)))]);

    expect((await agentState('a2'))?.value).toMatchObject({ status: 'away', active: 4 });
    const rows = await store.readRollups('AGENT', '2026-11-21', '2026-11-21', { value: 'a2', days: ['2026-11-21'] });
    expect(rows[0]?.counters).toMatchObject({ assigned: 4, onlineMs: 61_000, busyMs: 60_000 });
  });

  it('claims the live push: now, then later, then covered with the due time of the push set (one write)', async () => {
    expect(await store.claimLivePush(T)).toEqual({ kind: 'now' });
    expect(await store.claimLivePush(T + 200)).toEqual({ kind: 'later', dueAt: T + 1200 });
    expect(await store.claimLivePush(T + 500)).toEqual({ kind: 'covered', dueAt: T + 1200 });
    await store.markLivePushed(T + 1200);
    expect(await store.claimLivePush(T + 1300)).toEqual({ kind: 'later', dueAt: T + 2300 });
  });
});

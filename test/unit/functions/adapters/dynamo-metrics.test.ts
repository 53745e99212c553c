import { BatchGetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoMetrics, monthsBetween } from '../../../../functions/adapters/dynamo-metrics';
import { MetricStateConflictError } from '../../../../functions/domain/errors';
import type { MetricUpdate } from '../../../../functions/domain/metrics';
import { cancelled, testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const metrics = new DynamoMetrics({ client, name: 'parley' });
const ttl = { marker: 99, state: 77 };
const update: MetricUpdate = {
  increments: [{ dim: 'AGENT', value: 'a1', bucket: '2026-11-21', counters: { frtCount: 1, 'frt.h1': 1 } }],
  state: [{ kind: 'agent', id: 'a1', rev: 3, value: { status: 'online', since: 1, active: 1 } }],
};

afterEach(() => ddb.reset());

describe('DynamoMetrics', () => {
  it('ADDs the counters and writes the state in the same transaction as the event marker', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    expect(await metrics.applyMetrics('c1:msg:3', update, ttl)).toBe('applied');

    const [marker, state, add] = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(marker?.Put).toMatchObject({ Item: { pk: 'EVENT#metrics#c1:msg:3', sk: 'DONE', ttl: 99 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(state?.Put).toMatchObject({ Item: { pk: 'MSTATE#agent#a1', sk: 'STATE', rev: 4 }, ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': 3 } });
    expect(add?.Update).toMatchObject({
      Key: { pk: 'METRIC#AGENT#2026-11', sk: '2026-11-21#a1' },
      UpdateExpression: 'ADD #c0 :c0, #c1 :c1',
      ExpressionAttributeNames: { '#c0': 'frtCount', '#c1': 'frt.h1' },
      ExpressionAttributeValues: { ':c0': 1, ':c1': 1 },
    });
  });

  it('reports a redelivered event as a duplicate', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'));

    expect(await metrics.applyMetrics('c1:msg:3', update, ttl)).toBe('duplicate');
  });

  it('raises a state conflict (so the event is retried) when only the state moved', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));

    await expect(metrics.applyMetrics('c1:msg:3', update, ttl)).rejects.toBeInstanceOf(MetricStateConflictError);
  });

  it('reads a state it has never written as revision 0', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ pk: 'MSTATE#chat#c1', sk: 'STATE', rev: 2, value: { transferred: true } }] } });

    expect(await metrics.loadMetricState({ chat: 'c1', visitor: 'v1' })).toEqual({ chat: { rev: 2, value: { transferred: true } }, visitor: { rev: 0 } });
  });

  it('queries each month of the range and follows pagination', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ pk: 'METRIC#TAG#2026-10', sk: '2026-10-31#vip#1', closed: 2 }], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolvesOnce({ Items: [] })
      .resolves({ Items: [{ pk: 'METRIC#TAG#2026-11', sk: '2026-11-01#billing', closed: 1 }] });

    const rows = await metrics.readRollups('TAG', '2026-10-30', '2026-11-02');

    const inputs = ddb.commandCalls(QueryCommand).map((c) => c.args[0].input.ExpressionAttributeValues);
    expect(inputs).toContainEqual({ ':pk': 'METRIC#TAG#2026-10', ':from': '2026-10-30', ':to': '2026-11-02~' });
    expect(inputs).toContainEqual({ ':pk': 'METRIC#TAG#2026-11', ':from': '2026-10-30', ':to': '2026-11-02~' });
    expect(rows).toContainEqual({ dim: 'TAG', bucket: '2026-10-31', value: 'vip#1', counters: { closed: 2 } });
    expect(rows).toContainEqual({ dim: 'TAG', bucket: '2026-11-01', value: 'billing', counters: { closed: 1 } });
  });

  it('adds a day’s agent to its string set outside the transaction, once the event is counted or found counted, and once per instance', async () => {
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(cancelled('ConditionalCheckFailed', 'None'));
    ddb.on(UpdateCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'METRIC#DAY#2026-11', sk: '2026-11-21#*', agentsAssigned: new Set(['a1', 'a2']) }] });
    const fresh = new DynamoMetrics({ client, name: 'parley' });
    const assigned: MetricUpdate = {
      increments: [
        { dim: 'ALL', value: '*', bucket: '2026-11-21T10', counters: { assigned: 1 } },
        { dim: 'DAY', value: '*', bucket: '2026-11-21', counters: {}, members: { agentsAssigned: 'a1' } },
      ],
      state: [],
    };

    expect(await fresh.applyMetrics('c1:assigned', assigned, ttl)).toBe('applied');
    expect(await fresh.applyMetrics('c1:assigned', assigned, ttl)).toBe('duplicate');
    const rows = await fresh.readRollups('DAY', '2026-11-21', '2026-11-21', { counters: ['agentsAssigned'] });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Put?.Item?.pk ?? i.Update?.Key?.pk)).toEqual(['EVENT#metrics#c1:assigned', 'METRIC#ALL#2026-11']);
    const adds = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(adds).toHaveLength(1);
    expect(adds[0]).toMatchObject({ Key: { pk: 'METRIC#DAY#2026-11', sk: '2026-11-21#*' }, UpdateExpression: 'ADD #m0 :m0', ExpressionAttributeNames: { '#m0': 'agentsAssigned' }, ExpressionAttributeValues: { ':m0': new Set(['a1']) } });
    expect(rows).toEqual([{ dim: 'DAY', bucket: '2026-11-21', value: '*', counters: {}, members: { agentsAssigned: ['a1', 'a2'] } }]);
  });

  it('writes a day’s agent again when the write failed: the event fails, is redelivered, and finds its marker', async () => {
    ddb.on(TransactWriteCommand).resolvesOnce({}).rejects(cancelled('ConditionalCheckFailed', 'None'));
    ddb.on(UpdateCommand).rejectsOnce(new Error('throttled')).resolves({});
    const fresh = new DynamoMetrics({ client, name: 'parley' });
    const assigned: MetricUpdate = { increments: [{ dim: 'DAY', value: '*', bucket: '2026-11-21', counters: {}, members: { agentsAssigned: 'a1' } }], state: [] };

    await expect(fresh.applyMetrics('c1:assigned', assigned, ttl)).rejects.toThrow('throttled');
    expect(await fresh.applyMetrics('c1:assigned', assigned, ttl)).toBe('duplicate');

    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(2);
  });

  it('reads only the counters asked for, and one value’s days by key', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ pk: 'METRIC#AGENT#2026-11', sk: '2026-11-21#a1', assigned: 3 }] } });

    await metrics.readRollups('AGENT', '2026-11-20', '2026-11-21', { counters: ['assigned', 'frt.h1'] });
    const rows = await metrics.readRollups('AGENT', '2026-11-20', '2026-11-21', { value: 'a1', days: ['2026-11-20', '2026-11-21'], counters: ['assigned'] });

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ProjectionExpression: '#p0, #p1, #p2', ExpressionAttributeNames: { '#p0': 'sk', '#p1': 'assigned', '#p2': 'frt.h1' } });
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley).toMatchObject({
      Keys: [{ pk: 'METRIC#AGENT#2026-11', sk: '2026-11-20#a1' }, { pk: 'METRIC#AGENT#2026-11', sk: '2026-11-21#a1' }],
      ProjectionExpression: '#p0, #p1, #p2',
    });
    expect(rows).toEqual([{ dim: 'AGENT', bucket: '2026-11-21', value: 'a1', counters: { assigned: 3 } }]);
  });

  it('sets and removes a waiting chat on the live row in the same update as its gauges', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await metrics.applyMetrics('c1:requested', { increments: [{ dim: 'LIVE', value: '*', bucket: 'now', counters: { queued: 1 }, set: { 'q#c1': 5 }, remove: ['q#c0'] }], state: [] }, ttl);

    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[1]?.Update).toMatchObject({
      Key: { pk: 'METRIC#LIVE#now', sk: 'now#*' },
      UpdateExpression: 'ADD #c0 :c0 SET #s0 = :s0 REMOVE #r0',
      ExpressionAttributeNames: { '#c0': 'queued', '#s0': 'q#c1', '#r0': 'q#c0' },
      ExpressionAttributeValues: { ':c0': 1, ':s0': 5 },
    });
  });

  const failed = (item?: Record<string, unknown>) => Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException', ...(item ? { Item: item } : {}) });

  it.each([
    ['nothing pushed in the last second: push now', [undefined], { kind: 'now' }, 1],
    ['pushed within the second, no push set: set one a second later', [failed({ sentAt: { N: '500' } }), undefined], { kind: 'later', dueAt: 2000 }, 2],
    ['pushed within the second and a push set: covered by it, known from the failed condition alone', [failed({ sentAt: { N: '500' }, dueAt: { N: '1400' } })], { kind: 'covered', dueAt: 1400 }, 1],
    ['a push set by another instance between the two writes: covered by it', [failed({ sentAt: { N: '500' } }), failed({ dueAt: { N: '1900' } })], { kind: 'covered', dueAt: 1900 }, 2],
    ['a store that returns no item on a failed condition: covered, due time unknown', [failed(), failed()], { kind: 'covered' }, 2],
  ] as const)('claims the live push atomically: %s', async (_name, outcomes, decision, writes) => {
    const calls = ddb.on(UpdateCommand);
    for (const error of outcomes) {
      if (error) calls.rejectsOnce(error);
      else calls.resolvesOnce({});
    }

    // A fresh instance: one that pushed within the second itself claims differently (below).
    expect(await new DynamoMetrics({ client, name: 'parley' }).claimLivePush(1000)).toEqual(decision);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(writes);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: 'attribute_not_exists(sentAt) OR sentAt <= :cut',
      ExpressionAttributeValues: { ':now': 1000, ':cut': 0 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('within a second of a push it wrote itself, claims only a push for later (a push now would be refused)', async () => {
    ddb.on(UpdateCommand).resolves({});
    const instance = new DynamoMetrics({ client, name: 'parley' });

    expect(await instance.claimLivePush(1000)).toEqual({ kind: 'now' });
    expect(await instance.claimLivePush(1400)).toEqual({ kind: 'later', dueAt: 2400 });
    await instance.markLivePushed(2400);
    expect(await instance.claimLivePush(2500)).toEqual({ kind: 'later', dueAt: 3500 });

    const conditions = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.ConditionExpression);
    expect(conditions).toEqual(['attribute_not_exists(sentAt) OR sentAt <= :cut', 'attribute_not_exists(dueAt) OR dueAt < :now', undefined, 'attribute_not_exists(dueAt) OR dueAt < :now']);
  });

  it('loads the agent a chat was transferred to as an agent’s state', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ pk: 'MSTATE#agent#a2', sk: 'STATE', rev: 4, value: { status: 'online', since: 0, active: 0 } }] } });

    const state = await metrics.loadMetricState({ agent: 'a1', toAgent: 'a2' });

    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley?.Keys).toEqual([{ pk: 'MSTATE#agent#a1', sk: 'STATE' }, { pk: 'MSTATE#agent#a2', sk: 'STATE' }]);
    expect(state).toEqual({ agent: { rev: 0 }, toAgent: { rev: 4, value: { status: 'online', since: 0, active: 0 } } });
  });

  it('names agents from their profiles, leaving unknown ids out', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ agentId: 'u-alice', name: 'Alice' }] } });

    expect(await metrics.agentNames(['u-alice', 'u-gone', 'u-alice'])).toEqual(new Map([['u-alice', 'Alice']]));
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley?.Keys).toEqual([{ pk: 'AGENT#u-alice', sk: 'PROFILE' }, { pk: 'AGENT#u-gone', sk: 'PROFILE' }]);
  });

  it.each([
    ['2026-11-01', '2026-11-30', ['2026-11']],
    ['2026-11-20', '2027-01-02', ['2026-11', '2026-12', '2027-01']],
  ])('lists the months from %s to %s', (from, to, months) => {
    expect(monthsBetween(from, to)).toEqual(months);
  });
});

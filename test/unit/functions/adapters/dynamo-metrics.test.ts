import { BatchGetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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

  it.each([
    ['2026-11-01', '2026-11-30', ['2026-11']],
    ['2026-11-20', '2027-01-02', ['2026-11', '2026-12', '2027-01']],
  ])('lists the months from %s to %s', (from, to, months) => {
    expect(monthsBetween(from, to)).toEqual(months);
  });
});

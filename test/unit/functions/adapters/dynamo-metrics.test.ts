import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoMetrics } from '../../../../functions/adapters/dynamo-metrics';
import { cancelled, testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const metrics = new DynamoMetrics({ client, name: 'parley' });
const update = { day: '2026-11-21', increments: [{ scope: 'AGENT#a1', counters: { messagesAgent: 1, firstResponseMsSum: 4200 } }] };

afterEach(() => ddb.reset());

describe('DynamoMetrics', () => {
  it('ADDs the counters in the same transaction as the event marker', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    expect(await metrics.applyMetrics('c1:msg:3', update, 99)).toBe('applied');

    const [marker, add] = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(marker?.Put).toMatchObject({ Item: { pk: 'EVENT#metrics#c1:msg:3', sk: 'DONE', ttl: 99 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(add?.Update).toMatchObject({
      Key: { pk: 'METRIC#2026-11-21', sk: 'AGENT#a1' },
      UpdateExpression: 'ADD messagesAgent :messagesAgent, firstResponseMsSum :firstResponseMsSum',
      ExpressionAttributeValues: { ':messagesAgent': 1, ':firstResponseMsSum': 4200 },
    });
  });

  it('reports a redelivered event as a duplicate', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    expect(await metrics.applyMetrics('c1:msg:3', update, 99)).toBe('duplicate');
  });
});

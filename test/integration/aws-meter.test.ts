/**
 * The bench's AWS meter against DynamoDB Local: its item sizing agrees with the engine's own
 * units for plain writes (which Local reports by size), and a transaction is billed by the size
 * of each item it writes, removes or checks, with the sizing reads left out of the counts.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStore } from '../../functions/adapters/dynamo-store';
import { manifest } from '../../functions/manifest';
import { recordMetrics } from '../../functions/use-cases/record-metrics';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import { AwsMeter, itemBytes } from '../bench/aws-meter';
import { scenarioEvents } from '../support/metrics-scenario';
import { testDeps } from '../unit/functions/fakes';
import { startLocalTable } from './local-table';

const TableName = 'aws-meter-test';
let dynamo: LocalDynamoDb;
let client: DynamoDBDocumentClient;
const meter = new AwsMeter();

beforeAll(async () => {
  const local = await startLocalTable(TableName);
  dynamo = local.dynamo;
  client = local.table.client;
  meter.install();
}, 60_000);

afterAll(async () => {
  meter.uninstall();
  await dynamo?.stop();
});

const padded = (pk: string, bytes: number, extra: Record<string, unknown> = {}): Record<string, unknown> => {
  const item = { pk, sk: 'item', ...extra, pad: '' };
  return { ...item, pad: 'x'.repeat(bytes - itemBytes(item)) };
};

async function measured(work: () => Promise<unknown>): Promise<ReturnType<AwsMeter['reading']>> {
  await meter.settle();
  meter.reset();
  await work();
  await meter.settle();
  return meter.reading();
}

describe('the AWS meter on DynamoDB Local', () => {
  it('agrees with the engine on the units of plain Puts, by size (a 2.5 KB Put is 3 WRU)', async () => {
    const nested = { counters: { chats: 12, missed: 0, waitMs: 1234567 }, agents: new Set(['ana', 'bo', 'ché']), list: [1, 'two', true, null], rate: 0.125 };
    for (const bytes of [100, 1024, 1025, 2560, 3072, 3073]) {
      for (const extra of [{}, nested]) {
        const item = padded(`size#${bytes}`, bytes, extra);
        expect(itemBytes(item)).toBe(bytes);
        const reading = await measured(() => client.send(new PutCommand({ TableName, Item: item })));
        expect({ bytes, units: reading.writeUnits }).toEqual({ bytes, units: Math.ceil(bytes / 1024) });
      }
    }
  });

  it('bills a transaction 2 WRU per item per KB: the Put by its item, the Update after, the Delete before, the ConditionCheck as stored', async () => {
    await client.send(new PutCommand({ TableName, Item: padded('rollup', 900) }));
    await client.send(new PutCommand({ TableName, Item: padded('gone', 2560) }));
    await client.send(new PutCommand({ TableName, Item: padded('guard', 100) }));
    const items = [
      { Put: { TableName, Item: padded('fresh', 1229) } },
      { Update: { TableName, Key: { pk: 'rollup', sk: 'item' }, UpdateExpression: 'SET more = :m', ExpressionAttributeValues: { ':m': 'y'.repeat(1300) } } },
      { Delete: { TableName, Key: { pk: 'gone', sk: 'item' } } },
      { ConditionCheck: { TableName, Key: { pk: 'guard', sk: 'item' }, ConditionExpression: 'attribute_exists(pk)' } },
    ];
    meter.sizeTransactions = true;
    const sized = await measured(() => client.send(new TransactWriteCommand({ TransactItems: items })));
    const rollup = await client.send(new GetCommand({ TableName, Key: { pk: 'rollup', sk: 'item' } }));
    expect(itemBytes(rollup.Item ?? {})).toBe(900 + 4 + 1300);
    // 1.2 KB → 4, 2.2 KB → 6, 2.5 KB → 6, 0.1 KB → 2
    expect(sized).toMatchObject({ writeUnits: 18, readUnits: 0, transactionItems: 4, transactionWriteUnits: 18, unsizedItems: 0, largestTransactionItem: { bytes: 2560, key: 'gone item' } });
    expect([...sized.calls.keys()]).toEqual(['DynamoDB.TransactWrite']);

    meter.sizeTransactions = false;
    await client.send(new PutCommand({ TableName, Item: padded('gone', 2560) }));
    const flat = await measured(() => client.send(new TransactWriteCommand({ TransactItems: items.map((i) => ('Put' in i ? { Put: { TableName, Item: padded('fresh2', 1229) } } : i)) })));
    expect(flat).toMatchObject({ writeUnits: 8, transactionItems: 4, transactionWriteUnits: 8 });
  });

  it('bills a cancelled transaction 2 WRU per item, sized or not', async () => {
    meter.sizeTransactions = true;
    const items = [
      { Put: { TableName, Item: padded('never', 3000) } },
      { ConditionCheck: { TableName, Key: { pk: 'absent', sk: 'item' }, ConditionExpression: 'attribute_exists(pk)' } },
    ];
    const reading = await measured(() => client.send(new TransactWriteCommand({ TransactItems: items })).catch((e: Error) => e.name));
    expect(reading).toMatchObject({ writeUnits: 4, transactionItems: 2, transactionWriteUnits: 4 });
    meter.sizeTransactions = false;
  });

  it('bills a scripted day of metrics by size: its department-day rollup passes 1 KB', async () => {
    const deps = { ...testDeps(), store: dynamoStore({ client, name: TableName }) };
    meter.sizeTransactions = true;
    const day = await measured(async () => {
      for (const event of scenarioEvents()) await recordMetrics(deps, event);
    });
    meter.sizeTransactions = false;
    expect(day.unsizedItems).toBe(0);
    expect(day.largestTransactionItem?.key).toMatch(/^METRIC#DEPT#/);
    expect(day.largestTransactionItem?.bytes).toBeGreaterThan(1024);
    expect(day.transactionWriteUnits).toBeGreaterThan(2 * day.transactionItems);
  });
});

/**
 * The one table, as DynamoDB API inputs derived from functions/manifest.ts's `table` spec.
 * Pure: the local runtime sends these to DynamoDB Local, and the CDK stack reads the same
 * spec, so the laptop and the cloud cannot drift apart on keys or indexes.
 */
import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';
import type { TableSpec } from '../functions/manifest';

/** Every key attribute the table and its indexes use, once each, all strings. */
function keyAttributes(spec: TableSpec): string[] {
  const names = [spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  return [...new Set(names)];
}

/**
 * CreateTable input: on-demand billing (no capacity to guess), every index projecting ALL
 * attributes (the access patterns read whole items from the index, never a second GetItem).
 */
export function createTableInput(name: string, spec: TableSpec): CreateTableCommandInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes(spec).map((attribute) => ({ AttributeName: attribute, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: spec.partitionKey, KeyType: 'HASH' },
      { AttributeName: spec.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: spec.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** UpdateTimeToLive input; TTL can only be enabled once the table exists, hence a second call. */
export function updateTimeToLiveInput(name: string, spec: TableSpec): UpdateTimeToLiveCommandInput {
  return { TableName: name, TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } };
}

import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, it } from 'vitest';
import { manifest } from '../../functions/manifest';
import { buildStack } from './support/build-stack';

const built = buildStack();
afterAll(() => built.cleanup());
const { template } = built;
const spec = manifest.table;

describe('the table', () => {
  it('has the manifest keys, billed on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it.each(spec.indexes.map((i) => [i.name, i] as const))('has the %s index with its keys', (name, index) => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({
          IndexName: name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ]),
    });
  });

  it('expires items by the manifest TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
    });
  });

  it('keeps point-in-time recovery and server-side encryption on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: Match.objectLike({ SSEEnabled: true }),
    });
  });

  it('survives the stack being deleted or replaced', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

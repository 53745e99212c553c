import { describe, expect, it } from 'vitest';
import { manifest } from '../../../functions/manifest';
import { createTableInput, updateTimeToLiveInput } from '../../../lib/table-definition';

describe('table definition from the manifest', () => {
  it('creates an on-demand table keyed like the manifest, with every index projecting ALL', () => {
    // Act
    const input = createTableInput('t', manifest.table);

    // Assert
    expect(input).toMatchObject({
      TableName: 't',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(input).not.toHaveProperty('ProvisionedThroughput');
  });

  it('declares each key attribute once, as a string', () => {
    // Arrange
    const spec = { ...manifest.table, indexes: [{ name: 'byPk', partitionKey: 'pk', sortKey: 'other' }] };

    // Act
    const { AttributeDefinitions } = createTableInput('t', spec);

    // Assert
    expect(AttributeDefinitions).toEqual([
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'other', AttributeType: 'S' },
    ]);
  });

  it('enables TTL on the manifest attribute', () => {
    // Act / Assert
    expect(updateTimeToLiveInput('t', manifest.table)).toEqual({
      TableName: 't',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });
});

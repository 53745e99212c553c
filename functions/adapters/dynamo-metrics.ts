/**
 * Daily counters, counted once per event: the ADDs and an `EVENT#metrics#<eventId>` marker go
 * in one transaction, so a redelivered event finds the marker and changes nothing.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { MetricUpdate } from '../domain/metrics';
import type { MetricStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { keys } from './keys';
import type { Table } from './table';

export const METRICS_CONSUMER = 'metrics';

export class DynamoMetrics implements MetricStore {
  constructor(private readonly table: Table) {}

  async applyMetrics(eventId: string, update: MetricUpdate, markerTtlSeconds: number): Promise<'applied' | 'duplicate'> {
    const marker = {
      Put: {
        TableName: this.table.name,
        Item: { ...keys.processedEvent(METRICS_CONSUMER, eventId), type: 'processedEvent', ttl: markerTtlSeconds },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const adds = update.increments.map(({ scope, counters }) => {
      const names = Object.keys(counters);
      return {
        Update: {
          TableName: this.table.name,
          Key: keys.metric(update.day, scope),
          UpdateExpression: `ADD ${names.map((n) => `${n} :${n}`).join(', ')}`,
          ExpressionAttributeValues: Object.fromEntries(Object.entries(counters).map(([n, v]) => [`:${n}`, v])),
        },
      };
    });
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [marker, ...adds] }));
      return 'applied';
    } catch (error) {
      if (failedConditions(error)?.[0]) return 'duplicate';
      throw error;
    }
  }
}

/**
 * SLA breaches in the single table: a marker item per timer (`CHAT#<id>` / `SLA#<target>#<start>`)
 * written with attribute_not_exists, in the same transaction that puts the breach on the chat
 * (the console's red badge) and raises its priority. A timer delivered twice finds the marker,
 * so a breach is recorded, and announced, once.
 */
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { breachKey, type SlaBreach } from '../domain/sla';
import type { BreachState, SlaStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { NOT_EXISTS } from './conditions';
import { keys, stripKeys } from './keys';
import type { Table } from './table';

/** Markers outlive any retry of their timer (SQS keeps a message at most 14 days). */
const MARKER_TTL_SECONDS = 15 * 86_400;

export class DynamoSla implements Pick<SlaStore, 'recordSlaBreach' | 'markSlaBreachSent'> {
  constructor(private readonly table: Table) {}

  async recordSlaBreach(breach: SlaBreach, raisePriorityTo?: number): Promise<{ state: BreachState; breach: SlaBreach }> {
    const marker = keys.slaBreach(breach.chatId, breachKey(breach));
    const priority = raisePriorityTo === undefined ? '' : ', priority = :priority';
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: { ...marker, type: 'slaBreach', ...breach, ttl: Math.floor(breach.detectedAt / 1000) + MARKER_TTL_SECONDS },
                ConditionExpression: NOT_EXISTS,
              },
            },
            {
              Update: {
                TableName: this.table.name,
                Key: keys.chat(breach.chatId),
                UpdateExpression: `SET slaBreach = :breach${priority}`,
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':breach': breach, ...(raisePriorityTo === undefined ? {} : { ':priority': raisePriorityTo }) },
              },
            },
          ],
        }),
      );
      return { state: 'new', breach };
    } catch (error) {
      if (!failedConditions(error)?.[0]) throw error;
      const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: marker, ConsistentRead: true }));
      if (!Item) throw new Error(`SLA breach marker ${marker.sk} of ${breach.chatId} vanished`, { cause: error });
      const { sentAt, ...stored } = stripKeys<SlaBreach & { sentAt?: number }>(Item);
      return { state: sentAt === undefined ? 'unsent' : 'sent', breach: stored };
    }
  }

  async markSlaBreachSent(breach: SlaBreach): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.slaBreach(breach.chatId, breachKey(breach)),
        UpdateExpression: 'SET sentAt = :at',
        ExpressionAttributeValues: { ':at': breach.detectedAt },
      }),
    );
  }
}

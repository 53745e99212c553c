/**
 * Post-chat feedback in the single table: `FEEDBACK#<kind>` items in the chat's partition
 * (kind = rating, csat, nps, ces), so each chat holds at most one of each: the conditional put
 * is the once-per-chat rule, and a repeat reads the original back.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatFeedback } from '../contracts/frames';
import type { FeedbackStore } from '../use-cases/ports';
import { conditionFailed, NOT_EXISTS } from './conditions';
import { keys, stripKeys } from './keys';
import { retention, type Table } from './table';

export class DynamoFeedback implements FeedbackStore {
  constructor(private readonly table: Table) {}

  async saveFeedback(feedback: ChatFeedback): Promise<{ stored: ChatFeedback; created: boolean }> {
    const key = keys.feedback(feedback.chatId, feedback.kind);
    try {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, type: 'feedback', ...feedback, ...retention(this.table, feedback.createdAt) }, ConditionExpression: NOT_EXISTS }));
      return { stored: feedback, created: true };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }));
      if (!Item) throw error;
      return { stored: stripKeys<ChatFeedback>(Item), created: false };
    }
  }
}

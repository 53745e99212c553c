/**
 * Feedback from staff to the admins: one item each, keyed by its author and their client id so a
 * retried send finds the original, and listed newest first through gsi1 (`TEAMFEEDBACK`, sorted
 * by time): the admins' list is one Query.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TeamFeedback } from '../contracts/frames';
import type { TeamFeedbackStore } from '../use-cases/ports';
import { conditionFailed, NOT_EXISTS } from './conditions';
import { GSI1, keys, pad, stripKeys } from './keys';
import { retention, type Table } from './table';

const LISTED = 'TEAMFEEDBACK';

export class DynamoTeamFeedback implements TeamFeedbackStore {
  constructor(private readonly table: Table) {}

  async putTeamFeedback(clientFeedbackId: string, feedback: TeamFeedback): Promise<TeamFeedback> {
    const key = keys.teamFeedback(feedback.authorId, clientFeedbackId);
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...key, gsi1pk: LISTED, gsi1sk: `${pad(feedback.createdAt, 13)}#${feedback.feedbackId}`, type: 'teamFeedback', ...feedback, ...retention(this.table, feedback.createdAt) },
          ConditionExpression: NOT_EXISTS,
        }),
      );
      return feedback;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      // A retry: the original stands.
      const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }));
      if (!Item) throw error;
      return stripKeys<TeamFeedback>(Item);
    }
  }

  async listTeamFeedback(limit: number): Promise<TeamFeedback[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': LISTED }, ScanIndexForward: false, Limit: limit }),
    );
    return Items.map((i) => stripKeys<TeamFeedback>(i));
  }
}

/**
 * Feedback from staff to the admins: one item each, keyed by its author and their client id so a
 * retried send finds the original, and listed newest first through gsi1 (`TEAMFEEDBACK`, sorted
 * by time): the admins' list is one Query.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TeamFeedback } from '../contracts/frames';
import type { TeamFeedbackStore } from '../use-cases/ports';
import { putOnce } from './conditions';
import { GSI1, keys, pad, stripKeys } from './keys';
import { retention, type Table } from './table';

const LISTED = 'TEAMFEEDBACK';

export class DynamoTeamFeedback implements TeamFeedbackStore {
  constructor(private readonly table: Table) {}

  async putTeamFeedback(clientFeedbackId: string, feedback: TeamFeedback): Promise<TeamFeedback> {
    const listed = { gsi1pk: LISTED, gsi1sk: `${pad(feedback.createdAt, 13)}#${feedback.feedbackId}` };
    return (await putOnce(this.table, keys.teamFeedback(feedback.authorId, clientFeedbackId), feedback, { ...listed, type: 'teamFeedback', ...retention(this.table, feedback.createdAt) })).stored;
  }

  async listTeamFeedback(limit: number): Promise<TeamFeedback[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': LISTED }, ScanIndexForward: false, Limit: limit }),
    );
    return Items.map((i) => stripKeys<TeamFeedback>(i));
  }
}

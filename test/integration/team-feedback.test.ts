/**
 * Team feedback against DynamoDB Local: stored once per author and client id (a retried send gets
 * the original back), listed newest first through the index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamFeedback } from '../../functions/contracts/frames';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import type { Store } from '../../functions/use-cases/ports';
import { startLocalTable } from './local-table';

const T0 = Date.UTC(2026, 10, 22, 9);
let dynamo: LocalDynamoDb;
let store: Store;

beforeAll(async () => {
  ({ dynamo, store } = await startLocalTable('team-feedback-test'));
});

afterAll(async () => {
  await dynamo?.stop();
});

const feedback = (feedbackId: string, text: string, createdAt: number, authorId = 'u-alice'): TeamFeedback => ({ feedbackId, kind: 'suggestion', text, authorId, authorName: 'Alice', authorRole: 'agent', createdAt });

describe('team feedback (DynamoDB Local)', () => {
  it('keeps the first of two sends with the same client id, and lists newest first', async () => {
    // Act
    const first = await store.putTeamFeedback('f1', feedback('fb-1', 'Longer offer countdown, please', T0));
    const retried = await store.putTeamFeedback('f1', feedback('fb-2', 'Longer offer countdown, please', T0 + 5000));
    const other = await store.putTeamFeedback('f1', feedback('fb-3', 'Same client id, another author', T0 + 6000, 'u-bob'));
    const listed = await store.listTeamFeedback(10);

    // Assert
    expect(retried).toEqual(first);
    expect(other.feedbackId).toBe('fb-3');
    expect(listed.map((f) => f.feedbackId)).toEqual(['fb-3', 'fb-1']);
    expect(listed[1]).toEqual(first);
  });
});

/** Condition pieces the store's writes share. */
import { GetCommand, PutCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { stripKeys } from './keys';
import type { Table } from './table';

export const NOT_EXISTS = 'attribute_not_exists(pk)';

/** Values for `#status IN (:queued, :assigned)`: a chat that is still open. */
export const OPEN_VALUES = { ':queued': 'queued', ':assigned': 'assigned' };

/**
 * The agent half of every assignment (an offer, a transfer): one more active chat, allowed only
 * while the agent is online with a console socket (no `disconnectedAt`: a chat needs someone to
 * see it) and under capacity — the condition that keeps capacity exact.
 */
export function claimSeat(tableName: string, key: Record<string, string>, now: number) {
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: 'SET activeChats = activeChats + :one, lastAssignedAt = :now',
      ConditionExpression: '#status = :online AND attribute_not_exists(disconnectedAt) AND activeChats < maxChats',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':now': now, ':online': 'online' },
    },
  };
}

/** A write refused by its condition. By name, not instanceof: a bundle may hold two copies of the client package. */
export const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** An update made only if its condition holds: the attributes it asked back, or undefined when refused. */
export async function updateIfAllowed(table: Table, input: Omit<UpdateCommandInput, 'TableName'>): Promise<Record<string, unknown> | undefined> {
  try {
    return (await table.client.send(new UpdateCommand({ TableName: table.name, ...input }))).Attributes ?? {};
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

/**
 * Writes `record` as the item at `key` (with `extra` attributes: type, index keys, ttl) only if
 * there is none: the stored record and whether this call wrote it. A retry of the same write
 * finds the original and gets it back, unchanged.
 */
export async function putOnce<T extends object>(table: Table, key: { pk: string; sk: string }, record: T, extra: Record<string, unknown>): Promise<{ stored: T; created: boolean }> {
  try {
    await table.client.send(new PutCommand({ TableName: table.name, Item: { ...key, ...extra, ...record }, ConditionExpression: NOT_EXISTS }));
    return { stored: record, created: true };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const { Item } = await table.client.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }));
    if (!Item) throw error;
    return { stored: stripKeys<T>(Item), created: false };
  }
}

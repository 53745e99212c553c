/** Condition pieces the store's writes share. */
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

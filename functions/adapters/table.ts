/** What every DynamoDB store piece shares: the document client and the table name. */
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

export interface Table {
  readonly client: DynamoDBDocumentClient;
  readonly name: string;
}

/** Items of one partition whose sort key starts with `prefix` (a user's sockets, an agent's chats, …). */
export async function queryPrefix(table: Table, pk: string, prefix: string, options: { newestFirst?: boolean; limit?: number } = {}): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await table.client.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ConsistentRead: true,
      ...(options.newestFirst ? { ScanIndexForward: false } : {}),
      ...(options.limit ? { Limit: options.limit } : {}),
    }),
  );
  return Items;
}

const BATCH = 100;
const MAX_BATCH_ROUNDS = 5;

/** BatchGetItem of `keyList` in pages of 100, re-asking for unprocessed keys a bounded number of times. */
export async function batchGet(table: Table, keyList: readonly Record<string, string>[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keyList.length; start += BATCH) {
    let pending: Record<string, unknown>[] = keyList.slice(start, start + BATCH);
    for (let round = 0; pending.length > 0 && round < MAX_BATCH_ROUNDS; round++) {
      const result = await table.client.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[table.name] ?? []));
      pending = result.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return found;
}

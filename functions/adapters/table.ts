/** What every DynamoDB store piece shares: the document client and the table name. */
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

export interface Table {
  readonly client: DynamoDBDocumentClient;
  readonly name: string;
  /** The deployment's retention (config `retentionDays`): conversation items expire this long after their own time. */
  readonly retentionDays?: number;
}

const DAY_SECONDS = 86_400;

/**
 * The TTL attribute a conversation item (chat, message, note, rating, ticket, visitor profile)
 * is written with: its own time (epoch ms) + the retention period, in epoch seconds; nothing
 * when the deployment keeps data until it is deleted.
 */
export function retention(table: Table, at: number): { ttl?: number } {
  return table.retentionDays === undefined ? {} : { ttl: Math.floor(at / 1000) + table.retentionDays * DAY_SECONDS };
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

/** Every item of one partition (optionally only sort keys starting with `prefix`), following pages to the end. */
export async function queryAll(table: Table, pk: string, prefix?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: prefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ...(prefix === undefined ? {} : { ':prefix': prefix }) },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const BATCH = 100;
const MAX_BATCH_ROUNDS = 5;
const BATCH_RETRY_MS = 25;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Consistent BatchGetItem of `keyList` in pages of 100. Keys DynamoDB leaves unprocessed are asked
 * for again with a growing pause, a bounded number of times; then it throws. An item silently
 * missing would read as "does not exist": a block not found, a user taken for socket-less.
 */
export async function batchGet(table: Table, keyList: readonly Record<string, string>[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keyList.length; start += BATCH) {
    let pending: Record<string, unknown>[] = keyList.slice(start, start + BATCH);
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_BATCH_ROUNDS) throw new Error(`DynamoDB left ${pending.length} of ${keyList.length} keys unread after ${round} tries`);
      if (round > 0) await sleep(BATCH_RETRY_MS * 2 ** (round - 1));
      const result = await table.client.send(new BatchGetCommand({ RequestItems: { [table.name]: { Keys: pending, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[table.name] ?? []));
      pending = result.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return found;
}

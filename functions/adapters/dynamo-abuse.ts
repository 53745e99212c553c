/**
 * Abuse controls in the single table: rate counters (`RATE#<key>` / `W#<window>`, one item per
 * key and window, gone by TTL) counted with a conditional ADD, and blocks (`BLOCK#<subject>`),
 * read together in one BatchGetItem. Neither is on the path of an ordinary message.
 */
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BlockRecord } from '../domain/blocks';
import type { AbuseStore } from '../use-cases/ports';
import { keys, stripKeys } from './keys';
import { batchGet, type Table } from './table';
import { conditionFailed } from './conditions';

export class DynamoAbuse implements AbuseStore {
  constructor(private readonly table: Table) {}

  async countHit(key: string, window: number, max: number, ttlSeconds: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.rateCounter(key, window),
          UpdateExpression: 'ADD hits :one SET #type = :type, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :max',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'rate', ':ttl': ttlSeconds, ':max': max },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async putBlocks(blocks: readonly BlockRecord[]): Promise<void> {
    if (blocks.length === 0) return;
    const requests = blocks.map((block) => ({
      PutRequest: { Item: { ...keys.block(block.subject), type: 'block', ...block, ...(block.expiresAt ? { ttl: block.expiresAt } : {}) } },
    }));
    let pending: typeof requests = requests;
    for (let round = 0; pending.length > 0 && round < 5; round++) {
      const result = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: pending } }));
      pending = (result.UnprocessedItems?.[this.table.name] ?? []) as typeof requests;
    }
    if (pending.length > 0) throw new Error(`Could not write ${pending.length} block(s)`);
  }

  async findBlock(subjects: readonly string[], nowSeconds: number): Promise<BlockRecord | undefined> {
    if (subjects.length === 0) return undefined;
    const items = await batchGet(this.table, subjects.map((s) => keys.block(s)));
    // TTL deletes late (up to days): an expired block is treated as gone at once.
    return items.map((i) => stripKeys<BlockRecord>(i)).find((b) => b.expiresAt === undefined || b.expiresAt > nowSeconds);
  }
}

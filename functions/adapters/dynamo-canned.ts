/**
 * Canned responses in the single table: `CANNED#<owner>` / `SC#<shortcut>`, owner `shared` or an
 * agent id. Keyed by shortcut, so `#shortcut` is one GetItem and a shortcut is unique per owner
 * by the key itself; an edit that renames the shortcut moves the item in one transaction.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CannedResponse } from '../contracts/frames';
import { DuplicateShortcutError } from '../domain/errors';
import type { CannedStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { NOT_EXISTS } from './conditions';
import { keys, stripKeys } from './keys';
import { queryPrefix, type Table } from './table';

export class DynamoCanned implements CannedStore {
  constructor(private readonly table: Table) {}

  async listCanned(ownerId: string, limit: number): Promise<CannedResponse[]> {
    return (await queryPrefix(this.table, `CANNED#${ownerId}`, 'SC#', { limit })).map((i) => stripKeys<CannedResponse>(i));
  }

  async getCannedByShortcut(ownerId: string, shortcut: string): Promise<CannedResponse | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.canned(ownerId, shortcut), ConsistentRead: true }));
    return Item && stripKeys<CannedResponse>(Item);
  }

  async putCanned(ownerId: string, canned: CannedResponse, previous?: CannedResponse): Promise<void> {
    const item = { ...keys.canned(ownerId, canned.shortcut), type: 'canned', ...canned };
    const sameKey = previous?.shortcut === canned.shortcut;
    // A new shortcut must be free; the same one must still be this response's.
    const put = {
      Put: {
        TableName: this.table.name,
        Item: item,
        ...(sameKey ? { ConditionExpression: 'cannedId = :id', ExpressionAttributeValues: { ':id': canned.cannedId } } : { ConditionExpression: NOT_EXISTS }),
      },
    };
    const move = previous && !sameKey ? [{ Delete: { TableName: this.table.name, Key: keys.canned(ownerId, previous.shortcut), ConditionExpression: 'cannedId = :id', ExpressionAttributeValues: { ':id': previous.cannedId } } }] : [];
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [put, ...move] }));
    } catch (error) {
      if (failedConditions(error)?.[0]) throw new DuplicateShortcutError(`#${canned.shortcut} is taken`, { cause: error });
      throw error;
    }
  }

  async deleteCanned(ownerId: string, canned: CannedResponse): Promise<void> {
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [{ Delete: { TableName: this.table.name, Key: keys.canned(ownerId, canned.shortcut), ConditionExpression: 'cannedId = :id', ExpressionAttributeValues: { ':id': canned.cannedId } } }],
      }),
    ).catch((error: unknown) => {
      // Already gone (a retried delete): nothing to do.
      if (!failedConditions(error)) throw error;
    });
  }
}

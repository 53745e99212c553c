/**
 * Connections (docs/decisions.md, access pattern 2): `CONN#<id>` for the socket and
 * `USER#<userId>` / `CONN#<id>` for fan-out, written and deleted together, both with a TTL
 * because $disconnect is best-effort.
 */
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectionRecord, ConnectionStore, VisitorStore } from '../use-cases/ports';
import { keys } from './keys';
import { queryPrefix, type Table } from './table';

export class DynamoConnections implements ConnectionStore, VisitorStore {
  constructor(private readonly table: Table) {}

  async putConnection(connection: ConnectionRecord, ttlSeconds: number): Promise<void> {
    const item = { type: 'connection', ...connection, ttl: ttlSeconds };
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table.name, Item: { ...keys.connection(connection.connectionId), ...item } } },
          { Put: { TableName: this.table.name, Item: { ...keys.userConnection(connection.userId, connection.connectionId), ...item } } },
        ],
      }),
    );
  }

  async deleteConnection(connectionId: string, userId: string): Promise<void> {
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.table.name, Key: keys.connection(connectionId) } },
          { Delete: { TableName: this.table.name, Key: keys.userConnection(userId, connectionId) } },
        ],
      }),
    );
  }

  async listConnections(userId: string): Promise<string[]> {
    return (await queryPrefix(this.table, `USER#${userId}`, 'CONN#')).map((i) => String(i.connectionId));
  }

  async saveVisitorProfile(visitorId: string, profile: { name?: string; email?: string }, now: number): Promise<void> {
    const fields = Object.entries(profile).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const sets = fields.map(([field]) => `#${field} = :${field}`);
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.visitorProfile(visitorId),
        UpdateExpression: `SET #type = :type, visitorId = :visitorId, updatedAt = :now${sets.map((s) => `, ${s}`).join('')}`,
        ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(fields.map(([f]) => [`#${f}`, f])) },
        ExpressionAttributeValues: { ':type': 'visitor', ':visitorId': visitorId, ':now': now, ...Object.fromEntries(fields.map(([f, v]) => [`:${f}`, v])) },
      }),
    );
  }
}

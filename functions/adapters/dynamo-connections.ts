/**
 * Connections (docs/decisions.md, access pattern 2): `CONN#<id>` for the socket and
 * `USER#<userId>` / `CONN#<id>` for fan-out, written and deleted together, both with a TTL
 * because $disconnect is best-effort. A delivery that finds a socket gone deletes it only once
 * it is older than its `$connect` window (deliver.ts).
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConnectionRecord, ConnectionStore, SlaStore, VisitorProfile, VisitorStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { keys, stripKeys } from './keys';
import { contactEmailItem } from './dynamo-contacts';
import { queryPrefix, retention, type Table } from './table';

export class DynamoConnections implements ConnectionStore, VisitorStore, Pick<SlaStore, 'listWatchers'> {
  constructor(private readonly table: Table) {}

  async putConnection(connection: ConnectionRecord, ttlSeconds: number): Promise<void> {
    const item = { type: 'connection', ...connection, ttl: ttlSeconds };
    const watches = connection.role === 'supervisor' || connection.role === 'admin';
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table.name, Item: { ...keys.connection(connection.connectionId), ...item } } },
          { Put: { TableName: this.table.name, Item: { ...keys.userConnection(connection.userId, connection.connectionId), ...item } } },
          // Supervisors' and admins' consoles also watch for SLA alerts.
          ...(watches ? [{ Put: { TableName: this.table.name, Item: { ...keys.watcher(connection.connectionId), ...item } } }] : []),
        ],
      }),
    );
  }

  async deleteConnection(connectionId: string, userId: string, connectedBefore?: number): Promise<void> {
    const condition =
      connectedBefore === undefined
        ? {}
        : { ConditionExpression: 'attribute_not_exists(connectedAt) OR connectedAt < :before', ExpressionAttributeValues: { ':before': connectedBefore } };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table.name, Key: keys.connection(connectionId), ...condition } },
            { Delete: { TableName: this.table.name, Key: keys.userConnection(userId, connectionId), ...condition } },
            // Only supervisors' and admins' consoles have one; deleting a missing item is harmless.
            { Delete: { TableName: this.table.name, Key: keys.watcher(connectionId), ...condition } },
          ],
        }),
      );
    } catch (error) {
      // A connection too young to delete keeps both items: nothing to do.
      if (!failedConditions(error)) throw error;
    }
  }

  async listConnections(userId: string): Promise<string[]> {
    return (await queryPrefix(this.table, `USER#${userId}`, 'CONN#')).map((i) => String(i.connectionId));
  }

  /** Supervisors and admins with a console open (one small partition; stale ones expire by TTL). */
  async listWatchers(): Promise<string[]> {
    return [...new Set((await queryPrefix(this.table, 'WATCHERS', 'CONN#')).map((i) => String(i.userId)))];
  }

  /** Updates the given fields (the retention TTL restarts from now); an e-mail also gets its contact index item. */
  async saveVisitorProfile(visitorId: string, profile: VisitorProfile, now: number): Promise<void> {
    const expires = retention(this.table, now);
    const fields = Object.entries({ ...profile, ...expires }).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
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
    if (profile.email) await this.table.client.send(new PutCommand(contactEmailItem(this.table, visitorId, profile.email, now).Put));
  }

  async linkVisitor(contactId: string, aliasId: string, now: number): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.visitorAlias(contactId, aliasId), type: 'visitorAlias', visitorId: contactId, aliasId, linkedAt: now, ...retention(this.table, now) },
      }),
    );
  }

  async listVisitorAliases(contactId: string, limit: number): Promise<string[]> {
    return (await queryPrefix(this.table, `VISITOR#${contactId}`, 'ALIAS#', { limit })).map((i) => String(i.aliasId));
  }

  async getVisitorProfile(visitorId: string): Promise<VisitorProfile | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.visitorProfile(visitorId) }));
    if (!Item) return undefined;
    const { visitorId: _id, updatedAt: _at, ...profile } = stripKeys<VisitorProfile & { visitorId: string; updatedAt: number }>(Item);
    return profile;
  }
}

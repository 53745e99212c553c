/**
 * Connections (docs/decisions.md, access pattern 2): `CONN#<id>` for the socket, and one
 * `USER#<userId>` / `CONNS` item per user for fan-out, holding one attribute per open socket
 * (`C#<id>` = `{ at: connectedAt, exp: its TTL }`). Both are written and deleted together in one transaction, both
 * with a TTL because $disconnect is best-effort (the user item's TTL is its newest socket's).
 * A delivery reads all its recipients' items in one consistent BatchGetItem, by key: a
 * message to a 1:1 chat is one read for both sides, not one query per user. A delivery that
 * finds a socket gone deletes it only once it is older than its `$connect` window (deliver.ts).
 */
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatRecord } from '../domain/chat';
import type { ConnectionRecord, ConnectionStore, SlaStore, VisitorProfile, VisitorStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { connectionAttribute, connectionIdsOf, keys, socketAttributes, stripKeys } from './keys';
import { contactEmailItem } from './dynamo-contacts';
import { batchGet, queryPrefix, retention, type Table } from './table';


export class DynamoConnections implements ConnectionStore, VisitorStore, Pick<SlaStore, 'listWatchers'> {
  constructor(
    private readonly table: Table,
    private readonly now: () => number = Date.now,
  ) {}

  async putConnection(connection: ConnectionRecord, ttlSeconds: number): Promise<void> {
    const item = { type: 'connection', ...connection, ttl: ttlSeconds };
    const watches = connection.role === 'supervisor' || connection.role === 'admin';
    await this.table.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table.name, Item: { ...keys.connection(connection.connectionId), ...item } } },
          {
            Update: {
              TableName: this.table.name,
              Key: keys.userConnections(connection.userId),
              UpdateExpression: 'SET #conn = :socket, #type = :type, userId = :userId, #ttl = :ttl',
              ExpressionAttributeNames: { '#conn': connectionAttribute(connection.connectionId), '#type': 'type', '#ttl': 'ttl' },
              ExpressionAttributeValues: { ':socket': { at: connection.connectedAt, exp: ttlSeconds }, ':type': 'userConnections', ':userId': connection.userId, ':ttl': ttlSeconds },
            },
          },
          // Supervisors' and admins' consoles also watch for SLA alerts.
          ...(watches ? [{ Put: { TableName: this.table.name, Item: { ...keys.watcher(connection.connectionId), ...item } } }] : []),
        ],
      }),
    );
  }

  /**
   * One transaction: the socket's item, its attribute on the user's item and its watcher item.
   * The attribute's update is conditional on the attribute being there (an update of a missing
   * item would create one); when only that condition fails (a repeated or late $disconnect),
   * the socket's own items still go.
   */
  async deleteConnection(connectionId: string, userId: string, connectedBefore?: number): Promise<void> {
    const before = connectedBefore === undefined ? undefined : { ':before': connectedBefore };
    const condition = before ? { ConditionExpression: 'attribute_not_exists(connectedAt) OR connectedAt < :before', ExpressionAttributeValues: before } : {};
    const socket = { Delete: { TableName: this.table.name, Key: keys.connection(connectionId), ...condition } };
    // Only supervisors' and admins' consoles have one; deleting a missing item is harmless.
    const watcher = { Delete: { TableName: this.table.name, Key: keys.watcher(connectionId), ...condition } };
    const fanOut = {
      Update: {
        TableName: this.table.name,
        Key: keys.userConnections(userId),
        UpdateExpression: 'REMOVE #conn',
        ConditionExpression: before ? 'attribute_exists(#conn) AND #conn.#at < :before' : 'attribute_exists(#conn)',
        ExpressionAttributeNames: { '#conn': connectionAttribute(connectionId), ...(before ? { '#at': 'at' } : {}) },
        ...(before ? { ExpressionAttributeValues: before } : {}),
      },
    };
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [socket, fanOut, watcher] }));
      return;
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      // A connection too young to delete keeps its items: nothing to do.
      if (failed[0] || failed[2]) return;
    }
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [socket, watcher] }));
    } catch (error) {
      if (!failedConditions(error)) throw error;
    }
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  async listConnections(userId: string): Promise<string[]> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.userConnections(userId), ConsistentRead: true }));
    return this.liveSockets(Item);
  }

  /**
   * The item's live sockets. Attributes past their TTL (a $disconnect that never came: the item
   * itself lives on while its user keeps connecting) are removed on the way, so an always-online
   * user's item does not grow; that write happens only when there is one, and its failure only
   * leaves them for the next read.
   */
  private async liveSockets(item: Record<string, unknown> | undefined): Promise<string[]> {
    const now = this.nowSeconds();
    const stale = socketAttributes(item, now, false);
    if (item && stale.length > 0) {
      const names = Object.fromEntries(stale.map((name, i) => [`#s${i}`, name]));
      try {
        await this.table.client.send(new UpdateCommand({ TableName: this.table.name, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: `REMOVE ${Object.keys(names).join(', ')}`, ExpressionAttributeNames: names }));
      } catch {
        // Left for the next read: the sockets are skipped either way.
      }
    }
    return connectionIdsOf(item, now);
  }

  /**
   * One consistent BatchGetItem for every user (table.ts batchGet: it throws rather than leave a
   * key unread, since a user silently taken for socket-less would be a message pushed to nobody);
   * a user with no item has no sockets.
   */
  async listConnectionsOf(userIds: readonly string[]): Promise<Map<string, string[]>> {
    const unique = [...new Set(userIds)];
    if (unique.length === 1) return new Map([[unique[0] as string, await this.listConnections(unique[0] as string)]]);
    const found = new Map(unique.map((userId) => [userId, [] as string[]]));
    const items = await batchGet(this.table, unique.map((userId) => keys.userConnections(userId)));
    await Promise.all(items.map(async (item) => found.set(String(item.pk).slice('USER#'.length), await this.liveSockets(item))));
    return found;
  }

  /**
   * A chat's item and the listed users' socket items in the same consistent BatchGetItem: a
   * typing indicator learns who the other side is and where their sockets are in one call.
   * Without users it is the chat's GetItem alone.
   */
  async getChatWithConnections(chatId: string, userIds: readonly string[]): Promise<{ chat: ChatRecord | undefined; connections: Map<string, string[]> }> {
    const unique = [...new Set(userIds)];
    const chatKey = keys.chat(chatId);
    if (unique.length === 0) {
      const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: chatKey, ConsistentRead: true }));
      return { chat: Item && stripKeys<ChatRecord>(Item), connections: new Map() };
    }
    const items = await batchGet(this.table, [chatKey, ...unique.map((userId) => keys.userConnections(userId))]);
    const chatItem = items.find((item) => item.pk === chatKey.pk && item.sk === chatKey.sk);
    const connections = new Map(unique.map((userId) => [userId, [] as string[]]));
    const users = items.filter((item) => item !== chatItem);
    await Promise.all(users.map(async (item) => connections.set(String(item.pk).slice('USER#'.length), await this.liveSockets(item))));
    return { chat: chatItem && stripKeys<ChatRecord>(chatItem), connections };
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

/**
 * Connections against DynamoDB Local (docs/decisions.md, access pattern 2): one `USER#<id>` /
 * `CONNS` item per user with one attribute per socket, written and deleted with the socket's
 * own item in one transaction. A delivery reads every recipient's item in one consistent
 * BatchGetItem; what a reconnect writes is in the very next read.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConnections } from '../../functions/adapters/dynamo-connections';
import { keys } from '../../functions/adapters/keys';
import type { Table } from '../../functions/adapters/table';
import { manifest } from '../../functions/manifest';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import { startLocalTable } from './local-table';

const TABLE = 'connections-test';
const TTL = 2_000_000_000;
let dynamo: LocalDynamoDb;
let table: Table;
let connections: DynamoConnections;

beforeAll(async () => {
  ({ dynamo, table } = await startLocalTable(TABLE));
  connections = new DynamoConnections(table);
});

afterAll(async () => {
  await dynamo?.stop();
});

const open = (connectionId: string, userId: string, connectedAt: number, role: 'visitor' | 'agent' | 'supervisor' = 'visitor') =>
  connections.putConnection({ connectionId, userId, role, connectedAt }, TTL);

async function item(key: { pk: string; sk: string }) {
  return (await table.client.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
}

describe('connections in one item per user (DynamoDB Local)', () => {
  it('lists every socket of every user in one read, a reconnect included at once', async () => {
    // Arrange
    await open('v1-tab1', 'u-v1', 1000);
    await open('v1-tab2=', 'u-v1', 1001);
    await open('a1-console', 'u-a1', 1002, 'agent');

    // Act
    const before = await connections.listConnectionsOf(['u-v1', 'u-a1', 'u-nobody']);
    await open('a1-reconnected', 'u-a1', 1003, 'agent');
    const after = await connections.listConnectionsOf(['u-v1', 'u-a1']);

    // Assert
    expect(Object.fromEntries([...before].map(([u, ids]) => [u, [...ids].sort()]))).toEqual({ 'u-v1': ['v1-tab1', 'v1-tab2='], 'u-a1': ['a1-console'], 'u-nobody': [] });
    expect([...(after.get('u-a1') ?? [])].sort()).toEqual(['a1-console', 'a1-reconnected']);
    expect(await connections.listConnections('u-v1')).toHaveLength(2);
    expect(await item(keys.userConnections('u-a1'))).toMatchObject({ type: 'userConnections', userId: 'u-a1', ttl: TTL, 'C#a1-console': { at: 1002, exp: TTL } });
  });

  it('reads a chat with its participants’ sockets in one request: no chat, no sockets are answers too', async () => {
    // Arrange
    await table.client.send(new PutCommand({ TableName: TABLE, Item: { ...keys.chat('c-typing'), type: 'chat', chatId: 'c-typing', visitorId: 'u-v9', agentId: 'u-a9', status: 'assigned' } }));
    await open('a9-console', 'u-a9', 1000, 'agent');

    // Act
    const found = await connections.getChatWithConnections('c-typing', ['u-v9', 'u-a9']);
    const missing = await connections.getChatWithConnections('c-none', ['u-a9']);

    // Assert
    expect(found.chat).toEqual({ chatId: 'c-typing', visitorId: 'u-v9', agentId: 'u-a9', status: 'assigned' });
    expect(Object.fromEntries(found.connections)).toEqual({ 'u-v9': [], 'u-a9': ['a9-console'] });
    expect(missing.chat).toBeUndefined();
    expect(Object.fromEntries(missing.connections)).toEqual({ 'u-a9': ['a9-console'] });
  });

  it('deletes a socket and its attribute together, and the user’s other sockets stay', async () => {
    // Arrange
    await open('v2-a', 'u-v2', 1000);
    await open('v2-b', 'u-v2', 1000);

    // Act
    await connections.deleteConnection('v2-a', 'u-v2');

    // Assert
    expect(await connections.listConnections('u-v2')).toEqual(['v2-b']);
    expect(await item(keys.connection('v2-a'))).toBeUndefined();
    expect(await item(keys.connection('v2-b'))).toBeDefined();
  });

  it('deleting a socket of a user without an item creates no item (a late $disconnect)', async () => {
    // Act
    await connections.deleteConnection('ghost', 'u-never');
    await connections.deleteConnection('ghost', 'u-never', 5000);

    // Assert
    expect(await item(keys.userConnections('u-never'))).toBeUndefined();
    expect(await connections.listConnectionsOf(['u-never', 'u-never-either'])).toEqual(
      new Map([
        ['u-never', []],
        ['u-never-either', []],
      ]),
    );
  });

  it('keeps a socket still inside its $connect window when a delivery finds it gone, and drops an older one', async () => {
    // Arrange
    await open('v3-old', 'u-v3', 1000);
    await open('v3-young', 'u-v3', 9000);

    // Act
    await connections.deleteConnection('v3-young', 'u-v3', 5000);
    await connections.deleteConnection('v3-old', 'u-v3', 5000);

    // Assert
    expect(await connections.listConnections('u-v3')).toEqual(['v3-young']);
    expect(await item(keys.connection('v3-young'))).toBeDefined();
    expect(await item(keys.connection('v3-old'))).toBeUndefined();
  });

  it('leaves out a socket past its TTL whose $disconnect never came', async () => {
    // Arrange
    await connections.putConnection({ connectionId: 'v5-lost', userId: 'u-v5', role: 'visitor', connectedAt: 1000 }, Math.floor(Date.now() / 1000) - 1);
    await open('v5-live', 'u-v5', 2000);

    // Act
    const listed = await connections.listConnectionsOf(['u-v5', 'u-a1']);

    // Assert
    expect(listed.get('u-v5')).toEqual(['v5-live']);
  });

  it('registers a supervisor’s console as a watcher and removes it with the socket', async () => {
    // Arrange
    await open('s1-console', 'u-s1', 1000, 'supervisor');
    const watching = await connections.listWatchers();

    // Act
    await connections.deleteConnection('s1-console', 'u-s1');

    // Assert
    expect(watching).toContain('u-s1');
    expect(await connections.listWatchers()).not.toContain('u-s1');
    expect(await connections.listConnections('u-s1')).toEqual([]);
  });
});

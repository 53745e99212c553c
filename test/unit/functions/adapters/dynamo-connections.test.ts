import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoConnections } from '../../../../functions/adapters/dynamo-connections';
import { T0 } from '../fakes';
import { testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const connections = new DynamoConnections({ client, name: 'parley' }, () => T0);
const live = { at: T0, exp: T0 / 1000 + 60 };

afterEach(() => ddb.reset());

describe('DynamoConnections', () => {
  it('writes the socket item and the socket’s attribute on the user’s fan-out item together, both expiring', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await connections.putConnection({ connectionId: 'abc=', userId: 'v1', role: 'visitor', connectedAt: T0 }, 12345);

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Put?.Item).toMatchObject({ pk: 'CONN#abc=', sk: 'META', userId: 'v1', ttl: 12345 });
    expect(items[1]?.Update).toMatchObject({
      Key: { pk: 'USER#v1', sk: 'CONNS' },
      UpdateExpression: 'SET #conn = :socket, #type = :type, userId = :userId, #ttl = :ttl',
      ExpressionAttributeNames: { '#conn': 'C#abc=' },
      ExpressionAttributeValues: { ':socket': { at: T0, exp: 12345 }, ':ttl': 12345 },
    });
  });

  it('deletes every item of a connection (the watcher item too: only supervisors and admins have one)', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await connections.deleteConnection('abc=', 'v1');

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Delete?.Key ?? i.Update?.Key)).toEqual([
      { pk: 'CONN#abc=', sk: 'META' },
      { pk: 'USER#v1', sk: 'CONNS' },
      { pk: 'WATCHERS', sk: 'CONN#abc=' },
    ]);
    expect(items[1]?.Update).toMatchObject({ UpdateExpression: 'REMOVE #conn', ConditionExpression: 'attribute_exists(#conn)', ExpressionAttributeNames: { '#conn': 'C#abc=' } });
  });

  it.each([
    ['a supervisor', 'supervisor', 3],
    ['an admin', 'admin', 3],
    ['an agent', 'agent', 2],
  ] as const)('registers %s’s console as an SLA alert watcher only for supervisors and admins', async (_name, role, items) => {
    ddb.on(TransactWriteCommand).resolves({});

    await connections.putConnection({ connectionId: 'k', userId: 'u1', role, connectedAt: T0 }, 12345);

    const written = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(written).toHaveLength(items);
    if (items === 3) expect(written[2]?.Put?.Item).toMatchObject({ pk: 'WATCHERS', sk: 'CONN#k', userId: 'u1', ttl: 12345 });
  });

  it('lists the watchers’ users once each, with a key query', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ userId: 's1' }, { userId: 'a9' }, { userId: 's1' }] });

    expect(await connections.listWatchers()).toEqual(['s1', 'a9']);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'WATCHERS', ':prefix': 'CONN#' });
  });

  it('deletes a gone connection only when it opened before the given time, and takes a refusal quietly', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }));

    await connections.deleteConnection('abc=', 'v1', T0);

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => [i.Delete?.ConditionExpression ?? i.Update?.ConditionExpression, i.Delete?.ExpressionAttributeValues ?? i.Update?.ExpressionAttributeValues])).toEqual([
      ['attribute_not_exists(connectedAt) OR connectedAt < :before', { ':before': T0 }],
      ['attribute_exists(#conn) AND #conn.#at < :before', { ':before': T0 }],
      ['attribute_not_exists(connectedAt) OR connectedAt < :before', { ':before': T0 }],
    ]);
  });

  it('still deletes the socket’s own items when only its attribute on the user’s item is missing', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }))
      .resolves({});

    await connections.deleteConnection('abc=', 'v1');

    const second = ddb.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems ?? [];
    expect(second.map((i) => i.Delete?.Key)).toEqual([
      { pk: 'CONN#abc=', sk: 'META' },
      { pk: 'WATCHERS', sk: 'CONN#abc=' },
    ]);
  });

  it('reads a user’s sockets from one item by key (consistent), never a query or a scan, skipping those past their TTL', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'USER#v1', sk: 'CONNS', userId: 'v1', ttl: 1, type: 'userConnections', 'C#a': live, 'C#b=': live, 'C#lost': { at: T0 - 1, exp: T0 / 1000 } } });

    expect(await connections.listConnections('v1')).toEqual(['a', 'b=']);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: 'USER#v1', sk: 'CONNS' }, ConsistentRead: true });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('removes the attributes of sockets past their TTL while reading, so an always-online user’s item does not grow; a failed removal still answers', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'USER#v1', sk: 'CONNS', 'C#a': live, 'C#lost': { at: T0 - 1, exp: T0 / 1000 }, 'C#gone': { at: T0 - 2, exp: 1 } } });
    ddb.on(UpdateCommand).rejects(new Error('throttled'));

    expect(await connections.listConnections('v1')).toEqual(['a']);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'USER#v1', sk: 'CONNS' },
      UpdateExpression: 'REMOVE #s0, #s1',
      ExpressionAttributeNames: { '#s0': 'C#lost', '#s1': 'C#gone' },
    });

    ddb.reset();
    ddb.on(GetCommand).resolves({ Item: { pk: 'USER#v1', sk: 'CONNS', 'C#a': live } });
    await connections.listConnections('v1');
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('reads several users’ sockets in one consistent BatchGetItem; a user without an item has none', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ pk: 'USER#a1', sk: 'CONNS', userId: 'a1', 'C#x': live, 'C#y': live }] } });

    const found = await connections.listConnectionsOf(['v1', 'a1', 'v1']);

    expect(Object.fromEntries(found)).toEqual({ v1: [], a1: ['x', 'y'] });
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley).toEqual({
      Keys: [
        { pk: 'USER#v1', sk: 'CONNS' },
        { pk: 'USER#a1', sk: 'CONNS' },
      ],
      ConsistentRead: true,
    });
  });

  it('reads a chat and its participants’ sockets in one consistent BatchGetItem, and the chat alone in one GetItem', async () => {
    ddb.on(BatchGetCommand).resolves({
      Responses: { parley: [{ pk: 'USER#a1', sk: 'CONNS', 'C#y': live }, { pk: 'CHAT#c1', sk: 'META', chatId: 'c1', visitorId: 'v1', agentId: 'a1', status: 'assigned' }] },
    });
    ddb.on(GetCommand).resolves({ Item: { pk: 'CHAT#c2', sk: 'META', chatId: 'c2', visitorId: 'v2', status: 'queued' } });

    const both = await connections.getChatWithConnections('c1', ['v1', 'a1', 'v1']);
    const alone = await connections.getChatWithConnections('c2', []);

    expect(both.chat).toEqual({ chatId: 'c1', visitorId: 'v1', agentId: 'a1', status: 'assigned' });
    expect(Object.fromEntries(both.connections)).toEqual({ v1: [], a1: ['y'] });
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley).toEqual({
      Keys: [
        { pk: 'CHAT#c1', sk: 'META' },
        { pk: 'USER#v1', sk: 'CONNS' },
        { pk: 'USER#a1', sk: 'CONNS' },
      ],
      ConsistentRead: true,
    });
    expect(alone).toEqual({ chat: { chatId: 'c2', visitorId: 'v2', status: 'queued' }, connections: new Map() });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: 'CHAT#c2', sk: 'META' }, ConsistentRead: true });
  });

  it('asks again for the users DynamoDB left unprocessed, and throws rather than take them for socket-less', async () => {
    const unprocessed = { UnprocessedKeys: { parley: { Keys: [{ pk: 'USER#a1', sk: 'CONNS' }] } } };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { parley: [{ pk: 'USER#v1', sk: 'CONNS', 'C#x': live }] }, ...unprocessed })
      .resolvesOnce({ Responses: { parley: [{ pk: 'USER#a1', sk: 'CONNS', 'C#y': live }] } });

    expect(Object.fromEntries(await connections.listConnectionsOf(['v1', 'a1']))).toEqual({ v1: ['x'], a1: ['y'] });
    expect(ddb.commandCalls(BatchGetCommand)[1]?.args[0].input.RequestItems?.parley?.Keys).toEqual([{ pk: 'USER#a1', sk: 'CONNS' }]);

    ddb.reset();
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [] }, ...unprocessed });
    await expect(connections.listConnectionsOf(['v1', 'a1'])).rejects.toThrow('keys unread');
  });

  it('saves only the visitor fields that were given', async () => {
    ddb.on(UpdateCommand).resolves({});

    await connections.saveVisitorProfile('v1', { email: 'mia@example.com' }, T0);

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'VISITOR#v1', sk: 'PROFILE' },
      UpdateExpression: 'SET #type = :type, visitorId = :visitorId, updatedAt = :now, #email = :email',
      ExpressionAttributeValues: { ':email': 'mia@example.com' },
    });
  });
});

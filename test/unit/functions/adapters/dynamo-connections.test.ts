import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoConnections } from '../../../../functions/adapters/dynamo-connections';
import { T0 } from '../fakes';
import { testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const connections = new DynamoConnections({ client, name: 'parley' });

afterEach(() => ddb.reset());

describe('DynamoConnections', () => {
  it('writes the socket item and the user’s fan-out item together, both expiring', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await connections.putConnection({ connectionId: 'abc=', userId: 'v1', role: 'visitor', connectedAt: T0 }, 12345);

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => [i.Put?.Item?.pk, i.Put?.Item?.sk, i.Put?.Item?.ttl])).toEqual([
      ['CONN#abc=', 'META', 12345],
      ['USER#v1', 'CONN#abc=', 12345],
    ]);
  });

  it('deletes every item of a connection (the watcher item too: only supervisors and admins have one)', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await connections.deleteConnection('abc=', 'v1');

    const keys = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.map((i) => i.Delete?.Key);
    expect(keys).toEqual([
      { pk: 'CONN#abc=', sk: 'META' },
      { pk: 'USER#v1', sk: 'CONN#abc=' },
      { pk: 'WATCHERS', sk: 'CONN#abc=' },
    ]);
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
    expect(items.map((i) => [i.Delete?.ConditionExpression, i.Delete?.ExpressionAttributeValues])).toEqual([
      ['attribute_not_exists(connectedAt) OR connectedAt < :before', { ':before': T0 }],
      ['attribute_not_exists(connectedAt) OR connectedAt < :before', { ':before': T0 }],
      ['attribute_not_exists(connectedAt) OR connectedAt < :before', { ':before': T0 }],
    ]);
  });

  it('lists a user’s sockets with a key query, never a scan', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ connectionId: 'a' }, { connectionId: 'b' }] });

    expect(await connections.listConnections('v1')).toEqual(['a', 'b']);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'USER#v1', ':prefix': 'CONN#' },
    });
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

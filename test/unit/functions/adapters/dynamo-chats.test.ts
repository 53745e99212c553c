import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoChats } from '../../../../functions/adapters/dynamo-chats';
import { ChatNotOpenError, DuplicateStartError } from '../../../../functions/domain/errors';
import { queuedChat, T0 } from '../fakes';
import { cancelled, message, testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const chats = new DynamoChats({ client, name: 'parley' });

afterEach(() => ddb.reset());

describe('DynamoChats.createChat', () => {
  it('puts the chat in its department’s queue and keys the start by clientMessageId', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.createChat({ chat: queuedChat({ lastSeq: 1 }), firstMessage: { ...message, seq: 1 }, startKey: 'm1' });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items.map((i) => i.Put?.Item?.sk)).toEqual(['META', `CHAT#${T0}#c1`, 'START#m1', 'MSG#0000000001', 'CMID#m4']);
    expect(items[0]?.Put?.Item).toMatchObject({ gsi1pk: 'QUEUE#support', gsi1sk: `9999#${T0}#c1`, status: 'queued' });
    expect(items[2]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('raises DuplicateStartError when the start key exists', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None'));

    await expect(chats.createChat({ chat: queuedChat(), startKey: 'm1' })).rejects.toBeInstanceOf(DuplicateStartError);
  });
});

describe('DynamoChats.closeChat', () => {
  it('closes only an open chat and frees the agent in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.closeChat({ chat: queuedChat({ status: 'assigned', agentId: 'a1' }), closedBy: 'agent', outcome: 'resolved', tags: [], now: T0 });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update?.ConditionExpression).toBe('#status = :current');
    expect(items[0]?.Update?.ExpressionAttributeValues).toMatchObject({ ':current': 'assigned' });
    expect(items[0]?.Update?.UpdateExpression).toBe('SET #status = :closed, closedAt = :now, closedBy = :by, tags = :tags, outcome = :outcome REMOVE gsi1pk, gsi1sk, offerExpiresAt');
    expect(items[1]?.Update).toMatchObject({ Key: { pk: 'AGENT#a1', sk: 'PROFILE' }, UpdateExpression: 'SET activeChats = activeChats - :one' });
    expect(items[2]?.Delete?.Key).toEqual({ pk: 'AGENT#a1', sk: 'CHAT#c1' });
  });

  it('closing an offered chat pins the offer, frees the offered agent’s seat and keeps their name on the chat', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.closeChat({ chat: queuedChat({ offeredTo: 'a2', offerAttempt: 2 }), closedBy: 'visitor', tags: [], now: T0 });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({ ConditionExpression: '#status = :current AND offeredTo = :offered AND offerAttempt = :attempt', ExpressionAttributeValues: expect.objectContaining({ ':offered': 'a2', ':attempt': 2 }) });
    expect(items[1]?.Update).toMatchObject({ Key: { pk: 'AGENT#a2', sk: 'PROFILE' }, UpdateExpression: 'SET activeChats = activeChats - :one' });
    expect(items[2]?.Delete?.Key).toEqual({ pk: 'AGENT#a2', sk: 'OFFER#c1' });
    expect(items[0]?.Update?.UpdateExpression).not.toContain('offeredTo');
  });

  it('closing an unoffered queued chat requires it to be still unoffered', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.closeChat({ chat: queuedChat(), closedBy: 'visitor', tags: [], now: T0 });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(1);
    expect(items[0]?.Update?.ConditionExpression).toBe('#status = :current AND attribute_not_exists(offeredTo)');
  });

  it('raises ChatNotOpenError when the chat was already closed', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed'));

    await expect(chats.closeChat({ chat: queuedChat(), closedBy: 'visitor', tags: [], now: T0 })).rejects.toBeInstanceOf(ChatNotOpenError);
  });
});

describe('DynamoChats reads', () => {
  it('reads the oldest queued chats of a department from the index', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CHAT#c1', sk: 'META', gsi1pk: 'QUEUE#support', gsi1sk: 'x', ...queuedChat() }] });

    const queue = await chats.listQueue('support', 1);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'QUEUE#support' }, ScanIndexForward: true, Limit: 1 });
    expect(queue).toEqual([queuedChat()]);
  });
});

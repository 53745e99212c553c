import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoChats } from '../../../../functions/adapters/dynamo-chats';
import { AssignmentConflictError, ChatNotOpenError, DuplicateStartError } from '../../../../functions/domain/errors';
import { onlineAgent, queuedChat, T0 } from '../fakes';
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
    expect(items[0]?.Put?.Item).toMatchObject({ gsi1pk: 'QUEUE#support', gsi1sk: `${T0}#c1`, status: 'queued' });
    expect(items[2]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
  });

  it('raises DuplicateStartError when the start key exists', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None', 'None'));

    await expect(chats.createChat({ chat: queuedChat(), startKey: 'm1' })).rejects.toBeInstanceOf(DuplicateStartError);
  });
});

describe('DynamoChats.assignChat', () => {
  it('assigns only a queued chat to an online agent under capacity, in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.assignChat(queuedChat(), onlineAgent(), T0);

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({ ConditionExpression: '#status = :queued', UpdateExpression: expect.stringContaining('REMOVE gsi1pk, gsi1sk') });
    expect(items[1]?.Update).toMatchObject({
      Key: { pk: 'AGENT#a1', sk: 'PROFILE' },
      UpdateExpression: 'SET activeChats = activeChats + :one, lastAssignedAt = :now',
      ConditionExpression: '#status = :online AND activeChats < maxChats',
    });
    expect(items[2]?.Put?.Item).toMatchObject({ pk: 'AGENT#a1', sk: 'CHAT#c1' });
  });

  it.each([
    [['ConditionalCheckFailed', 'None', 'None'], true, false],
    [['None', 'ConditionalCheckFailed', 'None'], false, true],
  ])('translates cancellation %j into AssignmentConflictError(chatLost %s, agentLost %s)', async (codes, chatLost, agentLost) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));

    const error = await chats.assignChat(queuedChat(), onlineAgent(), T0).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AssignmentConflictError);
    expect(error).toMatchObject({ chatLost, agentLost });
  });
});

describe('DynamoChats.closeChat', () => {
  it('closes only an open chat and frees the agent in the same transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.closeChat({ chat: queuedChat({ status: 'assigned', agentId: 'a1' }), closedBy: 'agent', outcome: 'resolved', tags: [], now: T0 });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update?.ConditionExpression).toBe('#status IN (:queued, :assigned)');
    expect(items[0]?.Update?.UpdateExpression).toBe('SET #status = :closed, closedAt = :now, closedBy = :by, tags = :tags, outcome = :outcome REMOVE gsi1pk, gsi1sk');
    expect(items[1]?.Update).toMatchObject({ Key: { pk: 'AGENT#a1', sk: 'PROFILE' }, UpdateExpression: 'SET activeChats = activeChats - :one' });
    expect(items[2]?.Delete?.Key).toEqual({ pk: 'AGENT#a1', sk: 'CHAT#c1' });
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

import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoChats } from '../../../../functions/adapters/dynamo-chats';
import { documentClient } from '../../../../functions/adapters/dynamo-store';
import { AssignmentConflictError, ChatNotOpenError, DuplicateMessageError, DuplicateStartError, SeqConflictError } from '../../../../functions/domain/errors';
import { onlineAgent, queuedChat, T0 } from '../fakes';

const client = documentClient(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(client);
const chats = new DynamoChats({ client, name: 'parley' });

afterEach(() => ddb.reset());

function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
}

const message = { chatId: 'c1', seq: 4, clientMessageId: 'm4', senderRole: 'visitor' as const, senderId: 'v1', text: 'hi', createdAt: T0 };

describe('DynamoChats.appendMessage', () => {
  it('bumps lastSeq only from the seq it read, and writes the message and its clientMessageId once', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.appendMessage('c1', { message, prevSeq: 3 });

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'CHAT#c1', sk: 'META' },
      UpdateExpression: 'SET lastSeq = :next',
      ConditionExpression: 'lastSeq = :prev AND #status IN (:queued, :assigned)',
      ExpressionAttributeValues: { ':next': 4, ':prev': 3, ':queued': 'queued', ':assigned': 'assigned' },
    });
    expect(items[1]?.Put).toMatchObject({ Item: { pk: 'CHAT#c1', sk: 'MSG#0000000004', text: 'hi' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(items[2]?.Put).toMatchObject({ Item: { pk: 'CHAT#c1', sk: 'CMID#m4', seq: 4 }, ConditionExpression: 'attribute_not_exists(pk)' });
  });

  it('sets firstResponseAt in the same update on the agent’s first reply', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await chats.appendMessage('c1', { message, prevSeq: 3, firstResponseAt: T0 });

    expect(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Update).toMatchObject({
      UpdateExpression: 'SET lastSeq = :next, firstResponseAt = :first',
      ExpressionAttributeValues: expect.objectContaining({ ':first': T0 }),
    });
  });

  it.each([
    ['the clientMessageId exists', ['None', 'None', 'ConditionalCheckFailed'], DuplicateMessageError],
    ['the clientMessageId exists and the seq moved', ['ConditionalCheckFailed', 'None', 'ConditionalCheckFailed'], DuplicateMessageError],
    ['lastSeq moved or the chat closed', ['ConditionalCheckFailed', 'None', 'None'], SeqConflictError],
  ])('raises a named error when %s', async (_name, codes, ErrorType) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));

    await expect(chats.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(ErrorType);
  });

  it('passes other failures through', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None', 'None'));

    await expect(chats.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

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
  it('resumes with a key range after the seq, and says when there is more', async () => {
    ddb.on(QueryCommand).resolves({ Items: [1, 2, 3].map((seq) => ({ pk: 'CHAT#c1', sk: `MSG#${seq}`, ...message, seq })) });

    const page = await chats.listMessages('c1', 0, 2);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'CHAT#c1', ':from': 'MSG#0000000001', ':to': 'MSG#9999999999' },
      Limit: 3,
    });
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(page.messages[0]).not.toHaveProperty('pk');
    expect(page.hasMore).toBe(true);
  });

  it('reads the oldest queued chats of a department from the index', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CHAT#c1', sk: 'META', gsi1pk: 'QUEUE#support', gsi1sk: 'x', ...queuedChat() }] });

    const queue = await chats.listQueue('support', 1);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'QUEUE#support' }, ScanIndexForward: true, Limit: 1 });
    expect(queue).toEqual([queuedChat()]);
  });

  it('finds a message by clientMessageId through its seq', async () => {
    ddb.on(GetCommand, { Key: { pk: 'CHAT#c1', sk: 'CMID#m4' } }).resolves({ Item: { pk: 'CHAT#c1', sk: 'CMID#m4', seq: 4 } });
    ddb.on(GetCommand, { Key: { pk: 'CHAT#c1', sk: 'MSG#0000000004' } }).resolves({ Item: { pk: 'CHAT#c1', sk: 'MSG#0000000004', ...message } });

    expect(await chats.findMessageByClientId('c1', 'm4')).toEqual(message);
  });
});

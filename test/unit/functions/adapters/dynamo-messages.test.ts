import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoMessages } from '../../../../functions/adapters/dynamo-messages';
import { DuplicateMessageError, SeqConflictError } from '../../../../functions/domain/errors';
import { T0 } from '../fakes';
import { cancelled, message, testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const messages = new DynamoMessages({ client, name: 'parley' });

afterEach(() => ddb.reset());

describe('DynamoMessages.appendMessage', () => {
  it('bumps lastSeq only from the seq it read, and writes the message and its clientMessageId once', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await messages.appendMessage('c1', { message, prevSeq: 3 });

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

    await messages.appendMessage('c1', { message, prevSeq: 3, firstResponseAt: T0 });

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

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(ErrorType);
  });

  it('passes other failures through', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ThrottlingError', 'None', 'None'));

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(TransactionCanceledException);
  });
});

describe('DynamoMessages reads', () => {
  it('resumes with a key range after the seq, and says when there is more', async () => {
    ddb.on(QueryCommand).resolves({ Items: [1, 2, 3].map((seq) => ({ pk: 'CHAT#c1', sk: `MSG#${seq}`, ...message, seq })) });

    const page = await messages.listMessages('c1', 0, 2);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'CHAT#c1', ':from': 'MSG#0000000001', ':to': 'MSG#9999999999' },
      Limit: 3,
    });
    expect(page.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(page.messages[0]).not.toHaveProperty('pk');
    expect(page.hasMore).toBe(true);
  });

  it('finds a message by clientMessageId through its seq', async () => {
    ddb.on(GetCommand, { Key: { pk: 'CHAT#c1', sk: 'CMID#m4' } }).resolves({ Item: { pk: 'CHAT#c1', sk: 'CMID#m4', seq: 4 } });
    ddb.on(GetCommand, { Key: { pk: 'CHAT#c1', sk: 'MSG#0000000004' } }).resolves({ Item: { pk: 'CHAT#c1', sk: 'MSG#0000000004', ...message } });

    expect(await messages.findMessageByClientId('c1', 'm4')).toEqual(message);
  });
});

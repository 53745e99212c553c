import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoMessages } from '../../../../functions/adapters/dynamo-messages';
import { DuplicateMessageError, SeqConflictError } from '../../../../functions/domain/errors';
import { T0 } from '../fakes';
import { message, testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const messages = new DynamoMessages({ client, name: 'parley' });

afterEach(() => ddb.reset());

const failed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const CMID = { pk: 'CHAT#c1', sk: 'CMID#m4' };
const MSG4 = { pk: 'CHAT#c1', sk: 'MSG#0000000004' };
const MSG3 = { pk: 'CHAT#c1', sk: 'MSG#0000000003' };

/** Puts of these sort keys fail their condition (the item exists); Gets answer from `items`. */
function table(existing: string[], items: Record<string, Record<string, unknown>> = {}) {
  ddb.on(PutCommand).callsFake((input: { Item: { sk: string } }) => {
    if (existing.includes(input.Item.sk)) throw failed();
    return {};
  });
  ddb.on(GetCommand).callsFake((input: { Key: { sk: string } }) => ({ Item: items[input.Key.sk] }));
  ddb.on(UpdateCommand).resolves({});
}

describe('DynamoMessages.appendMessage', () => {
  it('claims the clientMessageId, writes the message at its seq, then moves lastSeq forward: three plain writes, no transaction', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});

    await messages.appendMessage('c1', { message, prevSeq: 3 });

    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts[0]).toMatchObject({ Item: { ...CMID, type: 'cmid', seq: 4 }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(puts[1]).toMatchObject({ Item: { ...MSG4, type: 'message', text: 'hi', clientMessageId: 'm4' }, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'CHAT#c1', sk: 'META' },
      UpdateExpression: 'SET lastSeq = :seq',
      ConditionExpression: 'lastSeq < :seq',
      ExpressionAttributeValues: { ':seq': 4 },
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('runs whenWritten once the message is written, beside the move of lastSeq, and returns when both are done', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    let release = () => {};
    const seen: string[] = [];
    const whenWritten = () => {
      seen.push(...ddb.commandCalls(PutCommand).map((c) => String(c.args[0].input.Item?.sk)));
      return new Promise<void>((resolve) => (release = resolve));
    };

    let returned = false;
    const append = messages.appendMessage('c1', { message, prevSeq: 3, whenWritten }).then(() => (returned = true));
    // The move of lastSeq goes out while whenWritten is still running.
    await vi.waitFor(() => expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1));
    const beforeRelease = { returned, updates: ddb.commandCalls(UpdateCommand).length };
    release();
    await append;

    expect(seen).toEqual(['CMID#m4', 'MSG#0000000004']);
    expect(beforeRelease).toEqual({ returned: false, updates: 1 });
    expect(returned).toBe(true);
  });

  it('fails the append when whenWritten fails, once lastSeq has moved; never runs it for a duplicate', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});
    const boom = new Error('push failed');

    const failing = messages.appendMessage('c1', { message, prevSeq: 3, whenWritten: () => Promise.reject(boom) });
    await expect(failing).rejects.toBe(boom);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);

    ddb.reset();
    table(['CMID#m4', 'MSG#0000000004'], { 'CMID#m4': { ...CMID, seq: 4 }, 'MSG#0000000004': { ...MSG4, clientMessageId: 'm4' } });
    let ran = false;
    await expect(messages.appendMessage('c1', { message, prevSeq: 3, whenWritten: async () => void (ran = true) })).rejects.toBeInstanceOf(DuplicateMessageError);
    expect(ran).toBe(false);
  });

  it('sets firstResponseAt (once) with lastSeq on the agent’s first reply', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({});

    await messages.appendMessage('c1', { message, prevSeq: 3, firstResponseAt: T0 });

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      UpdateExpression: 'SET lastSeq = :seq, firstResponseAt = if_not_exists(firstResponseAt, :first)',
      ExpressionAttributeValues: expect.objectContaining({ ':first': T0 }),
    });
  });

  it('leaves lastSeq alone when a later message already moved it past this seq', async () => {
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).rejects(failed());

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).resolves.toBeUndefined();
  });

  it('raises DuplicateMessageError, writing no message, when the clientMessageId is already a message', async () => {
    table(['CMID#m4'], { 'CMID#m4': { ...CMID, seq: 2 }, 'MSG#0000000002': { ...message, seq: 2 } });

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(DuplicateMessageError);

    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('completes its own claim at the same seq (a retry after a writer died between claim and message)', async () => {
    table(['CMID#m4'], { 'CMID#m4': { ...CMID, seq: 4 } });

    await messages.appendMessage('c1', { message, prevSeq: 3 });

    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.sk)).toEqual(['CMID#m4', 'MSG#0000000004']);
  });

  it('raises DuplicateMessageError when a twin with the same clientMessageId wrote the seq first', async () => {
    table(['MSG#0000000004'], { 'MSG#0000000004': { ...MSG4, ...message } });

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(DuplicateMessageError);
  });

  it('raises SeqConflictError when another message has the seq, after moving a lastSeq left behind up to the newest message', async () => {
    table(['MSG#0000000004'], { 'MSG#0000000004': { ...MSG4, ...message, clientMessageId: 'other' } });
    ddb.on(QueryCommand).resolves({ Items: [{ ...MSG4, seq: 4 }] });

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(SeqConflictError);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ScanIndexForward: false, Limit: 1, ConsistentRead: true });
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({ ConditionExpression: 'lastSeq < :seq', ExpressionAttributeValues: { ':seq': 4 } });
  });

  it('moves its claim to the new seq when another message took the seq it held (a lost race, retried)', async () => {
    table(['CMID#m4'], { 'CMID#m4': { ...CMID, seq: 3 }, 'MSG#0000000003': { ...MSG3, ...message, seq: 3, clientMessageId: 'other' } });

    await messages.appendMessage('c1', { message, prevSeq: 3 });

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({ Key: CMID, UpdateExpression: 'SET seq = :seq', ConditionExpression: 'seq = :held', ExpressionAttributeValues: { ':seq': 4, ':held': 3 } });
  });

  it('raises SeqConflictError, writing no message, while its claim points at a seq nobody has written yet', async () => {
    table(['CMID#m4'], { 'CMID#m4': { ...CMID, seq: 5 } });
    ddb.on(QueryCommand).resolves({ Items: [] });

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toBeInstanceOf(SeqConflictError);

    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('passes other failures through', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' });
    ddb.on(PutCommand).rejects(throttled);

    await expect(messages.appendMessage('c1', { message, prevSeq: 3 })).rejects.toThrow('slow down');
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

  it('finds nothing while the clientMessageId is claimed for a seq another message has', async () => {
    ddb.on(GetCommand, { Key: CMID }).resolves({ Item: { ...CMID, seq: 4 } });
    ddb.on(GetCommand, { Key: MSG4 }).resolves({ Item: { ...MSG4, ...message, clientMessageId: 'other' } });

    expect(await messages.findMessageByClientId('c1', 'm4')).toBeUndefined();
  });
});

import { type AttributeValue, ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, openSocket, resume, useRuntime, type Visitor, visitorSession } from './harness';

const local = useRuntime();
let dynamo: DynamoDBClient;
let mia: Visitor;
let eve: Visitor;
let miasChat: string;
let evesChat: string;

/** Test-only full read of the table, to prove a refused request wrote nothing. */
async function tableItems(): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(new ScanCommand({ TableName: local.runtime.tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => `${a.pk?.S}|${a.sk?.S}`.localeCompare(`${b.pk?.S}|${b.sk?.S}`));
}

beforeAll(async () => {
  dynamo = new DynamoDBClient({ endpoint: local.runtime.urls.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const alice = await onlineAgent(local.runtime, 'alice@demo.parley');
  [mia, eve] = await Promise.all([connectVisitor(local.runtime), connectVisitor(local.runtime)]);
  local.keep(alice, mia.client, eve.client);
  const started = await Promise.all(
    [mia, eve].map((v) => v.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hi', clientMessageId: newId('m') })),
  );
  [miasChat, evesChat] = started.map((s) => s.chat.chatId) as [string, string];
  await local.runtime.idle();
});

describe('bad input on the socket', () => {
  it.each<[string, string, string, RegExp]>([
    ['not JSON', 'this is not json', 'bad_request', /json/i],
    ['an unknown action', JSON.stringify({ action: 'flyToTheMoon', requestId: 'r-unknown' }), 'bad_request', /flyToTheMoon|action/],
    ['a missing field', JSON.stringify({ action: 'sendMessage', requestId: 'r-missing', chatId: 'c-x', clientMessageId: 'm-1' }), 'bad_request', /text/],
    ['a wrong type', JSON.stringify({ action: 'typing', requestId: 'r-type', chatId: 'c-x', isTyping: 'yes' }), 'bad_request', /isTyping/],
    ['a frame over 32 KB', JSON.stringify({ action: 'sendMessage', requestId: 'r-big', text: 'x'.repeat(33 * 1024) }), 'frame_too_large', /32 KB|bytes/],
  ])('answers %s with an error naming the problem, keeps the socket open, writes nothing', async (_case, raw, code, names) => {
    // Arrange
    const before = await tableItems();

    // Act
    mia.client.sendRaw(raw);
    const reply = await mia.client.waitFor('error', (f) => f.code === code);
    await local.runtime.idle();

    // Assert
    expect(reply.message).toMatch(names);
    expect(mia.client.open).toBe(true);
    expect(await mia.client.ack({ action: 'listChats' })).toMatchObject({ type: 'ack' });
    expect(await tableItems()).toEqual(before);
  });

  it.each<[string, (chatId: string) => Record<string, unknown>]>([
    ['read it', (chatId) => ({ action: 'resume', chatId, afterSeq: 0 })],
    ['write to it', (chatId) => ({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'I am Mia, honest' })],
    ['type in it', (chatId) => ({ action: 'typing', chatId, isTyping: true })],
    ['close it', (chatId) => ({ action: 'closeChat', chatId })],
  ])('refuses a visitor who tries to %s another visitor\'s chat, writing nothing', async (_case, frame) => {
    // Arrange
    const before = await tableItems();

    // Act
    const reply = await eve.client.request(frame(miasChat));
    await local.runtime.idle();

    // Assert
    expect(reply.type).toBe('error');
    expect(['forbidden', 'not_found']).toContain((reply as { code: string }).code);
    expect(eve.client.open).toBe(true);
    expect(await tableItems()).toEqual(before);
  });

  it('keeps each visitor\'s chat list and history to their own', async () => {
    // Act
    const { chats } = await eve.client.ack<{ chats: ChatSummary[] }>({ action: 'listChats' });
    const history = await resume(mia.client, miasChat, 0);

    // Assert
    expect(chats.map((c) => c.chatId)).toEqual([evesChat]);
    expect(history.messages.every((m: ChatMessage) => m.senderId !== eve.session.visitorId)).toBe(true);
  });
});

describe('connecting without a valid token', () => {
  it.each<[string, () => Promise<string | undefined>]>([
    ['no token', async () => undefined],
    ['a garbage token', async () => 'not-a-token'],
    ['a visitor token with a forged signature', async () => `${(await visitorSession(local.runtime)).token.slice(0, -4)}AAAA`],
    ['an agent token signed by someone else', async () => 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJ1LWV2ZSIsInRva2VuX3VzZSI6ImlkIn0.c2ln'],
  ])('refuses the upgrade with 401 for %s', async (_case, token) => {
    // Act / Assert
    await expect(openSocket(local.runtime, await token())).rejects.toThrow('HTTP 401');
  });
});

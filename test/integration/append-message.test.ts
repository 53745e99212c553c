/**
 * The message append against DynamoDB Local: three plain conditional writes (claim the
 * clientMessageId, write the message at its seq, move lastSeq) instead of a transaction must
 * keep every invariant under concurrency: seqs 1..N with no gap, each clientMessageId once,
 * a retried id answered with its original, and a writer that died half-way healed by the next.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStore } from '../../functions/adapters/dynamo-store';
import { keys } from '../../functions/adapters/keys';
import type { Table } from '../../functions/adapters/table';
import type { ChatRecord } from '../../functions/domain/chat';
import type { MessageDraft } from '../../functions/domain/messages';
import { appendMessage } from '../../functions/use-cases/append-message';
import type { Store } from '../../functions/use-cases/ports';
import { manifest } from '../../functions/manifest';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import { startLocalTable } from './local-table';

const TABLE = 'append-test';
let dynamo: LocalDynamoDb;
let table: Table;
let store: Store;
let chats = 0;

beforeAll(async () => {
  ({ dynamo, table, store } = await startLocalTable(TABLE));
});

afterAll(async () => {
  await dynamo?.stop();
});

async function newChat(): Promise<string> {
  chats += 1;
  const chat: ChatRecord = { chatId: `c-append-${chats}`, status: 'assigned', visitorId: 'v1', agentId: 'a1', agentName: 'Alice', department: 'support', lastSeq: 0, createdAt: 1 };
  await store.createChat({ chat });
  return chat.chatId;
}

const draft = (clientMessageId: string, senderRole: 'visitor' | 'agent' = 'visitor'): MessageDraft => ({ clientMessageId, senderRole, senderId: senderRole === 'visitor' ? 'v1' : 'a1', text: `text of ${clientMessageId}` });

/** What sendMessage does: read the chat, then append to it. */
async function send(chatId: string, d: MessageDraft) {
  const chat = await store.getChat(chatId);
  if (!chat) throw new Error('no chat');
  return appendMessage(store, chat, d, 1000);
}

async function transcript(chatId: string) {
  const { messages } = await store.listMessages(chatId, 0, 200);
  return messages;
}

describe('appending messages without a transaction (DynamoDB Local)', () => {
  it('gives concurrent writers and their retried twins seqs 1..N with no gap, each clientMessageId once', async () => {
    // Arrange
    const chatId = await newChat();
    const ids = Array.from({ length: 16 }, (_, i) => `m-${i}`);

    // Act: both sides write at once, and each message is sent twice at once (a retry racing its
    // original): four writers on the chat in every round (a lost race retries a bounded 5 times).
    const results = [];
    for (let i = 0; i < ids.length; i += 2) {
      const pair = [draft(ids[i] as string, 'visitor'), draft(ids[i + 1] as string, 'agent')];
      results.push(...(await Promise.all(pair.flatMap((d) => [send(chatId, d), send(chatId, d)]))));
    }
    const retried = await Promise.all(ids.slice(0, 5).map((id) => send(chatId, draft(id))));

    // Assert
    const messages = await transcript(chatId);
    expect(messages.map((m) => m.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(new Set(messages.map((m) => m.clientMessageId))).toEqual(new Set(ids));
    const seqOf = new Map(messages.map((m) => [m.clientMessageId, m.seq]));
    for (const r of [...results, ...retried]) expect(r.message.seq).toBe(seqOf.get(r.message.clientMessageId));
    expect(results.filter((r) => r.created)).toHaveLength(ids.length);
    expect(retried.every((r) => !r.created)).toBe(true);
    expect((await store.getChat(chatId))?.lastSeq).toBe(ids.length);
  });

  it('completes a message whose writer died after claiming its clientMessageId, at the claimed seq', async () => {
    // Arrange: m-1 is written; m-2's writer claimed seq 2 and died before writing the message.
    const chatId = await newChat();
    await send(chatId, draft('m-1'));
    await table.client.send(new PutCommand({ TableName: TABLE, Item: { ...keys.clientMessage(chatId, 'm-2'), type: 'cmid', seq: 2 } }));

    // Act: the client retries m-2, and someone else writes m-3.
    const retried = await send(chatId, draft('m-2'));
    const next = await send(chatId, draft('m-3', 'agent'));

    // Assert
    expect(retried).toMatchObject({ created: true, message: { seq: 2, clientMessageId: 'm-2' } });
    expect(next.message.seq).toBe(3);
    expect((await transcript(chatId)).map((m) => [m.seq, m.clientMessageId])).toEqual([
      [1, 'm-1'],
      [2, 'm-2'],
      [3, 'm-3'],
    ]);
  });

  it('moves a claim whose seq another message took, and lines up behind a lastSeq its writer never moved', async () => {
    // Arrange: m-x claimed seq 2 but lost it to m-2; m-3 was written but its writer died before moving lastSeq (still 2).
    const chatId = await newChat();
    await send(chatId, draft('m-1'));
    await send(chatId, draft('m-2'));
    await table.client.send(new PutCommand({ TableName: TABLE, Item: { ...keys.clientMessage(chatId, 'm-x'), type: 'cmid', seq: 2 } }));
    await table.client.send(new PutCommand({ TableName: TABLE, Item: { ...keys.message(chatId, 3), type: 'message', chatId, seq: 3, ...draft('m-3'), createdAt: 1000 } }));
    await table.client.send(new PutCommand({ TableName: TABLE, Item: { ...keys.clientMessage(chatId, 'm-3'), type: 'cmid', seq: 3 } }));

    // Act
    const moved = await send(chatId, draft('m-x'));
    const again = await send(chatId, draft('m-3'));

    // Assert
    expect(moved).toMatchObject({ created: true, message: { seq: 4, clientMessageId: 'm-x' } });
    expect(again).toMatchObject({ created: false, message: { seq: 3, clientMessageId: 'm-3' } });
    expect((await transcript(chatId)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect((await store.getChat(chatId))?.lastSeq).toBe(4);
  });

  it("keeps the first reply's response time when the other side answers before that reply's lastSeq move lands", async () => {
    // Arrange: the agent's first reply is written and delivered, but its move of lastSeq (which
    // carries firstResponseAt) is held back until the visitor, who got it, has answered.
    const chatId = await newChat();
    await send(chatId, draft('m-1'));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slowClient = {
      send: async (command: { constructor: { name: string }; input: { Key?: Record<string, unknown> } }) => {
        if (command.constructor.name === 'UpdateCommand' && command.input.Key?.sk === keys.chat(chatId).sk) await held;
        return table.client.send(command as never);
      },
    } as unknown as Table['client'];
    const slowStore = dynamoStore({ client: slowClient, name: TABLE });
    const chat = await store.getChat(chatId);
    if (!chat) throw new Error('no chat');
    let answer: Promise<unknown> = Promise.resolve();

    // Act
    const reply = appendMessage(slowStore, chat, draft('m-2', 'agent'), 2000, {
      onWritten: async () => {
        answer = send(chatId, draft('m-3'));
        await answer;
        release();
      },
    });
    await reply;
    await answer;

    // Assert
    expect((await transcript(chatId)).map((m) => [m.seq, m.clientMessageId])).toEqual([
      [1, 'm-1'],
      [2, 'm-2'],
      [3, 'm-3'],
    ]);
    expect(await store.getChat(chatId)).toMatchObject({ lastSeq: 3, firstResponseAt: 2000 });
    expect((await transcript(chatId))[1]).not.toHaveProperty('advance');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatOffer, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent, resume, useRuntime, type Visitor } from './harness';

const local = useRuntime();
let alice: Client;
let visitor: Visitor;
let chatId: string;

beforeAll(async () => {
  alice = await onlineAgent(local.runtime, 'alice@demo.parley');
  visitor = await connectVisitor(local.runtime);
  local.keep(alice, visitor.client);
  const started = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hello', clientMessageId: newId('m') });
  chatId = started.chat.chatId;
  await visitor.client.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
});

const send = (client: Client, text: string, clientMessageId = newId('m')) =>
  client.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId, text });

const seqs = (messages: ChatMessage[]) => messages.map((m) => m.seq);

describe('reconnecting', () => {
  it('resumes after a killed socket with every missed message once, in order', async () => {
    // Arrange
    const lastSeen = (await send(alice, 'first reply')).message.seq;
    await visitor.client.waitFor('message', (f) => f.chatId === chatId && f.message.seq === lastSeen);
    await visitor.client.kill();
    await local.runtime.idle();
    const missed = [];
    for (const text of ['while you were away 1', 'while you were away 2', 'while you were away 3']) missed.push((await send(alice, text)).message);

    // Act
    visitor = { ...visitor, client: (await connectVisitor(local.runtime, visitor.session)).client };
    local.keep(visitor.client);
    const resumed = await resume(visitor.client, chatId, lastSeen);

    // Assert
    expect(seqs(resumed.messages)).toEqual([lastSeen + 1, lastSeen + 2, lastSeen + 3]);
    expect(resumed.messages.map((m) => m.text)).toEqual(missed.map((m) => m.text));
    expect(resumed.hasMore).toBe(false);
  });

  it('keeps the whole history gapless after the reconnect', async () => {
    // Act
    await send(visitor.client, 'back again');
    const history = await resume(alice, chatId, 0);

    // Assert
    const expected = Array.from({ length: history.chat.lastSeq }, (_, i) => i + 1);
    expect(seqs(history.messages)).toEqual(expected);
    expect(history.messages.at(-1)?.text).toBe('back again');
  });
});

describe('an agent reconnecting with an offer pending', () => {
  it('gets the offer back (ack and frame) on its first listChats, and Accept assigns the chat', async () => {
    // Arrange: Dave (idle, so least busy) is offered the chat, then his socket dies unseen.
    const dave = await onlineAgent(local.runtime, 'dave@demo.parley');
    dave.autoAccept = false;
    const waiting = await connectVisitor(local.runtime);
    local.keep(dave, waiting.client);
    const { chat } = await waiting.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Is anyone there?', clientMessageId: newId('m') });
    await dave.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    await dave.kill();
    await local.runtime.idle();

    // Act: a new console opens (nothing in memory) and lists its chats, as every console does.
    const reopened = await connectAgent(local.runtime, 'dave@demo.parley');
    reopened.autoAccept = false;
    local.keep(reopened);
    const listed = await reopened.ack<{ chats: ChatSummary[]; offers: ChatOffer[] }>({ action: 'listChats' });
    const pushed = await reopened.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    const accepted = await reopened.ack<{ chat: ChatSummary }>({ action: 'acceptOffer', chatId: chat.chatId });

    // Assert
    expect(listed.offers.map((o) => [o.chat.chatId, o.attempt])).toEqual([[chat.chatId, 1]]);
    expect(pushed.offer.expiresAt).toBe(listed.offers[0]?.expiresAt);
    expect(accepted.chat).toMatchObject({ status: 'assigned', agentId: 'u-dave' });
    await waiting.client.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned' && f.chat.agentId === 'u-dave');
    expect((await reopened.ack<{ offers: ChatOffer[] }>({ action: 'listChats' })).offers).toEqual([]);
  });
});

describe('retrying a send', () => {
  it('returns the original message for a repeated clientMessageId and stores it once', async () => {
    // Arrange
    const clientMessageId = newId('m');
    const before = await resume(visitor.client, chatId, 0);

    // Act
    const first = await send(visitor.client, 'only once', clientMessageId);
    const [again, concurrent] = await Promise.all([send(visitor.client, 'only once', clientMessageId), send(visitor.client, 'only once', clientMessageId)]);
    const after = await resume(visitor.client, chatId, before.chat.lastSeq);

    // Assert
    expect(again.message.seq).toBe(first.message.seq);
    expect(concurrent.message.seq).toBe(first.message.seq);
    expect(after.messages.filter((m) => m.clientMessageId === clientMessageId)).toHaveLength(1);
    expect(seqs(after.messages)).toEqual([before.chat.lastSeq + 1]);
  });
});

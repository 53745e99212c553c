/**
 * Tags and customer context at the protocol level, through the real local runtime. Tags: the
 * pick list (config + used before), normalised, limited with a clear error, kept at close.
 * Context: the contact's fields and page, their previous conversations found by visitor id, each
 * readable through the chat in front of the agent and through nothing else; for a verified
 * customer, also those from another device and from before they logged in.
 */
import { describe, expect, it } from 'vitest';
import type { AckPayloads, ChatSummary } from '../../functions/contracts/frames';
import { signSiteUser } from '../../functions/adapters/site-identities';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent, useRuntime, type Visitor, visitorSession } from './harness';

const local = useRuntime();

async function assignedChat(agent: Client, visitor: Visitor, extra: Record<string, unknown> = {}): Promise<string> {
  const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'hello', clientMessageId: newId('m'), ...extra });
  await agent.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  return chat.chatId;
}

describe('tags', () => {
  let alice: Client;
  let chatId: string;

  it('are normalised, offered back in the pick list after the configured ones, and kept at close', async () => {
    // Arrange
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    const visitor = await connectVisitor(local.runtime);
    local.keep(alice, visitor.client);
    chatId = await assignedChat(alice, visitor);

    // Act
    const tagged = await alice.ack<AckPayloads['setTags']>({ action: 'setTags', chatId, tags: [' VIP ', 'Late  delivery', 'vip'] });
    const choices = await alice.ack<AckPayloads['listTags']>({ action: 'listTags' });
    const closed = await alice.ack<AckPayloads['closeChat']>({ action: 'closeChat', chatId, outcome: 'resolved' });

    // Assert
    expect(tagged.chat.tags).toEqual(['vip', 'late delivery']);
    expect(choices.tags).toEqual(['shipping', 'refund', 'billing-question', 'bug', 'feature-request', 'late delivery', 'vip']);
    expect(closed.chat).toMatchObject({ status: 'closed', outcome: 'resolved', tags: ['vip', 'late delivery'] });
  });

  it('over the limit are refused with the reason, and nothing is written', async () => {
    // Arrange
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    const open = await assignedChat(alice, visitor);

    // Act
    const tooMany = await alice.request({ action: 'setTags', chatId: open, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) });
    const tooLong = await alice.request({ action: 'setTags', chatId: open, tags: ['x'.repeat(41)] });
    const empty = await alice.request({ action: 'setTags', chatId: open, tags: ['  '] });
    const resumed = await alice.ack<{ chat: ChatSummary }>({ action: 'resume', chatId: open, afterSeq: 0 });
    await alice.ack({ action: 'closeChat', chatId: open, outcome: 'resolved' });

    // Assert
    expect(tooMany).toMatchObject({ type: 'error', code: 'bad_request', field: 'tags', message: 'tags: at most 20 tags per chat' });
    expect(tooLong).toMatchObject({ type: 'error', code: 'bad_request', field: 'tags.0', message: 'tags.0: a tag is at most 40 characters' });
    expect(empty).toMatchObject({ type: 'error', code: 'bad_request', field: 'tags.0' });
    expect(resumed.chat).not.toHaveProperty('tags');
  });
});

describe('customer context', () => {
  it('shows the contact and their previous conversations, each readable only through a chat with them', async () => {
    // Arrange: one visitor, a closed earlier chat and an open one; another visitor's chat.
    const alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    const bob = await connectAgent(local.runtime, 'bob@demo.parley');
    const mia = await connectVisitor(local.runtime);
    const other = await connectVisitor(local.runtime);
    local.keep(alice, bob, mia.client, other.client);
    const earlier = await assignedChat(alice, mia, { name: 'Mia' });
    await alice.ack({ action: 'sendMessage', chatId: earlier, clientMessageId: newId('m'), text: 'Your parcel left today.' });
    await alice.ack({ action: 'closeChat', chatId: earlier, outcome: 'resolved' });
    const page = { url: 'https://shop.example/boots', title: 'Boots', referrer: 'https://search.example/?q=boots', locale: 'fi-FI', userAgent: 'Mozilla/5.0 Chrome/131.0' };
    const now = await assignedChat(alice, mia, { name: 'Mia', email: 'mia@example.com', page, fields: { plan: 'Pro', orderId: 'A-1001' } });
    const strangers = await assignedChat(alice, other);

    // Act
    const context = await alice.ack<AckPayloads['getContact']>({ action: 'getContact', chatId: now });
    const read = await alice.ack<AckPayloads['readHistory']>({ action: 'readHistory', chatId: earlier, viaChatId: now });
    const sideways = await alice.request({ action: 'readHistory', chatId: strangers, viaChatId: now });
    const notHers = await bob.request({ action: 'readHistory', chatId: earlier, viaChatId: now });
    const badFields = await mia.client.request({ action: 'startChat', clientMessageId: newId('m'), fields: { 'bad key!': 'x' } });

    // Assert
    expect(context.contact).toEqual({ visitorId: mia.session.visitorId, name: 'Mia', email: 'mia@example.com', page, fields: { plan: 'Pro', orderId: 'A-1001' } });
    expect(context.chats.map((c) => [c.chatId, c.status, c.outcome])).toEqual([[earlier, 'closed', 'resolved']]);
    expect(read.chat.chatId).toBe(earlier);
    expect(read.messages.map((m) => m.text)).toEqual(['hello', 'Alice joined the chat', 'Your parcel left today.']);
    expect(sideways).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId', message: 'That conversation is not with this contact' });
    expect(notHers).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(badFields).toMatchObject({ type: 'error', code: 'bad_request' });
    expect((badFields as { field?: string }).field).toMatch(/^fields/);
  });
});

describe('customer context of a verified customer', () => {
  it('lists their conversations from another device and from before they logged in, readable through the chat in front of the agent', async () => {
    // Arrange: on the phone, first anonymous, then logged in (the widget sends the anonymous token as proof); then the laptop.
    const alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    const bob = await connectAgent(local.runtime, 'bob@demo.parley');
    local.keep(alice, bob);
    const userId = `cust-${newId('u')}`;
    const identity = { userId, name: 'Kaisa', email: 'kaisa@example.com', signature: signSiteUser(userId, local.runtime.identitySecret) };
    const endedChat = async (visitor: Visitor, text: string) => {
      local.keep(visitor.client);
      const chatId = await assignedChat(alice, visitor, { text });
      await alice.ack({ action: 'closeChat', chatId, outcome: 'resolved' });
      return chatId;
    };
    const anonymousSession = await visitorSession(local.runtime);
    const beforeLogin = await endedChat(await connectVisitor(local.runtime, anonymousSession), 'Do you ship to Lapland?');
    const phoneSession = await visitorSession(local.runtime, { visitorId: anonymousSession.visitorId, previousToken: anonymousSession.token, identity });
    const onPhone = await endedChat(await connectVisitor(local.runtime, phoneSession), 'Where is order K-7?');
    const laptopSession = await visitorSession(local.runtime, { identity });
    const laptop = await connectVisitor(local.runtime, laptopSession);
    local.keep(laptop.client);
    const stranger = await connectVisitor(local.runtime);
    const strangersChat = await endedChat(stranger, 'Unrelated question');
    const now = await assignedChat(alice, laptop, { text: 'Can I change K-7’s address?' });

    // Act
    const context = await alice.ack<AckPayloads['getContact']>({ action: 'getContact', chatId: now });
    const readBeforeLogin = await alice.ack<AckPayloads['readHistory']>({ action: 'readHistory', chatId: beforeLogin, viaChatId: now });
    const sideways = await alice.request({ action: 'readHistory', chatId: strangersChat, viaChatId: now });
    const notHers = await bob.request({ action: 'readHistory', chatId: beforeLogin, viaChatId: now });
    const visitorsOwn = await laptop.client.ack<AckPayloads['listChats']>({ action: 'listChats' });

    // Assert: one contact on both devices; the anonymous chat linked for staff, never for the visitor's own list.
    expect([phoneSession.verified, laptopSession.visitorId]).toEqual([true, phoneSession.visitorId]);
    expect(context.contact).toMatchObject({ visitorId: phoneSession.visitorId, verified: true, name: 'Kaisa', email: 'kaisa@example.com' });
    expect(context.chats.map((c) => c.chatId)).toEqual([onPhone, beforeLogin]);
    expect(readBeforeLogin.messages.map((m) => m.text)[0]).toBe('Do you ship to Lapland?');
    expect(sideways).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId' });
    expect(notHers).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(visitorsOwn.chats.map((c) => c.chatId).sort()).toEqual([now, onPhone].sort());
  });
});

/**
 * Canned responses at the protocol level, through the real local runtime: managed per scope
 * (shared by supervisors, personal by each agent), resolved personal-first by `#shortcut`, and
 * filled on the server from the chat the reply goes to — never from another chat the same agent
 * has open. The use is recorded on the message.
 */
import { describe, expect, it } from 'vitest';
import type { AckPayloads, CannedResponse, ChatMessage, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent, resume, useRuntime } from './harness';

const local = useRuntime();

const TEMPLATE = 'Hi {{visitor.name}}, {{agent.name}} from {{chat.department}} here. We will write to {{visitor.email}}.';

async function chatAssignedTo(agent: Client, name: string, email: string, department: string): Promise<string> {
  const visitor = await connectVisitor(local.runtime);
  local.keep(visitor.client);
  const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: `I am ${name}`, clientMessageId: newId('m'), name, email, department });
  await agent.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  return chat.chatId;
}

/** Alice has room for three chats: each test closes what it opened. */
const closeAll = (agent: Client, ...chatIds: string[]) => Promise.all(chatIds.map((chatId) => agent.ack({ action: 'closeChat', chatId, outcome: 'resolved' })));

describe('canned responses', () => {
  let alice: Client;
  let sam: Client;
  let shared: CannedResponse;

  it('are managed per scope: a supervisor shares one, an agent keeps a personal one, an agent may not touch shared ones', async () => {
    // Arrange
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    sam = await connectAgent(local.runtime, 'sam@demo.parley');
    local.keep(alice, sam);

    // Act
    shared = (await sam.ack<AckPayloads['saveCanned']>({ action: 'saveCanned', scope: 'shared', shortcut: 'hello', title: 'Hello', text: TEMPLATE })).canned;
    const personal = await alice.ack<AckPayloads['saveCanned']>({ action: 'saveCanned', scope: 'personal', shortcut: 'bye', title: 'Goodbye', text: 'Bye {{visitor.name}}!' });
    const agentShares = await alice.request({ action: 'saveCanned', scope: 'shared', shortcut: 'mine', title: 'Mine', text: 'x' });
    const duplicate = await sam.request({ action: 'saveCanned', scope: 'shared', shortcut: 'hello', title: 'Again', text: 'again' });
    const listed = await alice.ack<AckPayloads['listCanned']>({ action: 'listCanned' });

    // Assert
    expect(shared).toMatchObject({ scope: 'shared', shortcut: 'hello', title: 'Hello' });
    expect(personal.canned).toMatchObject({ scope: 'personal', ownerId: 'u-alice', shortcut: 'bye' });
    expect(agentShares).toMatchObject({ type: 'error', code: 'forbidden', field: 'scope' });
    expect(duplicate).toMatchObject({ type: 'error', code: 'conflict', field: 'shortcut', message: '#hello is already a shared canned response' });
    expect(listed.canned.map((c) => `${c.scope}:${c.shortcut}`).sort()).toEqual(['personal:bye', 'shared:hello']);
  });

  it('fill placeholders from the chat the reply goes to, with two chats open side by side', async () => {
    // Arrange: two visitors in two departments, both chats Alice's.
    const mia = await chatAssignedTo(alice, 'Mia', 'mia@example.com', 'support');
    const noah = await chatAssignedTo(alice, 'Noah', 'noah@example.com', 'billing');

    // Act
    const forMia = await alice.ack<AckPayloads['fillCanned']>({ action: 'fillCanned', chatId: mia, shortcut: 'hello' });
    const forNoah = await alice.ack<AckPayloads['fillCanned']>({ action: 'fillCanned', chatId: noah, shortcut: 'hello' });
    await closeAll(alice, mia, noah);

    // Assert
    expect(forMia).toMatchObject({ cannedId: shared.cannedId, missing: [], text: 'Hi Mia, Alice from Support here. We will write to mia@example.com.' });
    expect(forNoah.text).toBe('Hi Noah, Alice from Billing here. We will write to noah@example.com.');
  });

  it('record the use on the message (message.created carries it: unit-tested); a visitor cannot claim one', async () => {
    // Arrange
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'hello?', clientMessageId: newId('m'), name: 'Ola' });
    await alice.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
    const filled = await alice.ack<AckPayloads['fillCanned']>({ action: 'fillCanned', chatId: chat.chatId, shortcut: 'bye' });

    // Act
    const sent = await alice.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId: chat.chatId, clientMessageId: newId('m'), text: filled.text, cannedId: filled.cannedId });
    const claimed = await visitor.client.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId: chat.chatId, clientMessageId: newId('m'), text: 'thanks', cannedId: filled.cannedId });
    const history = await resume(visitor.client, chat.chatId);
    await closeAll(alice, chat.chatId);

    // Assert
    expect(filled).toMatchObject({ text: 'Bye Ola!', missing: [] });
    expect(sent.message).toMatchObject({ text: 'Bye Ola!', cannedId: filled.cannedId });
    expect(claimed.message).not.toHaveProperty('cannedId');
    expect(history.messages.find((m) => m.seq === sent.message.seq)?.cannedId).toBe(filled.cannedId);
    expect(history.messages.find((m) => m.seq === claimed.message.seq)).not.toHaveProperty('cannedId');
  });

  it('refuse an unknown shortcut, a malformed one, and a chat that is not yours, naming the field', async () => {
    // Arrange
    const mia = await chatAssignedTo(alice, 'Mia', 'mia@example.com', 'support');
    const bob = await connectAgent(local.runtime, 'bob@demo.parley');
    local.keep(bob);

    // Act
    const unknown = await alice.request({ action: 'fillCanned', chatId: mia, shortcut: 'nope' });
    const malformed = await alice.request({ action: 'fillCanned', chatId: mia, shortcut: 'Has Space' });
    const notYours = await bob.request({ action: 'fillCanned', chatId: mia, shortcut: 'hello' });
    await closeAll(alice, mia);

    // Assert
    expect(unknown).toMatchObject({ type: 'error', code: 'not_found', field: 'shortcut', message: 'No canned response #nope' });
    expect(malformed).toMatchObject({ type: 'error', code: 'bad_request', field: 'shortcut' });
    expect(notYours).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId' });
  });

  it('name the placeholders a chat has no value for, and edit and delete by id', async () => {
    // Arrange
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'anonymous here', clientMessageId: newId('m') });
    await alice.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');

    // Act
    const anonymous = await alice.ack<AckPayloads['fillCanned']>({ action: 'fillCanned', chatId: chat.chatId, shortcut: 'hello' });
    const renamed = await sam.ack<AckPayloads['saveCanned']>({ action: 'saveCanned', cannedId: shared.cannedId, scope: 'shared', shortcut: 'hi', title: 'Hi', text: 'Hi {{visitor.name}}' });
    const oldShortcut = await alice.request({ action: 'fillCanned', chatId: chat.chatId, shortcut: 'hello' });
    await sam.ack({ action: 'deleteCanned', scope: 'shared', cannedId: shared.cannedId });
    const again = await sam.ack({ action: 'deleteCanned', scope: 'shared', cannedId: shared.cannedId });
    const listed = await sam.ack<AckPayloads['listCanned']>({ action: 'listCanned' });

    // Assert
    expect(anonymous.missing.sort()).toEqual(['visitor.email', 'visitor.name']);
    expect(anonymous.text).toBe('Hi , Alice from Support here. We will write to .');
    expect(renamed.canned).toMatchObject({ cannedId: shared.cannedId, shortcut: 'hi' });
    expect(oldShortcut).toMatchObject({ type: 'error', code: 'not_found', field: 'shortcut' });
    expect(again).toMatchObject({ type: 'ack', cannedId: shared.cannedId });
    expect(listed.canned.filter((c) => c.scope === 'shared')).toEqual([]);
  });
});

/**
 * Transfer at the protocol level, through the real local runtime: to a named agent (who then
 * holds the chat with its whole history) and to a department (re-queued, routing assigns it
 * there). The visitor reads a friendly system line with the reason; bad targets are refused
 * with the field named and nothing written.
 */
import { describe, expect, it } from 'vitest';
import type { AckPayloads, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, resume, useRuntime, type Visitor } from './harness';

const local = useRuntime();

describe('transferring a chat', () => {
  let alice: Client;
  let bob: Client;
  let visitor: Visitor;
  let chatId: string;

  it('to a named agent: the visitor reads the reason, the new agent gets the chat and its whole history, the old one lets go', async () => {
    // Arrange: only Alice online when the chat arrives, then Bob.
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    visitor = await connectVisitor(local.runtime);
    local.keep(alice, visitor.client);
    const started = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'My invoice is wrong', clientMessageId: newId('m'), name: 'Mia' });
    chatId = started.chat.chatId;
    await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
    await alice.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Let me find the right person.' });
    bob = await onlineAgent(local.runtime, 'bob@demo.parley');
    local.keep(bob);

    // Act
    const moved = await alice.ack<AckPayloads['transferChat']>({ action: 'transferChat', chatId, toAgentId: 'u-bob', reason: 'Bob handles invoices' });
    const line = await visitor.client.waitFor('message', (f) => f.chatId === chatId && f.message.senderRole === 'system' && f.message.text.startsWith("You're being"));
    const toBob = await bob.waitFor('chat', (f) => f.chat.chatId === chatId);
    const history = await resume(bob, chatId);
    const bobReplies = await bob.request({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Hi Mia, Bob here.' });
    const aliceTries = await alice.request({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'still here?' });

    // Assert
    expect(moved.chat).toMatchObject({ chatId, status: 'assigned', agentId: 'u-bob', agentName: 'Bob', transfers: 1 });
    expect(line.message.text).toBe("You're being connected to Bob: Bob handles invoices");
    expect(toBob.chat).toMatchObject({ agentId: 'u-bob' });
    expect(history.messages.map((m) => m.text)).toEqual(['My invoice is wrong', 'Alice joined the chat', 'Let me find the right person.', "You're being connected to Bob: Bob handles invoices"]);
    expect(bobReplies).toMatchObject({ type: 'ack' });
    expect(aliceTries).toMatchObject({ type: 'error', code: 'forbidden' });
  });

  it('refuses an unknown agent or department, both at once, a non-member target and a retry, naming the field and writing nothing', async () => {
    // Arrange
    const carol = await onlineAgent(local.runtime, 'carol@demo.parley');
    local.keep(carol);
    const before = await resume(bob, chatId);

    // Act
    const replies = await Promise.all([
      bob.request({ action: 'transferChat', chatId, toAgentId: 'u-nobody', reason: 'x' }),
      bob.request({ action: 'transferChat', chatId, toDepartment: 'legal', reason: 'x' }),
      bob.request({ action: 'transferChat', chatId, toAgentId: 'u-alice', toDepartment: 'billing', reason: 'x' }),
      bob.request({ action: 'transferChat', chatId, toAgentId: 'u-carol', reason: 'x' }),
      bob.request({ action: 'transferChat', chatId, toAgentId: 'u-alice', reason: '   ' }),
      alice.request({ action: 'transferChat', chatId, toAgentId: 'u-alice', reason: 'a retry after the move' }),
    ]);
    const after = await resume(bob, chatId);

    // Assert
    expect(replies).toEqual([
      expect.objectContaining({ code: 'not_found', field: 'toAgentId', message: 'No agent "u-nobody"' }),
      expect.objectContaining({ code: 'not_found', field: 'toDepartment', message: 'No department "legal"' }),
      expect.objectContaining({ code: 'bad_request', field: 'toAgentId' }),
      expect.objectContaining({ code: 'conflict', field: 'toAgentId', message: 'Carol does not serve Support' }),
      expect.objectContaining({ code: 'bad_request', field: 'reason' }),
      expect.objectContaining({ code: 'forbidden', field: 'chatId' }),
    ]);
    expect(after.chat).toEqual(before.chat);
    expect(after.messages.length).toBe(before.messages.length);
  });

  it('to a department: back in that queue and routed to an agent who serves it, never the one who handed it on', async () => {
    // Arrange: Carol (sales) is online from the test above.
    const carol = await onlineAgent(local.runtime, 'carol@demo.parley');
    local.keep(carol);

    // Act
    const moved = await bob.ack<AckPayloads['transferChat']>({ action: 'transferChat', chatId, toDepartment: 'sales', reason: 'You asked about an upgrade' });
    const assigned = await carol.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
    await local.runtime.idle();
    const history = await resume(carol, chatId);

    // Assert
    expect(moved.chat).toMatchObject({ status: 'queued', department: 'sales', transfers: 2 });
    expect(moved.chat).not.toHaveProperty('agentId');
    expect(assigned.chat).toMatchObject({ agentId: 'u-carol', department: 'sales' });
    expect(history.messages.slice(-2).map((m) => m.text)).toEqual(["You're being connected to Sales: You asked about an upgrade", 'Carol joined the chat']);
  });
});

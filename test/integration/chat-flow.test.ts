import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, useRuntime, type Visitor } from './harness';

const local = useRuntime();

describe('a visitor and an agent talk', () => {
  let alice: Client;
  let visitor: Visitor;
  let chatId: string;

  it('assigns a new chat to the online agent and tells both sides', async () => {
    // Arrange
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    visitor = await connectVisitor(local.runtime);
    local.keep(alice, visitor.client);

    // Act
    const started = await visitor.client.ack<{ chat: ChatSummary; messages: ChatMessage[] }>({
      action: 'startChat',
      text: 'Do you ship to Finland?',
      clientMessageId: newId('m'),
      name: 'Mia',
    });
    chatId = started.chat.chatId;
    const visitorSees = await visitor.client.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
    const agentSees = await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');

    // Assert
    expect(started.chat.status).toBe('queued');
    expect(started.messages).toEqual([expect.objectContaining({ seq: 1, senderRole: 'visitor', text: 'Do you ship to Finland?' })]);
    expect(visitorSees.chat.agentId).toBe('u-alice');
    expect(agentSees.chat).toMatchObject({ visitorId: visitor.session.visitorId, agentId: 'u-alice' });
  });

  it('delivers the agent\'s reply to the visitor and the visitor\'s to the agent, in seq order', async () => {
    // Act
    const reply = await alice.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Yes, in 3–5 days.' });
    const atVisitor = await visitor.client.waitFor('message', (f) => f.chatId === chatId && f.message.seq === reply.message.seq);
    const answer = await visitor.client.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Great!' });
    const atAgent = await alice.waitFor('message', (f) => f.chatId === chatId && f.message.seq === answer.message.seq);

    // Assert
    expect(reply.message).toMatchObject({ senderRole: 'agent', senderId: 'u-alice' });
    expect(reply.message.seq).toBeGreaterThan(1);
    expect(atVisitor.message.text).toBe('Yes, in 3–5 days.');
    expect(answer.message.seq).toBe(reply.message.seq + 1);
    expect(atAgent.message).toMatchObject({ text: 'Great!', senderRole: 'visitor' });
  });

  it('shows typing to the other side only, with no reply to the typist (one-way)', async () => {
    // Act
    const requestId = visitor.client.signal({ action: 'typing', chatId, isTyping: true });
    const atAgent = await alice.waitFor('typing', (f) => f.chatId === chatId);
    await local.runtime.idle();

    // Assert
    expect(atAgent).toMatchObject({ role: 'visitor', isTyping: true });
    expect(visitor.client.pending('typing')).toEqual([]);
    expect(visitor.client.repliesTo(requestId)).toEqual([]);
  });

  it('lets the agent close the chat with an outcome, and tells the visitor', async () => {
    // Act
    const closed = await alice.ack<{ chat: ChatSummary }>({ action: 'closeChat', chatId, outcome: 'resolved', tags: ['shipping'] });
    const atVisitor = await visitor.client.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'closed');
    const afterClose = await visitor.client.request({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'One more thing' });

    // Assert
    expect(closed.chat).toMatchObject({ status: 'closed', outcome: 'resolved', tags: ['shipping'] });
    expect(atVisitor.chat.outcome).toBe('resolved');
    expect(afterClose).toMatchObject({ type: 'error', code: 'conflict' });
  });
});

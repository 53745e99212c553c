import { describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, useRuntime, type Visitor } from './harness';

const local = useRuntime();

describe('typing preview', () => {
  let alice: Client;
  let visitor: Visitor;
  let chatId: string;

  it('shows the visitor’s draft to the agent while they type', async () => {
    // Arrange
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    visitor = await connectVisitor(local.runtime);
    local.keep(alice, visitor.client);
    const started = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hello', clientMessageId: newId('m'), name: 'Mia' });
    chatId = started.chat.chatId;
    await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');

    // Act
    visitor.client.signal({ action: 'typing', chatId, isTyping: true, preview: 'Do you ship to Fin' });
    const atAgent = await alice.waitFor('typing', (f) => f.chatId === chatId);

    // Assert
    expect(atAgent).toEqual({ type: 'typing', chatId, role: 'visitor', isTyping: true, preview: 'Do you ship to Fin' });
  });

  it('never carries an agent’s draft to the visitor', async () => {
    // Act
    alice.signal({ action: 'typing', chatId, isTyping: true, preview: 'Internal: check the refund policy first' });
    const atVisitor = await visitor.client.waitFor('typing', (f) => f.chatId === chatId);

    // Assert
    expect(atVisitor).toEqual({ type: 'typing', chatId, role: 'agent', isTyping: true });
  });

  it('refuses a preview over 1000 characters: the error is pushed back to the typist (typing has no ack)', async () => {
    // Act
    const reply = await visitor.client.request({ action: 'typing', chatId, isTyping: true, preview: 'x'.repeat(1001) });

    // Assert
    expect(reply).toMatchObject({ type: 'error', code: 'bad_request', field: 'preview' });
  });
});

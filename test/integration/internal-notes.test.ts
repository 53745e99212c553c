/**
 * Internal notes at the protocol level, through the real local runtime: the visitor's socket
 * records every raw frame it ever receives, and no note text may be among them; no reply a
 * visitor can ask for (resume, startChat, listChats) carries a note.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatNote, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent, useRuntime, type Visitor } from './harness';

const local = useRuntime();
const NOTE_TEXT = 'staff-only: offer the 20% loyalty discount';

describe('internal notes', () => {
  let alice: Client;
  let aliceSecondTab: Client;
  let visitor: Visitor;
  let chatId: string;
  const rawToVisitor: string[] = [];

  it('reach the agent’s other consoles and a supervisor, and keep the message seq sequence whole', async () => {
    // Arrange
    alice = await onlineAgent(local.runtime, 'alice@demo.parley');
    aliceSecondTab = await connectAgent(local.runtime, 'alice@demo.parley');
    visitor = await connectVisitor(local.runtime);
    visitor.client.ws.on('message', (data) => void rawToVisitor.push(String(data)));
    local.keep(alice, aliceSecondTab, visitor.client);
    const started = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Can I get a discount?', clientMessageId: newId('m'), name: 'Mia' });
    chatId = started.chat.chatId;
    await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');

    // Act
    const added = await alice.ack<{ note: ChatNote }>({ action: 'addNote', chatId, clientNoteId: newId('n'), text: NOTE_TEXT });
    const atSecondTab = await aliceSecondTab.waitFor('note', (f) => f.chatId === chatId);
    const reply = await alice.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Let me check.' });
    const sam = await connectAgent(local.runtime, 'sam@demo.parley');
    local.keep(sam);
    const asSupervisor = await sam.ack<{ notes?: ChatNote[] }>({ action: 'resume', chatId, afterSeq: 0 });

    // Assert
    expect(added.note).toMatchObject({ chatId, authorId: 'u-alice', text: NOTE_TEXT, afterSeq: 2 });
    expect(atSecondTab.note).toEqual(added.note);
    expect(reply.message.seq).toBe(3);
    expect(asSupervisor.notes).toEqual([added.note]);
  });

  it('never reach the visitor: no pushed frame, and no resume, startChat or listChats reply', async () => {
    // Act
    await visitor.client.waitFor('message', (f) => f.chatId === chatId && f.message.text === 'Let me check.');
    const resumed = await visitor.client.ack<Record<string, unknown>>({ action: 'resume', chatId, afterSeq: 0 });
    const restarted = await visitor.client.ack<Record<string, unknown>>({ action: 'startChat', clientMessageId: newId('m') });
    const listed = await visitor.client.ack<Record<string, unknown>>({ action: 'listChats' });
    const attempt = await visitor.client.request({ action: 'addNote', chatId, clientNoteId: newId('n'), text: 'visitor note' });

    // Assert
    expect(resumed).not.toHaveProperty('notes');
    expect((resumed.messages as ChatMessage[]).map((m) => m.seq)).toEqual([1, 2, 3]);
    expect((restarted.chat as ChatSummary).chatId).toBe(chatId);
    expect(listed).not.toHaveProperty('notes');
    expect(attempt).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(rawToVisitor.length).toBeGreaterThan(5);
    expect(rawToVisitor.filter((raw) => raw.includes(NOTE_TEXT) || raw.includes('"note"'))).toEqual([]);
  });
});

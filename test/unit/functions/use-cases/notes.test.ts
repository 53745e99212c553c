import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../../functions/contracts/auth';
import { addNote } from '../../../../functions/use-cases/add-note';
import { resume } from '../../../../functions/use-cases/resume';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { agent, errorOf, onlineAgent, queuedChat, supervisor, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;

function connect(userId: string, connectionId: string) {
  deps.store.connections.set(connectionId, { connectionId, userId, role: userId.startsWith('v') ? 'visitor' : 'agent', connectedAt: T0 });
}

const note = (caller: Caller, connectionId: string, clientNoteId = 'n1', text = 'VIP: refund without asking') =>
  addNote(deps, { caller, connectionId }, { action: 'addNote', requestId: 'r1', chatId: 'c1', clientNoteId, text });

const resumeAs = (caller: Caller) => resume(deps, { caller, connectionId: 'x' }, { action: 'resume', requestId: 'r', chatId: 'c1', afterSeq: 0 });

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 + 1000, lastSeq: 0 }));
  deps.store.messages.set('c1', []);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
  connect('v1', 'cv1');
  connect('a1', 'ca1');
  connect('a1', 'ca2');
});

describe('internal notes', () => {
  it('stores the agent’s note after the last message and pushes it to the agent’s other consoles only', async () => {
    await sendMessage(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'sendMessage', requestId: 'r', chatId: 'c1', clientMessageId: 'm1', text: 'hi' });
    deps.push.sent.length = 0;
    deps.publisher.events.length = 0;

    const ack = await note(agent(), 'ca1');

    expect(ack.note).toEqual({ chatId: 'c1', clientNoteId: 'n1', authorId: 'a1', authorName: 'Alice', text: 'VIP: refund without asking', afterSeq: 1, createdAt: T0 });
    expect(deps.push.sent).toEqual([{ connectionId: 'ca2', frame: { type: 'note', chatId: 'c1', note: ack.note } }]);
    expect(deps.publisher.events).toEqual([]);
  });

  it('keeps the message seq sequence untouched, so a visitor sees no gap', async () => {
    await note(agent(), 'ca1');

    const reply = await sendMessage(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'sendMessage', requestId: 'r', chatId: 'c1', clientMessageId: 'm1', text: 'hi' });

    expect(reply.message.seq).toBe(1);
  });

  it('returns the original note to a retry with the same clientNoteId', async () => {
    const first = await note(agent(), 'ca1');
    deps.clock.set(T0 + 5000);

    const retried = await note(agent(), 'ca1', 'n1', 'a different text');

    expect(retried.note).toEqual(first.note);
    expect(await deps.store.listNotes('c1')).toHaveLength(1);
  });

  it.each([
    ['the chat’s visitor', visitor(), 'forbidden:action'],
    ['another department’s agent', agent('a2', 'Carol', 'sales'), 'forbidden:chatId'],
  ])('refuses %s', async (_who, caller, code) => {
    expect(await errorOf(note(caller, 'cx'))).toBe(code);
    expect(await deps.store.listNotes('c1')).toEqual([]);
  });

  it('lets a supervisor note any chat, and tells the assigned agent', async () => {
    await note(supervisor(), 'cs1');

    expect(deps.push.sent.map((s) => s.connectionId).sort()).toEqual(['ca1', 'ca2']);
  });

  it('gives notes to staff in resume and never to the visitor', async () => {
    await note(agent(), 'ca1');

    const asAgent = await resumeAs(agent());
    const asSupervisor = await resumeAs(supervisor());
    const asVisitor = await resumeAs(visitor());

    expect(asAgent.notes).toEqual([expect.objectContaining({ clientNoteId: 'n1' })]);
    expect(asSupervisor.notes).toHaveLength(1);
    expect(asVisitor).not.toHaveProperty('notes');
  });
});

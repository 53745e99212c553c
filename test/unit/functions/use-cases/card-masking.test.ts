import { beforeEach, describe, expect, it } from 'vitest';
import { addNote } from '../../../../functions/use-cases/add-note';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { startChat } from '../../../../functions/use-cases/start-chat';
import { typing } from '../../../../functions/use-cases/typing';
import { agent, onlineAgent, queuedChat, T0, testDeps, type TestDeps, visitor } from '../fakes';

const CARD = '4242 4242 4242 4242';
const MASKED = '•••• •••• •••• 4242';
let deps: TestDeps;

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0, lastSeq: 0 }));
  deps.store.messages.set('c1', []);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
  deps.store.connections.set('cv1', { connectionId: 'cv1', userId: 'v1', role: 'visitor', connectedAt: T0 });
  deps.store.connections.set('ca1', { connectionId: 'ca1', userId: 'a1', role: 'agent', connectedAt: T0 });
});

describe('card numbers are masked before anything is stored or pushed', () => {
  it('in a message: stored, acked and pushed masked', async () => {
    const ack = await sendMessage(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'sendMessage', requestId: 'r', chatId: 'c1', clientMessageId: 'm1', text: `pay with ${CARD} please` });

    expect(ack.message.text).toBe(`pay with ${MASKED} please`);
    expect(deps.store.messages.get('c1')?.[0]?.text).toBe(`pay with ${MASKED} please`);
    expect(JSON.stringify(deps.push.sent)).not.toContain(CARD);
  });

  it('in the first message of a new chat', async () => {
    const ack = await startChat(deps, { caller: visitor('v2'), connectionId: 'cv2' }, { action: 'startChat', requestId: 'r', text: `card ${CARD}`, clientMessageId: 'm1' });

    expect(ack.messages[0]?.text).toBe(`card ${MASKED}`);
    expect(JSON.stringify([...deps.store.messages.values()])).not.toContain(CARD);
  });

  it('in an internal note', async () => {
    const ack = await addNote(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'addNote', requestId: 'r', chatId: 'c1', clientNoteId: 'n1', text: `customer read out ${CARD}` });

    expect(ack.note.text).toBe(`customer read out ${MASKED}`);
    expect(JSON.stringify(deps.store.notes.get('c1'))).not.toContain(CARD);
  });

  it('in the typing preview an agent sees', async () => {
    await typing(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'typing', requestId: 'r', chatId: 'c1', isTyping: true, preview: `my card is ${CARD}` });

    expect(deps.push.to('ca1')).toEqual([{ type: 'typing', chatId: 'c1', role: 'visitor', isTyping: true, preview: `my card is ${MASKED}` }]);
  });
});

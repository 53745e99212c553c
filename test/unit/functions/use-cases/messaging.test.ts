import { beforeEach, describe, expect, it } from 'vitest';
import { CONNECT_GRACE_MS } from '../../../../functions/use-cases/deliver';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { startChat } from '../../../../functions/use-cases/start-chat';
import { typing } from '../../../../functions/use-cases/typing';
import { resume } from '../../../../functions/use-cases/resume';
import { agent, onlineAgent, queuedChat, T0, testDeps, type TestDeps, visitor, errorOf } from '../fakes';

let deps: TestDeps;

function connect(userId: string, connectionId: string) {
  deps.store.connections.set(connectionId, { connectionId, userId, role: userId.startsWith('v') ? 'visitor' : 'agent', connectedAt: T0 });
}

function withAssignedChat() {
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 + 1000 }));
  deps.store.messages.set('c1', []);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
}

const send = (caller = visitor(), clientMessageId = 'm1', text = 'hello', chatId = 'c1') =>
  sendMessage(deps, { caller, connectionId: caller.userId === 'v1' ? 'cv1' : 'ca1' }, { action: 'sendMessage', requestId: 'r1', chatId, clientMessageId, text });

beforeEach(() => {
  deps = testDeps();
});

describe('startChat', () => {
  const start = (o: Partial<Parameters<typeof startChat>[2]> = {}) => startChat(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'startChat', requestId: 'r1', text: 'Do you ship to Finland?', clientMessageId: 'm1', ...o });

  beforeEach(() => {
    deps.store.agents.set('a1', onlineAgent({ departments: ['support', 'billing'] }));
  });

  it('queues a chat whose first question is seq 1, and announces both', async () => {
    const ack = await start({ name: 'Mia' });

    expect(ack.chat).toMatchObject({ status: 'queued', visitorId: 'v1', visitorName: 'Mia', department: 'support', lastSeq: 1 });
    expect(ack.messages).toEqual([expect.objectContaining({ seq: 1, text: 'Do you ship to Finland?', senderRole: 'visitor', clientMessageId: 'm1' })]);
    expect(deps.publisher.types()).toEqual(['chat.requested', 'message.created']);
    expect(deps.store.visitors.get('v1')).toEqual({ name: 'Mia', email: undefined });
  });

  it('returns the same chat to a retry with the same clientMessageId', async () => {
    const first = await start();

    const retry = await start();

    expect(retry.chat.chatId).toBe(first.chat.chatId);
    expect(retry.messages).toHaveLength(1);
    expect(deps.store.chats.size).toBe(1);
    // Republished with the same ids, in case the first attempt died before publishing.
    const ids = deps.publisher.events.map((e) => e.detail.eventId);
    expect(ids.slice(2)).toEqual(ids.slice(0, 2));
  });

  it('gives a visitor with an open chat that chat back', async () => {
    const first = await start({ clientMessageId: 'm1' });

    const again = await start({ clientMessageId: 'm2', text: 'hello?' });

    expect(again.chat.chatId).toBe(first.chat.chatId);
    expect(deps.store.chats.size).toBe(1);
  });

  it('opens an empty chat when there is no question', async () => {
    const ack = await start({ text: undefined, clientMessageId: undefined });

    expect(ack).toMatchObject({ chat: { lastSeq: 0 }, messages: [] });
    expect(deps.publisher.types()).toEqual(['chat.requested']);
  });

  it('makes a chat with nobody online in its department offline at once, with a ticket when the visitor gave an email', async () => {
    deps.store.agents.clear();

    const ack = await start({ name: 'Mia', email: 'mia@example.com' });

    const ticketId = `t_${ack.chat.chatId}`;
    expect(ack.chat).toMatchObject({ status: 'offline', offlineReason: 'no-agents', ticketId, closedAt: T0, lastSeq: 1 });
    expect(deps.store.tickets.get(ticketId)).toEqual({ ticketId, visitorId: 'v1', department: 'support', email: 'mia@example.com', name: 'Mia', message: 'Do you ship to Finland?', chatId: ack.chat.chatId, createdAt: T0 });
    expect(deps.publisher.types()).toEqual(['chat.requested', 'message.created', 'chat.missed', 'ticket.created']);
    expect(deps.publisher.events[2]?.detail).toMatchObject({ reason: 'no-agents', waitMs: 0 });
    expect(deps.publisher.events[3]?.detail).toMatchObject({ eventId: `${ticketId}:created`, reason: 'no-agents', chatId: ack.chat.chatId });
    expect(deps.timers.scheduled).toEqual([]);
  });

  it('makes a chat outside its department’s hours offline even with agents online; no email, no ticket yet (the offline form asks)', async () => {
    // T0 is a Saturday; billing opens on weekdays only.
    deps.config = { ...deps.config, departments: [deps.config.departments[0]!, { id: 'billing', name: 'Billing', policy: 'least-busy', hours: { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']] } } }] };

    const ack = await start({ department: 'billing' });

    expect(ack.chat).toMatchObject({ status: 'offline', offlineReason: 'outside-hours' });
    expect(ack.chat).not.toHaveProperty('ticketId');
    expect(deps.store.tickets.size).toBe(0);
    expect(deps.publisher.types()).toEqual(['chat.requested', 'message.created', 'chat.missed']);
  });

  it('answers a retry of an offline start with the same chat and the same events, and no second ticket', async () => {
    deps.store.agents.clear();
    const first = await start({ email: 'mia@example.com' });

    const retry = await start({ email: 'mia@example.com' });

    expect(retry.chat).toEqual(first.chat);
    expect(deps.store.tickets.size).toBe(1);
    const ids = deps.publisher.events.map((e) => e.detail.eventId);
    expect(ids.slice(4)).toEqual(ids.slice(0, 4));
  });

  it.each([
    ['an agent', () => startChat(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'startChat', requestId: 'r', text: 'x' }), 'forbidden:action'],
    ['an unknown department', () => start({ department: 'nope' }), 'bad_request:department'],
  ])('refuses %s and writes nothing', async (_name, run, code) => {
    expect(await errorOf(run())).toBe(code);
    expect(deps.store.chats.size).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });
});

describe('sendMessage', () => {
  beforeEach(() => {
    withAssignedChat();
    connect('v1', 'cv1');
    connect('v1', 'cv2');
    connect('a1', 'ca1');
  });

  it('gives each message the next seq and delivers it to every other socket of both sides', async () => {
    const ack = await send();

    expect(ack.message).toMatchObject({ seq: 1, text: 'hello', senderRole: 'visitor' });
    expect(deps.push.sent.map((s) => s.connectionId).sort()).toEqual(['ca1', 'cv2']);
    expect(deps.push.to('ca1')).toEqual([{ type: 'message', chatId: 'c1', message: ack.message }]);
  });

  it('delivers a message once, as soon as it is written: before lastSeq moves', async () => {
    const ack = await send();

    expect(deps.store.lastSeqWhenWritten).toEqual([0]);
    expect(deps.store.chats.get('c1')?.lastSeq).toBe(1);
    expect(deps.push.sent.map((s) => s.connectionId).sort()).toEqual(['ca1', 'cv2']);
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual([`c1:msg:${ack.message.seq}`]);
  });

  it('delivers and announces a retried send again, after finding the original', async () => {
    await send(visitor(), 'm1', 'hello');
    deps.push.sent.length = 0;

    await send(visitor(), 'm1', 'hello');

    expect(deps.store.lastSeqWhenWritten).toEqual([0]);
    expect(deps.push.sent.map((s) => s.connectionId).sort()).toEqual(['ca1', 'cv2']);
    expect(deps.publisher.events).toHaveLength(2);
  });

  it('returns the original to a retried send and never stores a duplicate', async () => {
    const first = await send(visitor(), 'm1', 'hello');

    const retry = await send(visitor(), 'm1', 'hello');

    expect(retry.message).toEqual(first.message);
    expect(deps.store.messages.get('c1')).toHaveLength(1);
    expect(new Set(deps.publisher.events.map((e) => e.detail.eventId))).toEqual(new Set(['c1:msg:1']));
  });

  it('numbers messages without gaps when another writer wins a race', async () => {
    let raced = false;
    deps.store.beforeAppend = () => {
      if (raced) return;
      raced = true;
      deps.store.beforeAppend = undefined;
      void deps.store.appendMessage('c1', { message: { chatId: 'c1', seq: 1, clientMessageId: 'other', senderRole: 'agent', senderId: 'a1', text: 'x', createdAt: T0 }, prevSeq: 0 });
    };

    const ack = await send();

    expect(ack.message.seq).toBe(2);
    expect(deps.store.messages.get('c1')?.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('marks the agent’s first reply with the time since the chat was requested, on a retry too', async () => {
    deps.clock.set(T0 + 9000);

    await send(agent(), 'a-1', 'Hi, Alice here');
    await send(agent(), 'a-2', 'How can I help?');

    deps.clock.set(T0 + 20_000);
    await send(agent(), 'a-1', 'Hi, Alice here');

    const details = deps.publisher.events.map((e) => e.detail);
    expect(details[0]).toMatchObject({ eventId: 'c1:msg:1', senderRole: 'agent', agentId: 'a1', firstResponseMs: 9000, length: 14 });
    expect(details[1]).not.toHaveProperty('firstResponseMs');
    expect(details[2]).toEqual(details[0]);
    expect(deps.store.chats.get('c1')?.firstResponseAt).toBe(T0 + 9000);
  });

  it('drops a connection that is gone and still delivers to the others', async () => {
    deps.clock.set(T0 + CONNECT_GRACE_MS + 1); // long past the socket's $connect
    deps.push.gone.add('cv2');

    await send(agent(), 'a-1', 'hi');

    expect(deps.push.to('cv1')).toHaveLength(1);
    expect(deps.store.connections.has('cv2')).toBe(false);
    expect(deps.store.connections.has('ca1')).toBe(true);
  });

  it.each([
    ['a stranger', () => send(visitor('v9')), 'forbidden:chatId'],
    ['an agent who does not own the chat', () => send(agent('a2')), 'forbidden:chatId'],
    ['a missing chat', () => send(visitor(), 'm1', 'x', 'nope'), 'not_found:chatId'],
  ])('refuses %s and writes nothing', async (_name, run, code) => {
    expect(await errorOf(run())).toBe(code);
    expect(deps.store.messages.get('c1')).toEqual([]);
    expect(deps.push.sent).toEqual([]);
  });

  it('answers conflict when the chat is closed', async () => {
    deps.store.chats.get('c1')!.status = 'closed';

    expect(await errorOf(send())).toBe('conflict:chatId');
  });
});

describe('typing and resume', () => {
  beforeEach(() => {
    withAssignedChat();
    connect('v1', 'cv1');
    connect('a1', 'ca1');
  });

  it('pushes typing to the other side only', async () => {
    await typing(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'typing', requestId: 'r', chatId: 'c1', isTyping: true });

    expect(deps.push.sent).toEqual([{ connectionId: 'ca1', frame: { type: 'typing', chatId: 'c1', role: 'visitor', isTyping: true } }]);
  });

  it('carries the visitor’s draft preview to the agent', async () => {
    await typing(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'typing', requestId: 'r', chatId: 'c1', isTyping: true, preview: 'Do you ship' });

    expect(deps.push.sent).toEqual([{ connectionId: 'ca1', frame: { type: 'typing', chatId: 'c1', role: 'visitor', isTyping: true, preview: 'Do you ship' } }]);
  });

  it.each([
    ['an agent’s preview', () => agent(), 'cv1', true],
    ['a preview on stopped typing', () => visitor(), 'ca1', false],
  ] as const)('drops %s', async (_case, caller, target, isTyping) => {
    await typing(deps, { caller: caller(), connectionId: 'x' }, { action: 'typing', requestId: 'r', chatId: 'c1', isTyping, preview: 'secret draft' });

    expect(deps.push.sent).toEqual([{ connectionId: target, frame: expect.not.objectContaining({ preview: expect.anything() }) }]);
  });

  it('returns the messages after afterSeq, a page at a time', async () => {
    // One a second, within the visitor's per-chat rate limit.
    for (let i = 1; i <= 205; i++) {
      deps.clock.set(T0 + i * 1000);
      await send(visitor(), `m${i}`, `n${i}`);
    }

    const page = await resume(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'resume', requestId: 'r', chatId: 'c1', afterSeq: 3 });

    expect(page.messages).toHaveLength(200);
    expect(page.messages[0]?.seq).toBe(4);
    expect(page.hasMore).toBe(true);
  });

  it('lets a supervisor read a chat they are not in, but not another agent', async () => {
    const frame = { action: 'resume' as const, requestId: 'r', chatId: 'c1', afterSeq: 0 };

    expect(await errorOf(resume(deps, { caller: { ...agent('s1'), role: 'supervisor' }, connectionId: 'x' }, frame))).toBe('no error');
    expect(await errorOf(resume(deps, { caller: agent('a2'), connectionId: 'x' }, frame))).toBe('forbidden:chatId');
  });
});

import { describe, expect, it } from 'vitest';
import { chatReducer, hasGap, initialChatState, markRead, resumeFrom, threadList, type ChatState } from '../../../web/sdk/chat-state';
import type { ChatMessage, ChatNote, ChatSummary, SenderRole, ServerFrame } from '../../../web/sdk/types';

const chatId = 'c1';

function message(seq: number, senderRole: SenderRole = 'visitor', text = `m${seq}`): ChatMessage {
  return { chatId, seq, clientMessageId: `cm-${seq}`, senderRole, senderId: senderRole, text, createdAt: 1_000 + seq };
}

function summary(overrides: Partial<ChatSummary> = {}): ChatSummary {
  return { chatId, status: 'assigned', visitorId: 'v1', lastSeq: 0, createdAt: 1_000, ...overrides };
}

const push = (m: ChatMessage): ServerFrame => ({ type: 'message', chatId: m.chatId, message: m });
const resumeAck = (messages: ChatMessage[]): ServerFrame => ({
  type: 'ack', requestId: 'r', action: 'resume', chat: summary(), messages, hasMore: false,
});

function run(frames: ServerFrame[], state: ChatState = initialChatState('agent')): ChatState {
  return frames.reduce(chatReducer, state);
}

const seqs = (state: ChatState) => state.threads[chatId]?.messages.map((m) => m.seq);

describe('chat state reducer', () => {
  it('keeps the latest queue position while queued and drops it once an agent takes the chat', () => {
    const queued = run(
      [
        { type: 'chat', chat: summary({ status: 'queued' }) },
        { type: 'queue', chatId, position: 3, estimatedWaitSeconds: 240 },
        { type: 'queue', chatId, position: 2, estimatedWaitSeconds: null },
        { type: 'chat', chat: summary({ status: 'queued', lastSeq: 1 }) },
      ],
      initialChatState('visitor'),
    );
    expect(queued.threads[chatId]?.queue).toEqual({ position: 2, estimatedWaitSeconds: null });

    const assigned = chatReducer(queued, { type: 'chat', chat: summary({ status: 'assigned' }) });

    expect(assigned.threads[chatId]?.queue).toBeUndefined();
  });

  it('keeps messages in seq order when pushes arrive out of order', () => {
    const state = run([push(message(2)), push(message(1)), push(message(3))]);

    expect(seqs(state)).toEqual([1, 2, 3]);
  });

  it('drops a seq it already holds, whether it came as a push, an ack or a resume', () => {
    const mine = message(1, 'agent');
    const frames: ServerFrame[] = [
      { type: 'ack', requestId: 'r1', action: 'sendMessage', message: mine },
      push(mine),
      resumeAck([mine, message(2)]),
      push(message(2)),
    ];

    const state = run(frames);

    expect(seqs(state)).toEqual([1, 2]);
  });

  it('returns the same state object when a duplicate changes nothing', () => {
    const before = run([push(message(1))]);

    const after = chatReducer(before, push(message(1)));

    expect(after).toBe(before);
  });

  it('resumes from the last seq before a gap, and the resume reply fills it', () => {
    const withGap = run([push(message(1)), push(message(4))]);
    const thread = withGap.threads[chatId];
    if (!thread) throw new Error('thread missing');
    expect([resumeFrom(thread), hasGap(thread)]).toEqual([1, true]);

    const filled = chatReducer(withGap, resumeAck([message(2), message(3), message(4)]));

    const after = filled.threads[chatId];
    if (!after) throw new Error('thread missing');
    expect([seqs(filled), resumeFrom(after), hasGap(after)]).toEqual([[1, 2, 3, 4], 4, false]);
  });

  it.each([
    { self: 'agent', sender: 'visitor', unread: 1 },
    { self: 'agent', sender: 'agent', unread: 0 },
    { self: 'agent', sender: 'system', unread: 0 },
    { self: 'visitor', sender: 'agent', unread: 1 },
    { self: 'visitor', sender: 'visitor', unread: 0 },
  ] as const)('as $self, counts a pushed $sender message as $unread unread', ({ self, sender, unread }) => {
    const state = run([push(message(1, sender))], initialChatState(self));

    expect(state.threads[chatId]?.unread).toBe(unread);
  });

  it('counts the history of a chat announced by a push (a new assignment) as unread', () => {
    const state = run([{ type: 'chat', chat: summary({ lastSeq: 1 }) }, resumeAck([message(1)])]);

    expect(state.threads[chatId]?.unread).toBe(1);
  });

  it('counts what a resume brings back after a reconnect as unread, once the history is loaded', () => {
    const state = run([resumeAck([message(1, 'agent')]), resumeAck([message(2), message(3)])]);

    expect(state.threads[chatId]?.unread).toBe(2);
  });

  it('does not count history loaded on a reload as unread, and markRead clears what came after', () => {
    const state = run([resumeAck([message(1), message(2)]), push(message(3))]);
    expect(state.threads[chatId]?.unread).toBe(1);

    const read = markRead(state, chatId);

    expect(read.threads[chatId]?.unread).toBe(0);
  });

  it('shows the other side typing, ignores its own echo, and clears it when their message lands', () => {
    const typing = run([
      { type: 'typing', chatId, role: 'visitor', isTyping: true },
      { type: 'typing', chatId, role: 'agent', isTyping: false },
    ]);
    expect(typing.threads[chatId]?.otherTyping).toBe(true);

    const answered = chatReducer(typing, push(message(1, 'visitor')));

    expect(answered.threads[chatId]?.otherTyping).toBe(false);
  });

  it('ignores a typing frame that lands after the chat closed', () => {
    const closed = run([
      { type: 'typing', chatId, role: 'visitor', isTyping: true },
      { type: 'chat', chat: summary({ status: 'closed' }) },
    ]);

    const late = chatReducer(closed, { type: 'typing', chatId, role: 'visitor', isTyping: true, preview: 'one more' });

    expect(late).toBe(closed);
    expect(late.threads[chatId]?.otherTyping).toBe(false);
  });

  it('keeps the latest draft preview while the other side types, and drops it when they stop or their message lands', () => {
    const typing = run([
      { type: 'typing', chatId, role: 'visitor', isTyping: true, preview: 'Do you' },
      { type: 'typing', chatId, role: 'visitor', isTyping: true, preview: 'Do you ship' },
    ]);
    const stopped = chatReducer(typing, { type: 'typing', chatId, role: 'visitor', isTyping: false });
    const answered = chatReducer(typing, push(message(1, 'visitor', 'Do you ship?')));

    expect(typing.threads[chatId]?.otherPreview).toBe('Do you ship');
    expect(stopped.threads[chatId]?.otherPreview).toBeUndefined();
    expect(answered.threads[chatId]?.otherPreview).toBeUndefined();
  });

  it('keeps internal notes apart from messages, once each, whether pushed, acked or resumed', () => {
    const note = (id: string, createdAt: number): ChatNote => ({ chatId, clientNoteId: id, authorId: 'a1', text: id, afterSeq: 1, createdAt });
    const state = run([
      push(message(1)),
      { type: 'note', chatId, note: note('n2', 20) },
      { type: 'ack', requestId: 'r', action: 'addNote', note: note('n1', 10) },
      { type: 'ack', requestId: 'r', action: 'resume', chat: summary(), messages: [message(1)], hasMore: false, notes: [note('n1', 10), note('n2', 20)] },
    ]);

    expect(state.threads[chatId]?.notes.map((n) => n.clientNoteId)).toEqual(['n1', 'n2']);
    expect(seqs(state)).toEqual([1]);
    expect(hasGap(state.threads[chatId] as NonNullable<ChatState['threads'][string]>)).toBe(false);
  });

  it('counts every typing frame from the other side, so a repeated "true" can restart a staleness timer', () => {
    const frame: ServerFrame = { type: 'typing', chatId, role: 'visitor', isTyping: true };

    const state = run([frame, frame, { type: 'typing', chatId, role: 'agent', isTyping: true }]);

    expect(state.threads[chatId]?.typingPulse).toBe(2);
  });

  it('adds chats from listChats and updates them from chat frames', () => {
    const listed = run([{ type: 'ack', requestId: 'r', action: 'listChats', chats: [summary({ status: 'queued' }), summary({ chatId: 'c2', createdAt: 2_000 })] }]);

    const closed = chatReducer(listed, { type: 'chat', chat: summary({ status: 'closed', outcome: 'resolved' }) });

    expect(threadList(closed).map((t) => [t.chatId, t.chat?.status])).toEqual([
      ['c2', 'assigned'],
      ['c1', 'closed'],
    ]);
  });
});

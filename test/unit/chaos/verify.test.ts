/**
 * The chaos verdict must catch each kind of failure it reports, or a green chaos run proves
 * nothing: a missing message, one stored twice, a gap or swap in seq order, views that
 * disagree, a chat left open, a leaked agent capacity.
 */
import { describe, expect, it } from 'vitest';
import { type ChatEvidence, type SentMessage, verify, type View } from '../../../test/chaos/verify';

const sent: SentMessage[] = [
  { text: 'v0', side: 'visitor' },
  { text: 'a1', side: 'agent' },
  { text: 'v1', side: 'visitor' },
];
const transcript = [
  { seq: 1, text: 'v0' },
  { seq: 2, text: 'Alice joined' },
  { seq: 3, text: 'a1' },
  { seq: 4, text: 'v1' },
];
const view = (name: string, messages = transcript, status = 'closed'): View => ({ name, messages, status });

function chat(over: Partial<ChatEvidence> = {}): ChatEvidence {
  return {
    chatId: 'c1',
    sent,
    table: { status: 'closed', lastSeq: 4, agentId: 'u-alice' },
    views: [view('table'), view('visitor'), view('agent')],
    ...over,
  };
}

describe('the chaos verdict', () => {
  it('passes a chat every side holds whole, in order, closed', () => {
    // Act
    const verdict = verify([chat()], [{ agentId: 'u-alice', activeChats: 0, openChatItems: 0 }]);

    // Assert
    expect(verdict).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0, invalidStates: 0, problems: [] });
  });

  it('counts a message missing from a view as lost, once however many views miss it', () => {
    // Arrange
    const without = transcript.filter((m) => m.text !== 'a1');

    // Act
    const verdict = verify([chat({ views: [view('table'), view('visitor', without), view('agent', without)] })], []);

    // Assert
    expect(verdict.lost).toBe(1);
    expect(verdict.problems.join('\n')).toContain('lost "a1"');
  });

  it('counts a failed send as lost', () => {
    // Act
    const verdict = verify([chat({ sent: [...sent, { text: 'v2', side: 'visitor', failed: 'internal: boom' }] })], []);

    // Assert
    expect(verdict.lost).toBe(1);
    expect(verdict.problems.join('\n')).toContain('internal: boom');
  });

  it('counts a message stored under two seqs as duplicated', () => {
    // Arrange
    const twice = [...transcript, { seq: 5, text: 'v1' }];

    // Act
    const verdict = verify([chat({ table: { status: 'closed', lastSeq: 5, agentId: 'u-alice' }, views: [view('table', twice), view('visitor', twice), view('agent', twice)] })], []);

    // Assert
    expect(verdict.duplicated).toBe(1);
  });

  it('counts a seq gap, a sender whose messages were stored out of send order, and views that disagree', () => {
    // Arrange
    const gap = transcript.filter((m) => m.seq !== 2);
    const swapped = [transcript[0], transcript[1], { seq: 3, text: 'v1' }, { seq: 4, text: 'a1' }] as typeof transcript;
    const reordered: SentMessage[] = [{ text: 'v0', side: 'visitor' }, { text: 'v1', side: 'visitor' }, { text: 'a1', side: 'agent' }, { text: 'v2', side: 'visitor' }];
    const storedOutOfOrder = [
      { seq: 1, text: 'v0' },
      { seq: 2, text: 'v2' },
      { seq: 3, text: 'a1' },
      { seq: 4, text: 'v1' },
    ];

    // Act
    const withGap = verify([chat({ views: [view('table'), view('visitor', gap)] })], []);
    const disagreeing = verify([chat({ views: [view('table'), view('visitor', swapped)] })], []);
    const senderOrder = verify([chat({ sent: reordered, views: [view('table', storedOutOfOrder)] })], []);

    // Assert
    expect(withGap.outOfOrder).toBeGreaterThan(0);
    expect(disagreeing.outOfOrder).toBe(2);
    expect(senderOrder.outOfOrder).toBe(1);
  });

  it('counts a chat left open, a stale view, a lastSeq that does not match, a failed script and leaked capacity as invalid states', () => {
    // Act
    const open = verify([chat({ table: { status: 'assigned', lastSeq: 4, agentId: 'u-alice' }, views: [view('table', transcript, 'assigned')] })], []);
    const stale = verify([chat({ views: [view('table'), view('visitor', transcript, 'assigned')] })], []);
    const badSeq = verify([chat({ table: { status: 'closed', lastSeq: 5, agentId: 'u-alice' } })], []);
    const failed = verify([chat({ failure: 'visitor: timed out' })], []);
    const leaked = verify([], [{ agentId: 'u-bob', activeChats: 1, openChatItems: 1 }]);

    // Assert
    expect([open, stale, badSeq, failed, leaked].map((v) => v.invalidStates)).toEqual([1, 1, 1, 1, 1]);
  });
});

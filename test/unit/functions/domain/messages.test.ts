import { describe, expect, it } from 'vitest';
import { firstResponseMs, isFirstResponse, messageEventId, nextMessage } from '../../../../functions/domain/messages';

describe('nextMessage', () => {
  it.each([
    [0, 1],
    [1, 2],
    [41, 42],
  ])('after lastSeq %i the message gets seq %i', (lastSeq, seq) => {
    const message = nextMessage({ chatId: 'c1', lastSeq }, { clientMessageId: 'm', senderRole: 'visitor', senderId: 'v1', text: 'hi' }, 7);

    expect(message).toEqual({ chatId: 'c1', seq, clientMessageId: 'm', senderRole: 'visitor', senderId: 'v1', text: 'hi', createdAt: 7 });
  });
});

describe('isFirstResponse', () => {
  it.each([
    ['agent', undefined, true],
    ['agent', 1000, false],
    ['visitor', undefined, false],
    ['system', undefined, false],
  ] as const)('a %s message when firstResponseAt is %s → %s', (role, firstResponseAt, expected) => {
    expect(isFirstResponse(firstResponseAt === undefined ? {} : { firstResponseAt }, role)).toBe(expected);
  });
});

describe('firstResponseMs and event ids', () => {
  it('measures from the chat request to the reply', () => {
    expect(firstResponseMs({ createdAt: 1000 }, 4500)).toBe(3500);
  });

  it('names a message event by chat and seq, the same on every retry', () => {
    expect(messageEventId('c1', 3)).toBe('c1:msg:3');
  });
});

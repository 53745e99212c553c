import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { foldMetrics } from '../../../../functions/domain/metrics';

const base = { version: 1 as const, occurredAt: '2026-11-21T23:59:59.000Z' };

describe('foldMetrics', () => {
  it.each<[string, ParleyEvent, { scope: string; counters: Record<string, number> }[]]>([
    ['a request counts for everyone', { detailType: 'chat.requested', detail: { ...base, eventId: 'e', chatId: 'c', visitorId: 'v' } }, [{ scope: 'ALL', counters: { chatsRequested: 1 } }]],
    [
      'an assignment counts for everyone and the agent',
      { detailType: 'chat.assigned', detail: { ...base, eventId: 'e', chatId: 'c', visitorId: 'v', agentId: 'a1', waitMs: 5 } },
      [
        { scope: 'ALL', counters: { chatsAssigned: 1 } },
        { scope: 'AGENT#a1', counters: { chatsAssigned: 1 } },
      ],
    ],
    [
      'an agent’s first reply counts its response time',
      { detailType: 'message.created', detail: { ...base, eventId: 'e', chatId: 'c', seq: 3, senderRole: 'agent', senderId: 'a1', agentId: 'a1', firstResponseMs: 4200, length: 5 } },
      [
        { scope: 'ALL', counters: { messagesAgent: 1, firstResponseCount: 1, firstResponseMsSum: 4200 } },
        { scope: 'AGENT#a1', counters: { messagesAgent: 1, firstResponseCount: 1, firstResponseMsSum: 4200 } },
      ],
    ],
    ['a visitor message before assignment counts for everyone', { detailType: 'message.created', detail: { ...base, eventId: 'e', chatId: 'c', seq: 1, senderRole: 'visitor', senderId: 'v', length: 2 } }, [{ scope: 'ALL', counters: { messagesVisitor: 1 } }]],
    ['a system line counts for nothing', { detailType: 'message.created', detail: { ...base, eventId: 'e', chatId: 'c', seq: 2, senderRole: 'system', senderId: 'system', agentId: 'a1', length: 9 } }, []],
    [
      'a close counts for the agent who had it',
      { detailType: 'chat.closed', detail: { ...base, eventId: 'e', chatId: 'c', visitorId: 'v', agentId: 'a1', closedBy: 'agent', tags: [], durationMs: 1 } },
      [
        { scope: 'ALL', counters: { chatsClosed: 1 } },
        { scope: 'AGENT#a1', counters: { chatsClosed: 1 } },
      ],
    ],
  ])('%s', (_name, event, increments) => {
    expect(foldMetrics(event)).toEqual({ day: '2026-11-21', increments });
  });

  it('files an event under its UTC day whatever the offset it was written with', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (date) => {
        const event: ParleyEvent = { detailType: 'chat.requested', detail: { ...base, occurredAt: date.toISOString(), eventId: 'e', chatId: 'c', visitorId: 'v' } };
        expect(foldMetrics(event).day).toBe(date.toISOString().slice(0, 10));
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateWait, queueEntries } from '../../../../functions/domain/queue';

const online = (maxChats: number) => ({ status: 'online' as const, maxChats });

describe('estimated wait', () => {
  it.each([
    ['position × average handle ÷ online seats, rounded up', 3, 100, 6, 50],
    ['the first in line with one seat waits one handle time', 1, 240, 1, 240],
    ['unknown without handle times', 1, null, 3, null],
    ['unknown with nobody online', 2, 60, 0, null],
  ])('%s', (_name, position, average, seats, expected) => {
    expect(estimateWait(position, average, seats)).toBe(expected);
  });
});

describe('queueEntries', () => {
  it('numbers the queue from 1 in routing order (priority, then age) and counts only online seats', () => {
    const queue = [
      { chatId: 'old', department: 'support', createdAt: 1 },
      { chatId: 'urgent', department: 'support', createdAt: 5, priority: 2 },
    ];

    const entries = queueEntries(queue, [online(2), { status: 'away', maxChats: 5 }], [60_000, 120_000]);

    expect(entries).toEqual([
      { chatId: 'urgent', position: 1, estimatedWaitSeconds: 45 },
      { chatId: 'old', position: 2, estimatedWaitSeconds: 90 },
    ]);
  });

  it('gives every chat a distinct position 1..n and a wait that never shrinks further back', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ chatId: fc.uuid(), department: fc.constant('support'), createdAt: fc.nat(1000), priority: fc.option(fc.nat(3), { nil: undefined }) }), { selector: (c) => c.chatId, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 5 }).map(online), { maxLength: 5 }),
        fc.array(fc.integer({ min: 1000, max: 600_000 }), { maxLength: 10 }),
        (queue, agents, handleTimes) => {
          const entries = queueEntries(queue, agents, handleTimes);
          expect(entries.map((e) => e.position)).toEqual(queue.map((_c, i) => i + 1));
          for (let i = 1; i < entries.length; i++) expect(entries[i]!.estimatedWaitSeconds ?? 0).toBeGreaterThanOrEqual(entries[i - 1]!.estimatedWaitSeconds ?? 0);
        },
      ),
    );
  });
});

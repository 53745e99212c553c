/**
 * A short chaos run in every `npm test` (the long one is `npm run chaos`): visitors and staff
 * chat through the whole local runtime while invocations fail, events arrive twice and late,
 * PutEvents goes down, DynamoDB Local freezes, @connections answers 429 and 410, and sockets drop
 * (one at a time and all at once, a reconnect storm). Nothing may be lost, duplicated or reordered, every chat must end closed, and
 * no agent may ever hold more chats than allowed.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/run';

describe('chaos', () => {
  it('loses, duplicates and reorders nothing, and leaves every chat and agent valid, under failing functions, duplicate and late events, PutEvents outages, DynamoDB pauses, 429s, 410s and dropped sockets', async () => {
    // Act
    // Steady rates above the default so that a run this short meets every kind for certain.
    // Sockets drop (410s, random drops, a reconnect storm): a reconnecting console gets its
    // pending offers back from listChats, and an agent whose sockets are all gone for a moment
    // stays present for the reconnect grace, so a chat started in the storm queues, not offline.
    const report = await runChaos({
      chats: 16,
      durationMs: 12_000,
      seed: 7,
      messagesPerSide: 3,
      rates: { invocationFailureRate: 0.06, throttleRate: 0.1, duplicateDeliveryRate: 0.2, goneRate: 0.02 },
    });

    // Assert
    expect(report.problems).toEqual([]);
    expect(report.result).toMatchObject({ chats: 16, messages: 16 * 7, lost: 0, duplicated: 0, outOfOrder: 0, invalidStates: 0, overCapacity: 0 });
    const injected = report.result.faultsInjected;
    for (const kind of ['handlerFailedBefore', 'handlerFailedAfter', 'duplicateDeliveries', 'delayedDeliveries', 'publishingOutages', 'dynamoDbPauses', 'throttled429', 'gone410', 'socketsDropped']) {
      expect(injected[kind] ?? 0, kind).toBeGreaterThan(0);
    }
  }, 150_000);
});

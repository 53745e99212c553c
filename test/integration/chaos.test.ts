/**
 * A short chaos run in every `npm test` (the long one is `npm run chaos`): visitors and staff
 * chat through the whole local runtime while invocations fail, events arrive twice and late,
 * PutEvents goes down, DynamoDB Local freezes and @connections answers 429. Nothing may be lost, duplicated or reordered, every chat must end closed, and
 * no agent may ever hold more chats than allowed.
 */
import { describe, expect, it } from 'vitest';
import { runChaos } from '../chaos/run';

describe('chaos', () => {
  it('loses, duplicates and reorders nothing, and leaves every chat and agent valid, under failing functions, duplicate and late events, PutEvents outages, DynamoDB pauses and 429s', async () => {
    // Act
    // Steady rates above the default so that a run this short meets every kind for certain.
    // Socket drops are left to `npm run chaos`: a reconnecting console does get its pending offers
    // back now, but while a department's agents are all reconnecting (auto-away) a chat started
    // then is offline at once, which this run counts as a chat that never closed
    // (docs/reliability.md, open findings).
    const report = await runChaos({
      chats: 16,
      durationMs: 12_000,
      seed: 7,
      messagesPerSide: 3,
      rates: { invocationFailureRate: 0.06, throttleRate: 0.1, duplicateDeliveryRate: 0.2, goneRate: 0 },
      bursts: ['pause', 'outage'],
    });

    // Assert
    expect(report.problems).toEqual([]);
    expect(report.result).toMatchObject({ chats: 16, messages: 16 * 7, lost: 0, duplicated: 0, outOfOrder: 0, invalidStates: 0, overCapacity: 0 });
    const injected = report.result.faultsInjected;
    for (const kind of ['handlerFailedBefore', 'handlerFailedAfter', 'duplicateDeliveries', 'delayedDeliveries', 'publishingOutages', 'dynamoDbPauses', 'throttled429']) {
      expect(injected[kind] ?? 0, kind).toBeGreaterThan(0);
    }
  }, 150_000);
});

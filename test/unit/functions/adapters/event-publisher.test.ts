import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EventPublisher } from '../../../../functions/adapters/event-publisher';
import type { ParleyEvent } from '../../../../functions/contracts/events';

const client = new EventBridgeClient({ region: 'us-east-1' });
const bus = mockClient(client);
const delays: number[] = [];
const publisher = new EventPublisher(client, 'parley-bus', async (ms) => {
  delays.push(ms);
});

const event = (i: number): ParleyEvent => ({
  detailType: 'chat.requested',
  detail: { eventId: `c${i}:requested`, version: 1, occurredAt: '2026-11-21T10:00:00.000Z', chatId: `c${i}`, visitorId: 'v1' },
});

afterEach(() => {
  bus.reset();
  delays.length = 0;
});

describe('EventPublisher', () => {
  it('sends at most 10 entries per PutEvents call, on the bus, with source parley', async () => {
    bus.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));

    await publisher.publish(Array.from({ length: 23 }, (_, i) => event(i)));

    const calls = bus.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);
    expect(calls.map((entries) => entries.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.[0]).toEqual({ Source: 'parley', DetailType: 'chat.requested', Detail: JSON.stringify(event(0).detail), EventBusName: 'parley-bus' });
  });

  it('sends again only the entries that failed', async () => {
    bus
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'a' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'x' }] })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });

    await publisher.publish([event(1), event(2)]);

    const second = bus.commandCalls(PutEventsCommand)[1]?.args[0].input.Entries ?? [];
    expect(second.map((e) => JSON.parse(e.Detail ?? '{}').eventId)).toEqual(['c2:requested']);
    expect(delays).toEqual([100]);
  });

  it('fails after three attempts, naming the error codes', async () => {
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException' }] });

    await expect(publisher.publish([event(1)])).rejects.toThrow('ThrottlingException');
    expect(bus.commandCalls(PutEventsCommand)).toHaveLength(3);
  });
});

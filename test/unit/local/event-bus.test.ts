import { describe, expect, it } from 'vitest';
import type { FunctionSpec, SubscriptionSpec } from '../../../functions/manifest';
import { createEventBus, type EventBus, type EventEnvelope, type PutEventsEntry } from '../../../lib/local/event-bus';
import type { Invoker } from '../../../lib/local/functions';

const subscription = (name: string, detailTypes: string[]): SubscriptionSpec => ({
  name,
  handler: `${name}.ts`,
  access: [],
  pattern: { source: ['parley'], 'detail-type': detailTypes },
});

const entry = (detailType: string, detail: object = { eventId: 'e1' }): PutEventsEntry => ({
  Source: 'parley',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
  EventBusName: 'parley',
});

/** An invoker that records deliveries and fails the first `failures` calls per function. */
function recordingInvoker(failures = 0, onInvoke?: (spec: FunctionSpec, event: EventEnvelope) => void) {
  const calls: { name: string; event: EventEnvelope }[] = [];
  const attempts = new Map<string, number>();
  const invoker: Invoker = {
    async invoke(spec, event) {
      const attempt = (attempts.get(spec.name) ?? 0) + 1;
      attempts.set(spec.name, attempt);
      if (attempt <= failures) throw new Error(`attempt ${attempt} failed`);
      calls.push({ name: spec.name, event: event as EventEnvelope });
      onInvoke?.(spec, event as EventEnvelope);
      return undefined;
    },
  };
  return { invoker, calls };
}

describe('local event bus', () => {
  it('delivers an EventBridge envelope to every subscription whose pattern matches, and only those', async () => {
    // Arrange
    const { invoker, calls } = recordingInvoker();
    const bus = createEventBus({
      subscriptions: [subscription('routing', ['chat.requested']), subscription('metrics', ['chat.closed'])],
      invoker,
    });

    // Act
    const [result] = bus.publish([entry('chat.requested', { eventId: 'e1', chatId: 'c1' })]);
    await bus.idle();

    // Assert
    expect(calls.map((c) => c.name)).toEqual(['routing']);
    expect(calls[0]?.event).toEqual({
      version: '0',
      id: (result as { EventId: string }).EventId,
      'detail-type': 'chat.requested',
      source: 'parley',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [],
      detail: { eventId: 'e1', chatId: 'c1' },
    });
  });

  it('delivers asynchronously, never inside the publishing call', () => {
    // Arrange
    const { invoker, calls } = recordingInvoker();
    const bus = createEventBus({ subscriptions: [subscription('routing', ['chat.requested'])], invoker });

    // Act
    bus.publish([entry('chat.requested')]);

    // Assert
    expect(calls).toEqual([]);
    expect(bus.busy()).toBe(true);
  });

  it('retries a failing consumer with doubling delays until it succeeds', async () => {
    // Arrange
    const { invoker, calls } = recordingInvoker(2);
    const delays: number[] = [];
    const bus = createEventBus({
      subscriptions: [subscription('routing', ['chat.requested'])],
      invoker,
      retry: { attempts: 5, baseDelayMs: 100 },
      sleep: async (ms) => void delays.push(ms),
    });

    // Act
    bus.publish([entry('chat.requested')]);
    await bus.idle();

    // Assert
    expect(delays).toEqual([100, 200]);
    expect(calls).toHaveLength(1);
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters an event when every attempt fails', async () => {
    // Arrange
    const { invoker, calls } = recordingInvoker(99);
    const bus = createEventBus({
      subscriptions: [subscription('routing', ['chat.requested'])],
      invoker,
      retry: { attempts: 3, baseDelayMs: 1 },
      sleep: async () => undefined,
    });

    // Act
    bus.publish([entry('chat.requested')]);
    await bus.idle();

    // Assert
    expect(calls).toEqual([]);
    expect(bus.deadLetters).toEqual([
      expect.objectContaining({ subscription: 'routing', error: 'Error: attempt 3 failed' }),
    ]);
  });

  it.each<[string, PutEventsEntry, string]>([
    ['a missing source', { ...entry('x'), Source: undefined }, 'InvalidArgument'],
    ['a missing detail-type', { ...entry('x'), DetailType: '' }, 'InvalidArgument'],
    ['a detail that is not JSON', { ...entry('x'), Detail: '{nope' }, 'MalformedDetail'],
    ['a detail that is a JSON array', { ...entry('x'), Detail: '[1]' }, 'MalformedDetail'],
    ['an unknown bus', { ...entry('x'), EventBusName: 'elsewhere' }, 'InvalidArgument'],
  ])('fails only the entry with %s', (_case, bad, code) => {
    // Arrange
    const { invoker } = recordingInvoker();
    const bus = createEventBus({ subscriptions: [], invoker });

    // Act
    const results = bus.publish([entry('chat.requested'), bad]);

    // Assert
    expect(results[0]).toEqual({ EventId: expect.any(String) });
    expect(results[1]).toEqual({ ErrorCode: code, ErrorMessage: expect.any(String) });
  });

  it('accepts the bus by ARN', () => {
    // Arrange
    const { invoker } = recordingInvoker();
    const bus = createEventBus({ subscriptions: [], invoker });

    // Act
    const [result] = bus.publish([{ ...entry('x'), EventBusName: 'arn:aws:events:us-east-1:000000000000:event-bus/parley' }]);

    // Assert
    expect(result).toEqual({ EventId: expect.any(String) });
  });

  it('stays busy until events published by consumers are delivered too', async () => {
    // Arrange
    let bus: EventBus | undefined;
    const { invoker, calls } = recordingInvoker(0, (spec) => {
      if (spec.name === 'routing') bus?.publish([entry('chat.assigned')]);
    });
    bus = createEventBus({
      subscriptions: [subscription('routing', ['chat.requested']), subscription('metrics', ['chat.assigned'])],
      invoker,
    });

    // Act
    bus.publish([entry('chat.requested')]);
    await bus.idle();

    // Assert
    expect(calls.map((c) => c.name)).toEqual(['routing', 'metrics']);
    expect(bus.busy()).toBe(false);
  });
});

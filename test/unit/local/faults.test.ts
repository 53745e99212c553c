/**
 * The chaos harness's fault hooks: seeded and repeatable, counted, off unless asked for, and
 * each one shaped like the failure AWS would produce (a Lambda failing before or after its work,
 * an entry PutEvents refuses, a delivery made twice or late, a 410 that drops the socket).
 */
import { join } from 'node:path';
import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Manifest, SubscriptionSpec } from '../../../functions/manifest';
import { createEventBus, type PutEventsEntry } from '../../../lib/local/event-bus';
import { type DeliveryFaults, FaultInjector, faultyInvoker, InjectedFault, NO_FAULTS, type PostFault, seededRandom } from '../../../lib/local/faults';
import { createInvoker, type Invoker } from '../../../lib/local/functions';
import { listen } from '../../../lib/local/http-util';
import { createSocketGateway, type SocketGateway } from '../../../lib/local/socket-gateway';

const routing: SubscriptionSpec = { name: 'routing', handler: 'routing.ts', access: [], pattern: { source: ['parley'], 'detail-type': ['chat.requested'] } };
const entry: PutEventsEntry = { Source: 'parley', DetailType: 'chat.requested', Detail: '{"eventId":"e1"}', EventBusName: 'parley' };

function countingInvoker(): { invoker: Invoker; calls: string[] } {
  const calls: string[] = [];
  return { calls, invoker: { invoke: async (spec) => void calls.push(spec.name) } };
}

describe('seeded fault rolls', () => {
  it('repeat exactly for the same seed and differ for another', () => {
    // Arrange
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);

    // Act
    const rollsA = Array.from({ length: 5 }, a);
    const rollsB = Array.from({ length: 5 }, b);
    const rollsC = Array.from({ length: 5 }, c);

    // Assert
    expect(rollsA).toEqual(rollsB);
    expect(rollsA).not.toEqual(rollsC);
    expect(rollsA.every((r) => r >= 0 && r < 1)).toBe(true);
  });

  it('inject nothing and count nothing with no rates set', () => {
    // Arrange
    const faults = new FaultInjector({ seed: 7 });

    // Act
    const rolls = Array.from({ length: 200 }, () => [faults.copies(), faults.delayMs(), faults.postFault(), faults.invocationFault(), faults.refuseEntry()]);

    // Assert
    expect(new Set(rolls.map((r) => JSON.stringify(r)))).toEqual(new Set([JSON.stringify([1, 0, undefined, undefined, false])]));
    expect(faults.injected).toEqual({});
  });

  it('inject at about the asked rate and count each kind', () => {
    // Arrange
    const faults = new FaultInjector({ seed: 3, ...NO_FAULTS, duplicateDeliveryRate: 0.25, goneRate: 0.1 });

    // Act
    const duplicated = Array.from({ length: 2000 }, () => faults.copies()).filter((n) => n === 2).length;
    const gone = Array.from({ length: 2000 }, () => faults.postFault()).filter((f) => f === 'gone').length;

    // Assert
    expect(duplicated).toBeGreaterThan(400);
    expect(duplicated).toBeLessThan(600);
    expect(gone).toBeGreaterThan(140);
    expect(gone).toBeLessThan(260);
    expect(faults.injected).toEqual({ duplicateDeliveries: duplicated, gone410: gone });
  });

  it('can be turned off mid-run', () => {
    // Arrange
    const faults = new FaultInjector({ seed: 3, invocationFailureRate: 1 });

    // Act
    const before = faults.invocationFault();
    faults.configure(NO_FAULTS);
    const after = Array.from({ length: 50 }, () => faults.invocationFault());

    // Assert
    expect(before).toMatch(/^(before|after)$/);
    expect(after.every((f) => f === undefined)).toBe(true);
  });
});

describe('a faulty invoker', () => {
  it('fails some invocations before the handler runs and some after it did its work', async () => {
    // Arrange
    const { invoker, calls } = countingInvoker();
    const faults = new FaultInjector({ seed: 11, invocationFailureRate: 1 });
    const faulty = faultyInvoker(invoker, faults);

    // Act
    const outcomes = await Promise.all(Array.from({ length: 40 }, () => faulty.invoke(routing, {}).then(() => 'ok', (e: unknown) => e)));

    // Assert
    expect(outcomes.every((o) => o instanceof InjectedFault)).toBe(true);
    expect(calls.length).toBe(faults.injected.handlerFailedAfter);
    expect(faults.injected.handlerFailedBefore).toBe(40 - calls.length);
    expect(calls.length).toBeGreaterThan(5);
    expect(calls.length).toBeLessThan(35);
  });
});

describe('the local event bus under faults', () => {
  const hooks = (over: Partial<DeliveryFaults>): DeliveryFaults => ({ refuseEntry: () => false, copies: () => 1, delayMs: () => 0, ...over });

  it('delivers an event twice when a duplicate is injected, with the same envelope id', async () => {
    // Arrange
    const seen: string[] = [];
    const bus = createEventBus({ subscriptions: [routing], invoker: { invoke: async (_s, e) => void seen.push((e as { id: string }).id) }, faults: hooks({ copies: () => 2 }) });

    // Act
    const [result] = bus.publish([entry]);
    await bus.idle();

    // Assert
    expect(seen).toEqual([(result as { EventId: string }).EventId, (result as { EventId: string }).EventId]);
  });

  it('holds a delivery back for the injected delay, and idle() waits for it', async () => {
    // Arrange
    const { invoker, calls } = countingInvoker();
    const delays: number[] = [];
    const bus = createEventBus({ subscriptions: [routing], invoker, sleep: async (ms) => void delays.push(ms), faults: hooks({ delayMs: () => 250 }) });

    // Act
    bus.publish([entry]);
    await bus.idle();

    // Assert
    expect(delays).toEqual([250]);
    expect(calls).toEqual(['routing']);
  });

  it('refuses an entry with InternalFailure and delivers nothing for it', async () => {
    // Arrange
    const { invoker, calls } = countingInvoker();
    const bus = createEventBus({ subscriptions: [routing], invoker, faults: hooks({ refuseEntry: () => true }) });

    // Act
    const results = bus.publish([entry]);
    await bus.idle();

    // Assert
    expect(results).toEqual([{ ErrorCode: 'InternalFailure', ErrorMessage: expect.stringContaining('Injected') }]);
    expect(calls).toEqual([]);
  });

  it('refuses entries only during a publishing outage', () => {
    // Arrange
    const faults = new FaultInjector({ seed: 1 });

    // Act
    const before = faults.refuseEntry();
    faults.refusePublishingFor(60_000);
    const during = faults.refuseEntry();

    // Assert
    expect([before, during]).toEqual([false, true]);
    expect(faults.injected).toEqual({ publishingOutages: 1, putEventsRefused: 1 });
  });
});

describe('local @connections under faults', () => {
  const fn = (name: string) => ({ name, handler: `${name}.ts`, access: [] });
  const socket: Manifest['socket'] = { authorizer: fn('authorize'), routes: [{ route: '$connect', ...fn('connect') }, { route: '$disconnect', ...fn('disconnect') }] };
  let gateway: SocketGateway;
  let port: number;
  let next: PostFault;

  beforeAll(async () => {
    gateway = createSocketGateway({ socket, invoker: createInvoker(join(__dirname, 'fixtures/handlers')), postFault: () => next });
    port = await listen(gateway.server, 0);
  });

  afterAll(() => gateway.close());

  it('answers 410 GoneException and drops the socket, as when the gateway found it dead', async () => {
    // Arrange
    const ws = new WebSocket(`ws://127.0.0.1:${port}?token=good`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const [connectionId] = [...gateway.connections.keys()];
    const client = new ApiGatewayManagementApiClient({ endpoint: `http://127.0.0.1:${port}/local`, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    next = 'gone';

    // Act
    const error = await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(GoneException);
    expect(await closed).toBe(1006);
  });
});

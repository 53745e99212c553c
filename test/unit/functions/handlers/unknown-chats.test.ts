/**
 * Events and timers about a chat that does not exist (erased, or from another deployment's
 * table) are ignored with a log line naming the chat: the consumer succeeds, so EventBridge and
 * SQS do not retry it into a dead-letter queue (a crash loop), and nothing is written.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Timer } from '../../../../functions/contracts/timers';
import { createHandler as routingHandler } from '../../../../functions/handlers/events/routing';
import { createHandler as timersHandler } from '../../../../functions/handlers/timers/fire';
import { onlineAgent, T0, testDeps, type TestDeps } from '../fakes';
import { lambdaContext } from './context';

let deps: TestDeps;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  deps = testDeps();
  deps.store.agents.set('a1', onlineAgent({ departments: ['support', 'billing'] }));
  deps.clock.set(T0 + 600_000);
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => warn.mockRestore());

const base = { eventId: 'e1', version: 1, occurredAt: new Date(T0).toISOString(), chatId: 'ghost' };
const envelope = (detailType: string, detail: Record<string, unknown>) => ({
  version: '0',
  id: `id-${detailType}`,
  'detail-type': detailType,
  source: 'parley',
  account: '000000000000',
  time: new Date(T0).toISOString(),
  region: 'us-east-1',
  resources: [],
  detail: { ...base, ...detail },
});

const logged = (): string => warn.mock.calls.map((c: unknown[]) => String(c[0])).join('\n');

describe('routing: events about an unknown chat', () => {
  it.each([
    ['chat.requested', { visitorId: 'v1', department: 'support' }],
    ['chat.transferred', { visitorId: 'v1', fromAgentId: 'a1', toDepartment: 'billing', reason: 'billing question' }],
  ])('%s is ignored with a log line naming the chat, offering and writing nothing', async (type, detail) => {
    const result = await routingHandler(() => deps)(envelope(type, detail) as never, lambdaContext);

    expect(result).toEqual({ offered: 0 });
    expect(logged()).toMatch(/ghost.*ignored/);
    expect(deps.store.chats.size).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });

  it('chat.closed of an unknown chat only drains the queues it names (empty here), recording no handle time', async () => {
    const result = await routingHandler(() => deps)(envelope('chat.closed', { visitorId: 'v1', agentId: 'a1', department: 'support', closedBy: 'agent', durationMs: 1 }) as never, lambdaContext);

    expect(result).toEqual({ offered: 0 });
    expect(deps.store.handleTimes.size).toBe(0);
  });
});

describe('the timers function: timers of an unknown chat', () => {
  it.each<[string, Timer]>([
    ['an offer expiry', { kind: 'offer-expiry', chatId: 'ghost', attempt: 1 }],
    ['a queue limit', { kind: 'queue-limit', chatId: 'ghost' }],
    ['an SLA deadline', { kind: 'sla', chatId: 'ghost', department: 'support', target: 'firstResponse', targetSeconds: 60, startedAt: T0 }],
  ])('%s is acknowledged (not retried) with a log line naming the chat', async (_name, timer) => {
    const result = await timersHandler(() => deps)({ Records: [{ messageId: 'm1', body: JSON.stringify({ timer, dueAt: T0 + 60_000 }) }] } as never);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(logged()).toContain('ghost');
    expect(deps.publisher.events).toEqual([]);
    expect(deps.timers.scheduled).toEqual([]);
  });
});

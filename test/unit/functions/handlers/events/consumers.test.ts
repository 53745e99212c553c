import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandler as metricsHandler } from '../../../../../functions/handlers/events/metrics';
import { createHandler as routingHandler } from '../../../../../functions/handlers/events/routing';
import chatRequested from '../../fixtures/chat-requested.json';
import messageCreated from '../../fixtures/message-created.json';
import missingSeq from '../../fixtures/message-created-missing-seq.json';
import { onlineAgent, queuedChat, testDeps, type TestDeps } from '../../fakes';
import { lambdaContext } from '../context';

let deps: TestDeps;

beforeEach(() => {
  deps = testDeps();
});

describe('routing consumer', () => {
  it('offers the requested chat to an online agent', async () => {
    deps.store.chats.set('c1', queuedChat());
    deps.store.messages.set('c1', []);
    deps.store.agents.set('a1', onlineAgent());

    const result = await routingHandler(() => deps)(chatRequested, lambdaContext);

    expect(result).toEqual({ offered: 1 });
    expect(deps.store.chats.get('c1')?.offeredTo).toBe('a1');
  });
});

describe('metrics consumer', () => {
  it('counts a redelivered event once', async () => {
    const handler = metricsHandler(() => deps);

    await handler(messageCreated, lambdaContext);
    await handler(messageCreated, lambdaContext);

    // 9 s: the 10-second histogram bucket (h1), within the 60-second target.
    expect(deps.store.metrics.get('AGENT|2026-11-21|a1')).toEqual({ frtCount: 1, frtSumMs: 9000, 'frt.h1': 1, frtWithinTarget: 1 });
  });

  it('fails (so EventBridge retries, then dead-letters) on a malformed event, and logs it', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    await expect(metricsHandler(() => deps)(missingSeq, lambdaContext)).rejects.toThrow(/seq/);
    expect(log.mock.calls[0]?.[0]).toContain('7b8f9a0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c');
    log.mockRestore();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { createSession } from '../../../../functions/use-cases/create-session';
import { recordMetrics } from '../../../../functions/use-cases/record-metrics';
import type { VisitorTokens } from '../../../../functions/use-cases/ports';
import { T0, testDeps, type TestDeps } from '../fakes';

let deps: TestDeps;
const tokens: VisitorTokens = {
  sign: async (visitorId, expiresAt) => `token:${visitorId}:${expiresAt}`,
  verify: async (token) => (token.startsWith('token:') ? token.split(':')[1] : undefined),
};

beforeEach(() => {
  deps = testDeps();
});

describe('createSession', () => {
  it.each([
    ['a new visitor', {}, 'v_1'],
    ['a returning visitor with a valid token', { visitorId: 'v_old', previousToken: 'token:v_old:1' }, 'v_old'],
    ['a token that does not prove the claimed id', { visitorId: 'v_other', previousToken: 'token:v_old:1' }, 'v_1'],
    ['an invalid token', { visitorId: 'v_old', previousToken: 'forged' }, 'v_1'],
  ])('gives %s the id %s', async (_name, body, visitorId) => {
    const session = await createSession({ ...deps, tokens }, body);

    expect(session.visitorId).toBe(visitorId);
    expect(session.expiresAt).toBe(T0 + 30 * 24 * 3600 * 1000);
    expect(session.token).toBe(`token:${visitorId}:${session.expiresAt}`);
  });

  it('stores the name and email when given', async () => {
    await createSession({ ...deps, tokens }, { name: 'Mia', email: 'mia@example.com' });

    expect(deps.store.visitors.get('v_1')).toEqual({ name: 'Mia', email: 'mia@example.com' });
  });

  it('links the anonymous id a browser proves to the verified contact it logs in as, once per id', async () => {
    const identity = { userId: '42', signature: 'sig:42' };
    const body = { visitorId: 'v_anon', previousToken: 'token:v_anon:1', identity };

    const session = await createSession({ ...deps, tokens }, body);
    await createSession({ ...deps, tokens }, body);

    expect(session.visitorId).toBe('v_u_42');
    expect([...(deps.store.aliases.get('v_u_42') ?? [])]).toEqual(['v_anon']);
  });

  it.each([
    ['another verified user’s id', 'v_u_7', { userId: '7' }],
    ['a token that does not verify', 'v_anon', undefined],
  ])('never links %s', async (_name, previousId, profile) => {
    if (profile) deps.store.visitors.set(previousId, profile);
    const previousToken = profile ? `token:${previousId}:1` : 'forged';

    await createSession({ ...deps, tokens }, { visitorId: previousId, previousToken, identity: { userId: '42', signature: 'sig:42' } });

    expect(deps.store.aliases.size).toBe(0);
  });
});

describe('recordMetrics', () => {
  const assigned: ParleyEvent = {
    detailType: 'chat.assigned',
    detail: { eventId: 'c1:assigned', version: 1, occurredAt: '2026-11-21T10:00:00.000Z', chatId: 'c1', agentId: 'a1', visitorId: 'v1', waitMs: 10 },
  };

  it('counts a redelivered event once', async () => {
    const first = await recordMetrics(deps, assigned);
    const again = await recordMetrics(deps, assigned);

    expect([first, again]).toEqual(['applied', 'duplicate']);
    // waited 10 ms: the first wait bucket (≤ 5 s)
    const counted = { assigned: 1, waitSumMs: 10, 'wait.h0': 1 };
    expect(deps.store.metrics.get('ALL|2026-11-21T10|*')).toEqual(counted);
    expect(deps.store.metrics.get('AGENT|2026-11-21|a1')).toEqual(counted);
    expect(deps.store.metrics.get('LIVE|now|*')).toEqual({ queued: -1, active: 1 });
  });

  it('ignores events that count for nothing', async () => {
    const result = await recordMetrics(deps, {
      detailType: 'message.created',
      detail: { eventId: 'x', version: 1, occurredAt: '2026-11-21T10:00:00.000Z', chatId: 'c1', seq: 2, senderRole: 'visitor', senderId: 'v1', length: 3 },
    });

    expect(result).toBe('ignored');
    expect(deps.store.processed.size).toBe(0);
  });
});

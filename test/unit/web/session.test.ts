import { describe, expect, it } from 'vitest';
import { createStore } from '../../../web/shared/storage';
import { ensureSession, rememberIdentity } from '../../../web/widget/session';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 1_800_000_000_000;

function memoryStore() {
  return createStore((): Storage => {
    throw new Error('no storage in this test');
  });
}

function sessionsApi(visitorId = 'v-new') {
  const bodies: unknown[] = [];
  const fn = async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ visitorId, token: 'fresh', expiresAt: NOW + 30 * DAY }), { status: 200 });
  };
  return { fn: fn as typeof fetch, bodies };
}

describe('visitor session', () => {
  it('creates a session once and reuses it while it is far from expiry', async () => {
    const store = memoryStore();
    const api = sessionsApi();

    const first = await ensureSession({ httpUrl: 'http://127.0.0.1:4001/', now: NOW }, store, api.fn);
    const again = await ensureSession({ httpUrl: 'http://127.0.0.1:4001/', now: NOW + DAY }, store, api.fn);

    expect([first.token, again.token, api.bodies]).toEqual(['fresh', 'fresh', [{}]]);
  });

  it('renews a token near expiry, proving the old visitor id with it', async () => {
    const store = memoryStore();
    store.set('parley.visitor', { visitorId: 'v-old', token: 'old', expiresAt: NOW + DAY / 2 });
    const api = sessionsApi('v-old');

    const renewed = await ensureSession({ httpUrl: 'http://127.0.0.1:4001', now: NOW }, store, api.fn);

    expect(api.bodies).toEqual([{ visitorId: 'v-old', previousToken: 'old' }]);
    expect(renewed).toMatchObject({ visitorId: 'v-old', token: 'fresh' });
  });

  it('renews a valid-looking token when asked to, because the socket keeps refusing it', async () => {
    const store = memoryStore();
    store.set('parley.visitor', { visitorId: 'v-old', token: 'refused', expiresAt: NOW + 20 * DAY });
    const api = sessionsApi('v-old');

    const renewed = await ensureSession({ httpUrl: 'http://127.0.0.1:4001', now: NOW, renew: true }, store, api.fn);

    expect([renewed.token, api.bodies]).toEqual(['fresh', [{ visitorId: 'v-old', previousToken: 'refused' }]]);
  });
});

describe('visitor session with a site identity (Parley.identify)', () => {
  const identity = { userId: 'u-42', name: 'Mia', signature: 'ab'.repeat(32) };

  it('sends the identity with the anonymous session as proof (to link it), and does not reuse that session', async () => {
    const store = memoryStore();
    store.set('parley.visitor', { visitorId: 'v-anon', token: 'anon', expiresAt: NOW + 30 * DAY });
    const api = sessionsApi('v_u42');

    expect(rememberIdentity(store, identity)).toBe(true);
    const session = await ensureSession({ httpUrl: 'http://127.0.0.1:4001', now: NOW }, store, api.fn);
    const again = await ensureSession({ httpUrl: 'http://127.0.0.1:4001', now: NOW + DAY }, store, api.fn);

    expect(api.bodies).toEqual([{ visitorId: 'v-anon', previousToken: 'anon', identity }]);
    expect([session.visitorId, again.visitorId]).toEqual(['v_u42', 'v_u42']);
    expect(rememberIdentity(store, identity)).toBe(false);
  });

  it('asks again as the user when the site identified them while the first (anonymous) request was on its way', async () => {
    const store = memoryStore();
    const bodies: unknown[] = [];
    const fn = (async (_url: string | URL | Request, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)));
      // Parley.identify lands in the frame while the first request is answered.
      if (bodies.length === 1) rememberIdentity(store, identity);
      const visitorId = bodies.length === 1 ? 'v-anon' : 'v_u42';
      return new Response(JSON.stringify({ visitorId, token: `t-${visitorId}`, expiresAt: NOW + 30 * DAY }), { status: 200 });
    }) as typeof fetch;

    const session = await ensureSession({ httpUrl: 'http://127.0.0.1:4001', now: NOW }, store, fn);

    expect(bodies).toEqual([{}, { visitorId: 'v-anon', previousToken: 't-v-anon', identity }]);
    expect(session.visitorId).toBe('v_u42');
  });

  it('never sends another user’s session along with a new identity', async () => {
    const store = memoryStore();
    store.set('parley.visitor', { visitorId: 'v_u7', token: 'seven', expiresAt: NOW + 30 * DAY, userId: 'u-7' });
    const api = sessionsApi('v_u42');

    expect(rememberIdentity(store, identity)).toBe(true);
    await ensureSession({ httpUrl: 'http://127.0.0.1:4001', now: NOW }, store, api.fn);

    expect(api.bodies).toEqual([{ identity }]);
  });
});

import { describe, expect, it } from 'vitest';
import { refreshSession, savedSession, saveSession, sessionFromToken, signIn, SignInUnreachableError } from '../../../web/console/auth';
import { createStore } from '../../../web/shared/storage';
import type { RuntimeConfig } from '../../../web/sdk/types';

const config: RuntimeConfig = {
  websocketUrl: 'ws://127.0.0.1:4002',
  httpUrl: 'http://127.0.0.1:4001',
  identity: { endpoint: 'http://127.0.0.1:4003/', clientId: 'client-1' },
  branding: { name: 'Parley', color: '#4f46e5' },
  departments: [],
  firstResponseTargetSeconds: 60,
  widget: { preChat: { name: 'optional', email: 'optional', department: 'optional', question: 'required' }, rating: true, surveys: { csat: false, nps: false, ces: false } },
};

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: object) => `${b64url({ alg: 'RS256' })}.${b64url(claims)}.sig`;

function fakeFetch(status: number, body: object) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fn = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status });
  };
  return { fn: fn as typeof fetch, calls };
}

describe('console sign-in', () => {
  it('calls InitiateAuth with USER_PASSWORD_AUTH and reads the ID token claims', async () => {
    const idToken = token({ sub: 'u-alice', name: 'Alice', email: 'alice@demo.parley', 'custom:maxChats': '4', exp: 2_000_000_000 });
    const { fn, calls } = fakeFetch(200, { AuthenticationResult: { IdToken: idToken } });

    const session = await signIn(config, 'alice@demo.parley', 'pw', fn);

    expect(session).toEqual({ idToken, userId: 'u-alice', name: 'Alice', email: 'alice@demo.parley', maxChats: 4, expiresAt: 2_000_000_000_000, refreshToken: undefined });
    expect(calls[0]?.init.headers).toMatchObject({ 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth', 'content-type': 'application/x-amz-json-1.1' });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'client-1', AuthParameters: { USERNAME: 'alice@demo.parley', PASSWORD: 'pw' } });
  });

  it.each([
    { type: 'NotAuthorizedException', says: /do not match/ },
    { type: 'com.amazonaws#UserNotFoundException', says: /do not match/ },
    { type: 'TooManyRequestsException', says: /Too many attempts/ },
    { type: 'InternalErrorException', says: /not available right now/ },
  ])('explains a $type politely', async ({ type, says }) => {
    const { fn } = fakeFetch(400, { __type: type, message: 'raw' });

    await expect(signIn(config, 'a', 'b', fn)).rejects.toThrow(says);
  });

  it('decodes non-ASCII names from the token', () => {
    expect(sessionFromToken(token({ sub: 'u1', name: 'Åsa Öberg', exp: 1 })).name).toBe('Åsa Öberg');
  });

  it('renews the ID token with REFRESH_TOKEN_AUTH and keeps the refresh token Cognito does not resend', async () => {
    const idToken = token({ sub: 'u-alice', name: 'Alice', exp: 2_000_003_600 });
    const { fn, calls } = fakeFetch(200, { AuthenticationResult: { IdToken: idToken } });
    const old = { ...sessionFromToken(token({ sub: 'u-alice', exp: 1 })), refreshToken: 'rt-1' };

    const renewed = await refreshSession(config, old, fn);

    expect(JSON.parse(String(calls[0]?.init.body))).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'rt-1' } });
    expect(renewed).toMatchObject({ idToken, refreshToken: 'rt-1', expiresAt: 2_000_003_600_000 });
  });

  it('tells an unreachable service apart from a refusal, so only a refusal signs the agent out', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;

    await expect(signIn(config, 'a', 'b', offline)).rejects.toBeInstanceOf(SignInUnreachableError);
    await expect(signIn(config, 'a', 'b', fakeFetch(400, { __type: 'NotAuthorizedException' }).fn)).rejects.not.toBeInstanceOf(SignInUnreachableError);
  });

  it.each([
    { case: 'a valid token', expiresAt: 2_000, refreshToken: undefined, kept: true },
    { case: 'an expired token with a refresh token', expiresAt: 500, refreshToken: 'rt', kept: true },
    { case: 'an expired token and no way to renew it', expiresAt: 500, refreshToken: undefined, kept: false },
  ])('after a reload, keeps the agent signed in with $case: $kept', ({ expiresAt, refreshToken, kept }) => {
    const store = createStore((): Storage => {
      throw new Error('memory only');
    });
    saveSession(store, { idToken: 't', userId: 'u', name: 'A', email: '', expiresAt, refreshToken });

    expect(savedSession(store, 1_000) !== undefined).toBe(kept);
  });
});

import { describe, expect, it } from 'vitest';
import { sessionFromToken, signIn } from '../../../web/console/auth';
import type { RuntimeConfig } from '../../../web/sdk/types';

const config: RuntimeConfig = {
  websocketUrl: 'ws://127.0.0.1:4002',
  httpUrl: 'http://127.0.0.1:4001',
  identity: { endpoint: 'http://127.0.0.1:4003/', clientId: 'client-1' },
  branding: { name: 'Parley', color: '#4f46e5' },
  departments: [],
  firstResponseTargetSeconds: 60,
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

    expect(session).toEqual({ idToken, userId: 'u-alice', name: 'Alice', email: 'alice@demo.parley', maxChats: 4, expiresAt: 2_000_000_000_000 });
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
});

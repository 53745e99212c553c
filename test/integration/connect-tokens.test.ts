/**
 * Tokens at `$connect`, signed with the runtime's real keys (kept in its data folder, as
 * `npm start --data-dir` keeps them): an agent ID token that expired, was tampered with, was
 * issued for another app client or by another issuer, was signed with a key the IdP does not
 * publish, or is an access token, and a visitor token that expired or was signed with another
 * key, are all refused with HTTP 401 before the socket opens — and the same tokens get 401 from a bearer HTTP route. A good token of each kind opens.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HmacVisitorTokens } from '../../functions/adapters/visitor-tokens';
import { openSocket, useRuntime, visitorSession, WAIT_MS } from './harness';

const dataDir = await mkdtemp(join(tmpdir(), 'parley-tokens-'));
const local = useRuntime({ dataDir });
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const NOW_S = () => Math.floor(Date.now() / 1000);
let agentToken: (claims?: Record<string, unknown>, options?: { audience?: string; issuer?: string; expiresAt?: number }) => Promise<string>;
let visitorToken: (visitorId: string, expiresAt: number, key?: string) => Promise<string>;

beforeAll(async () => {
  const jwk = JSON.parse(await readFile(join(dataDir, 'identity-key.json'), 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, 'RS256');
  const issuer = `${local.runtime.urls.aws}/idp`;
  // The ID token the local IdP issues to Ada (admin), with one thing changed per case.
  agentToken = (claims = {}, options = {}) =>
    new SignJWT({ token_use: 'id', email: 'ada@demo.parley', name: 'Ada', 'cognito:groups': ['admin'], 'custom:departments': 'support', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? 'parley-local-console')
      .setSubject('u-ada')
      .setIssuedAt(NOW_S() - 7200)
      .setExpirationTime(options.expiresAt ?? NOW_S() + 600)
      .sign(key);
  const secret = (await readFile(join(dataDir, 'visitor-secret.txt'), 'utf8')).trim();
  visitorToken = (visitorId, expiresAt, other) => new HmacVisitorTokens(async () => new TextEncoder().encode(other ?? secret)).sign(visitorId, expiresAt);
});

const bearerStatus = async (token: string) =>
  (await fetch(`${local.runtime.urls.http}/contacts?visitorId=v_x`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(WAIT_MS) })).status;

describe('tokens at $connect', () => {
  it('opens a socket for a good agent token and a good visitor token made the same way (the cases below differ in one thing)', async () => {
    const session = await visitorSession(local.runtime);
    const sockets = await Promise.all([openSocket(local.runtime, await agentToken()), openSocket(local.runtime, await visitorToken(session.visitorId, Date.now() + 60_000))]);

    expect(await bearerStatus(await agentToken())).toBe(200);
    for (const ws of sockets) ws.terminate();
  });

  it.each<[string, () => Promise<string>]>([
    ['an agent token that expired a minute ago', () => agentToken({}, { expiresAt: NOW_S() - 60 })],
    ['an agent token for another app client (wrong audience)', () => agentToken({}, { audience: 'someone-elses-client' })],
    ['an agent token from another issuer', () => agentToken({}, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' })],
    ['an agent access token instead of an ID token', () => agentToken({ token_use: 'access' })],
    ['an agent token whose claims were changed after signing', async () => {
      const [header, , signature] = (await agentToken()).split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'u-ada', 'cognito:groups': ['admin'], aud: 'parley-local-console', token_use: 'id', exp: NOW_S() + 600 })).toString('base64url');
      return `${header}.${forged}.${signature}`;
    }],
    ['an agent token signed with a key the IdP does not publish (unknown kid: the JWKS is fetched again, still refused)', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return new SignJWT({ token_use: 'id', 'cognito:groups': ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'k-not-published' }).setIssuer(`${local.runtime.urls.aws}/idp`).setAudience('parley-local-console').setSubject('u-ada').setExpirationTime('10m').sign(privateKey);
    }],
    ['a visitor token that expired a minute ago', async () => visitorToken((await visitorSession(local.runtime)).visitorId, Date.now() - 60_000)],
    ['a visitor token signed with another key', async () => visitorToken((await visitorSession(local.runtime)).visitorId, Date.now() + 60_000, 'not-the-deployment-secret')],
  ])('refuses %s with HTTP 401, on the socket and on a bearer HTTP route', async (_case, make) => {
    // Arrange
    const token = await make();

    // Act
    const opening = openSocket(local.runtime, token);

    // Assert
    await expect(opening).rejects.toThrow('HTTP 401');
    expect(await bearerStatus(token)).toBe(401);
  });
});

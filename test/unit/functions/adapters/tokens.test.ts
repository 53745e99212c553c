import { NonRetryableFetchError } from 'aws-jwt-verify/error';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentTokens } from '../../../../functions/adapters/agent-tokens';
import { HmacVisitorTokens } from '../../../../functions/adapters/visitor-tokens';

const secret = new TextEncoder().encode('visitor-secret-for-tests');
const visitorTokens = new HmacVisitorTokens(async () => secret);
const ISSUER = 'http://127.0.0.1:4003/idp';

describe('HmacVisitorTokens', () => {
  it('verifies the visitorId of a token it signed', async () => {
    const token = await visitorTokens.sign('v_1', Date.now() + 60_000);

    expect(await visitorTokens.verify(token)).toBe('v_1');
  });

  it.each([
    ['expired', () => visitorTokens.sign('v_1', Date.now() - 60_000)],
    ['signed with another secret', () => new HmacVisitorTokens(async () => new TextEncoder().encode('other')).sign('v_1', Date.now() + 60_000)],
    ['not a visitor token', () => new SignJWT({ typ: 'agent' }).setProtectedHeader({ alg: 'HS256' }).setSubject('v_1').setExpirationTime('1h').sign(secret)],
    ['garbage', async () => 'not-a-jwt'],
    ['an RS256 token (an agent’s ID token)', async () => new SignJWT({ typ: 'visitor' }).setProtectedHeader({ alg: 'RS256' }).setSubject('v_1').setExpirationTime('1h').sign((await generateKeyPair('RS256')).privateKey)],
    ['an unsigned token (alg none)', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"v_1","typ":"visitor","exp":9999999999}').toString('base64url')}.`],
  ])('proves nothing when %s', async (_name, make) => {
    expect(await visitorTokens.verify(await make())).toBeUndefined();
  });
});

describe('AgentTokens (aws-jwt-verify against the issuer’s JWKS)', () => {
  let sign: (claims: Record<string, unknown>, options?: { audience?: string; issuer?: string; expires?: string | number; kid?: string; key?: CryptoKey }) => Promise<string>;
  let jwks: Jwks;
  let fetched: string[];
  let agentTokens: AgentTokens;
  const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] } as unknown as Jwks;
    sign = (claims, options = {}) =>
      new SignJWT({ token_use: 'id', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'k1' })
        .setIssuer(options.issuer ?? ISSUER)
        .setAudience(options.audience ?? 'console')
        .setSubject('u-alice')
        .setExpirationTime(options.expires ?? '1h')
        .sign(options.key ?? privateKey);
  });

  beforeEach(() => {
    fetched = [];
    // The JWKS is served by a fetcher the test controls: it records each URI asked for.
    const fetcher = { fetch: async (uri: string) => (fetched.push(uri), new TextEncoder().encode(JSON.stringify(jwks)).buffer as ArrayBuffer) };
    agentTokens = new AgentTokens({ issuer: ISSUER, audience: 'console' }, { fetcher });
  });

  it('reads the caller from the ID token’s claims', async () => {
    const token = await sign({ name: 'Alice', 'cognito:groups': ['agent', 'supervisor'], 'custom:departments': 'support,billing', 'custom:maxChats': '5' });

    expect(await agentTokens.verify(token)).toEqual({
      caller: { principalId: 'u-alice', userId: 'u-alice', role: 'supervisor', name: 'Alice', departments: 'support,billing' },
      maxChats: 5,
    });
  });

  it('fetches the JWKS from <issuer>/.well-known/jwks.json once and keeps it', async () => {
    for (let i = 0; i < 3; i++) await agentTokens.verify(await sign({}));

    expect(fetched).toEqual([JWKS_URI]);
  });

  it('starts from a JWKS it is given without fetching', async () => {
    const preloaded = new AgentTokens({ issuer: ISSUER, audience: 'console' }, { jwks, fetcher: { fetch: async () => { throw new Error('no fetch expected'); } } });

    expect((await preloaded.verify(await sign({}))).caller.userId).toBe('u-alice');
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['for another audience', () => sign({}, { audience: 'someone-else' }), /Audience not allowed/],
    ['from another issuer', () => sign({}, { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' }), /Issuer not allowed/],
    ['that expired a minute ago', () => sign({}, { expires: Math.floor(Date.now() / 1000) - 60 }), /expired/],
    ['that is an access token', () => sign({ token_use: 'access' }), /not an agent ID token/],
    ['without token_use', () => sign({ token_use: undefined }), /not an agent ID token/],
    ['whose claims were changed after signing', async () => {
      const [header, , signature] = (await sign({})).split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'u-alice', 'cognito:groups': ['admin'], aud: 'console', iss: ISSUER, token_use: 'id', exp: 9_999_999_999 })).toString('base64url');
      return `${header}.${forged}.${signature}`;
    }, /Invalid signature/],
    ['signed with another key under the same kid', async () => sign({}, { key: (await generateKeyPair('RS256')).privateKey }), /Invalid signature/],
    ['signed with a key the JWKS does not hold', async () => sign({}, { kid: 'k-unknown', key: (await generateKeyPair('RS256')).privateKey }), /not found in the JWKS/],
    ['signed with HS256 (the public key as a secret)', async () => new SignJWT({ token_use: 'id' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(ISSUER).setAudience('console').setSubject('u-alice').setExpirationTime('1h').sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0]))), /algorithm not allowed: HS256/],
    ['unsigned (alg none)', async () => `${Buffer.from('{"alg":"none","kid":"k1"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u-alice', iss: ISSUER, aud: 'console', token_use: 'id', exp: 9_999_999_999 })).toString('base64url')}.`, /3 parts/],
    ['garbage', async () => 'not-a-jwt', /3 parts/],
  ])('refuses a token %s', async (_name, make, reason) => {
    await expect(agentTokens.verify(await make())).rejects.toThrow(reason);
  });

  it('refuses every token when the JWKS cannot be fetched', async () => {
    const broken = new AgentTokens({ issuer: ISSUER, audience: 'console' }, { fetcher: { fetch: async (uri) => { throw new NonRetryableFetchError(uri, 'Status code is 503, expected 200'); } } });

    await expect(broken.verify(await sign({}))).rejects.toThrow('503');
  });
});

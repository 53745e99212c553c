import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
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

describe('AgentTokens', () => {
  let sign: (claims: Record<string, unknown>, audience?: string) => Promise<string>;
  let agentTokens: AgentTokens;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    agentTokens = new AgentTokens({ issuer: ISSUER, audience: 'console' }, jwks);
    sign = (claims, audience = 'console') =>
      new SignJWT({ token_use: 'id', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(audience).setSubject('u-alice').setExpirationTime('1h').sign(privateKey);
  });

  it('reads the caller from the ID token’s claims', async () => {
    const token = await sign({ name: 'Alice', 'cognito:groups': ['agent', 'supervisor'], 'custom:departments': 'support,billing', 'custom:maxChats': '5' });

    expect(await agentTokens.verify(token)).toEqual({
      caller: { principalId: 'u-alice', userId: 'u-alice', role: 'supervisor', name: 'Alice', departments: 'support,billing' },
      maxChats: 5,
    });
  });

  it.each([
    ['for another audience', () => sign({}, 'someone-else')],
    ['that is an access token', () => sign({ token_use: 'access' })],
  ])('refuses a token %s', async (_name, make) => {
    await expect(agentTokens.verify(await make())).rejects.toThrow();
  });
});

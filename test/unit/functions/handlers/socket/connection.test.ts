import { SignJWT } from 'jose';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HmacVisitorTokens } from '../../../../../functions/adapters/visitor-tokens';
import { createHandler as authorizeHandler } from '../../../../../functions/handlers/socket/authorize';
import { createHandler as connectHandler } from '../../../../../functions/handlers/socket/connect';
import { createHandler as disconnectHandler } from '../../../../../functions/handlers/socket/disconnect';
import { agent, onlineAgent, testDeps, type TestDeps } from '../../fakes';
import { lambdaContext, socketEvent } from '../context';

const methodArn = 'arn:aws:execute-api:us-east-1:000000000000:api/live/$connect';
const secret = new TextEncoder().encode('test-secret');
const visitorTokens = new HmacVisitorTokens(async () => secret);
const agentTokens = { verify: vi.fn(async (_token: string) => ({ caller: agent(), maxChats: 4 })) };
const authorize = authorizeHandler(() => ({ visitorTokens, agentTokens }));
const authEvent = (token?: string) => ({ methodArn, queryStringParameters: token === undefined ? {} : { token } });

describe('$connect authorizer', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  it('allows a visitor with a valid token and passes the caller as context', async () => {
    const token = await visitorTokens.sign('v_1', Date.now() + 60_000);

    const policy = await authorize(authEvent(token), lambdaContext);

    expect(policy).toEqual({
      principalId: 'v_1',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: methodArn }] },
      context: { principalId: 'v_1', userId: 'v_1', role: 'visitor', name: '', departments: '' },
    });
  });

  it('hands RS256 tokens to the agent verifier and passes the capacity claim on', async () => {
    const token = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k' })).toString('base64url')}.e30.sig`;

    const policy = await authorize(authEvent(token), lambdaContext);

    expect(agentTokens.verify).toHaveBeenCalledWith(token);
    expect(policy).toMatchObject({ principalId: 'a1', context: { role: 'agent', maxChats: 4 } });
  });

  it.each([
    ['no token', undefined],
    ['a malformed token', 'abc'],
    ['a visitor token signed with another secret', 'other'],
  ])('throws Unauthorized for %s', async (_name, token) => {
    const value = token === 'other' ? await new SignJWT({ typ: 'visitor' }).setProtectedHeader({ alg: 'HS256' }).setSubject('v').setExpirationTime('1h').sign(new TextEncoder().encode('x')) : token;

    await expect(authorize(authEvent(value), lambdaContext)).rejects.toThrow(/^Unauthorized$/);
  });
});

describe('$connect and $disconnect', () => {
  let deps: TestDeps;

  beforeEach(() => {
    deps = testDeps();
  });

  it('stores the connection and an agent profile with the capacity from the authorizer context', async () => {
    const reply = await connectHandler(() => deps)({ requestContext: { connectionId: 'ca1', authorizer: { ...agent(), maxChats: 5 } } });

    expect(reply).toEqual({ statusCode: 200 });
    expect(deps.store.connections.get('ca1')).toMatchObject({ userId: 'a1', role: 'agent' });
    expect(deps.store.agents.get('a1')).toMatchObject({ maxChats: 5, status: 'offline' });
  });

  it('removes the connection and starts the reconnect grace when it was the agent’s last', async () => {
    deps.store.agents.set('a1', onlineAgent());
    deps.store.connections.set('ca1', { connectionId: 'ca1', userId: 'a1', role: 'agent', connectedAt: 0 });

    await disconnectHandler(() => deps)(socketEvent('', agent(), 'ca1'));

    expect(deps.store.connections.size).toBe(0);
    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online', disconnectedAt: deps.clock.now() });
    expect(deps.timers.of('presence-grace')).toHaveLength(1);
  });
});

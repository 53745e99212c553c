import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler as configHandler } from '../../../../../functions/handlers/http/config';
import { createHandler as sessionHandler } from '../../../../../functions/handlers/http/create-session';
import type { VisitorTokens } from '../../../../../functions/use-cases/ports';
import { T0, testDeps, type TestDeps, testEnv } from '../../fakes';
import { lambdaContext } from '../context';

const tokens: VisitorTokens = { sign: async (id) => `signed:${id}`, verify: async () => undefined };
let deps: TestDeps;

function post(body: string | undefined, isBase64Encoded = false): APIGatewayProxyEventV2 {
  return { version: '2.0', routeKey: 'POST /sessions', rawPath: '/sessions', rawQueryString: '', headers: {}, isBase64Encoded, ...(body === undefined ? {} : { body }) } as APIGatewayProxyEventV2;
}

beforeEach(() => {
  deps = testDeps();
});

describe('POST /sessions', () => {
  const handler = () => sessionHandler(() => ({ ...deps, tokens }));

  it('returns a signed token for a new visitor and stores their name', async () => {
    const reply = await handler()(post(JSON.stringify({ name: 'Mia' })), lambdaContext);

    expect(reply.statusCode).toBe(200);
    expect(JSON.parse(reply.body ?? '')).toEqual({ visitorId: 'v_1', token: 'signed:v_1', expiresAt: T0 + 30 * 86_400_000 });
    expect(deps.store.visitors.get('v_1')).toMatchObject({ name: 'Mia' });
  });

  it.each([
    ['an empty body', undefined],
    ['a base64 body', Buffer.from('{}').toString('base64')],
  ])('accepts %s', async (_name, body) => {
    const reply = await handler()(post(body, body !== undefined), lambdaContext);

    expect(reply.statusCode).toBe(200);
  });

  it.each([
    ['bad JSON', '{"name":', 'body'],
    ['a bad email', JSON.stringify({ email: 'not-an-email' }), 'email'],
    ['a name that is too long', JSON.stringify({ name: 'x'.repeat(200) }), 'name'],
  ])('answers %s with 400 naming the field', async (_name, body, field) => {
    const reply = await handler()(post(body), lambdaContext);

    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.body ?? '')).toMatchObject({ error: { code: 'bad_request', field } });
    expect(deps.store.visitors.size).toBe(0);
  });
});

describe('GET /config', () => {
  it('builds the runtime config from the environment', async () => {
    const env = testEnv({
      branding: { name: 'Acme', color: '#112233' },
      sla: { firstResponseSeconds: 30 },
      widget: { preChat: { email: 'required', department: 'off' } },
      surveys: { nps: true },
      attachments: { maxBytes: 5_000_000, allowedTypes: ['application/pdf'] },
    });

    const reply = await configHandler(() => env)(post(undefined), lambdaContext);

    expect(JSON.parse(reply.body ?? '')).toEqual({
      websocketUrl: 'ws://127.0.0.1:4002',
      httpUrl: 'http://127.0.0.1:4001',
      identity: { endpoint: 'http://127.0.0.1:4003/idp', clientId: 'console-client' },
      branding: { name: 'Acme', color: '#112233' },
      departments: [{ id: 'support', name: 'Support' }],
      firstResponseTargetSeconds: 30,
      widget: {
        preChat: { name: 'optional', email: 'required', department: 'off', question: 'required' },
        rating: true,
        surveys: { csat: false, nps: true, ces: false },
        attachments: { maxBytes: 5_000_000, allowedTypes: ['application/pdf'] },
      },
    });
  });
});

/**
 * Property: whatever body reaches an HTTP route, the real handler answers 200 or a 4xx with a
 * structured error (never a 500, never a throw); a refused body writes nothing; and POST
 * /sessions keeps a visitorId only when the previous token proves exactly that visitor.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HmacVisitorTokens } from '../../../functions/adapters/visitor-tokens';
import { createHandler as configHandler } from '../../../functions/handlers/http/config';
import { createHandler as sessionHandler } from '../../../functions/handlers/http/create-session';
import { createHandler as availabilityHandler } from '../../../functions/handlers/http/availability';
import { createHandler as ticketHandler } from '../../../functions/handlers/http/create-ticket';
import { manifest } from '../../../functions/manifest';
import { T0, testDeps, testEnv } from '../functions/fakes';
import { lambdaContext } from '../functions/handlers/context';
import { anyString, anyValue, ERROR_CODES, extraEntries, FUZZ_RUNS, FUZZ_TIMEOUT_MS, objectText, prototypeIsClean, stateOf } from './fuzz-support';

const tokens = new HmacVisitorTokens(async () => new TextEncoder().encode('fuzz-visitor-secret'));
const KNOWN = 'v_known';
let provingToken: string;
let agentLikeToken: string;

function event(method: 'GET' | 'POST', path: string, text: string | undefined, base64: boolean): APIGatewayProxyEventV2 {
  const body = text === undefined ? {} : { body: base64 ? Buffer.from(text).toString('base64') : text };
  return { version: '2.0', routeKey: `${method} ${path}`, rawPath: path, rawQueryString: '', headers: {}, isBase64Encoded: base64, ...body } as APIGatewayProxyEventV2;
}

/** Session bodies: right fields with random values (real, foreign and forged tokens among them), hostile keys, any JSON, raw text. */
function sessionBodies(): fc.Arbitrary<string | undefined> {
  const token = fc.oneof(fc.constant(provingToken), fc.constant(agentLikeToken), fc.constant(`${provingToken}x`), anyValue);
  const field = <T>(name: string, value: fc.Arbitrary<T>) => fc.option(fc.tuple(fc.constant(name), value), { nil: undefined, freq: 3 });
  const object = fc
    .tuple(
      field('visitorId', fc.oneof(fc.constant(KNOWN), anyValue)),
      field('previousToken', token),
      field('name', fc.oneof(fc.constant('Mia'), anyValue)),
      field('email', fc.oneof(fc.constant('mia@example.com'), anyValue)),
      extraEntries,
    )
    .map(([a, b, c, d, extra]) => objectText([...[a, b, c, d].filter((e) => e !== undefined), ...extra]));
  return fc.oneof(object, object, anyValue.map((v) => JSON.stringify(v) ?? 'null'), fc.string({ unit: 'binary' }), fc.constant(undefined));
}

/** The visitorId a body may keep: KNOWN only with its own token, and no other id named. */
function provenBy(text: string | undefined): string | undefined {
  try {
    const body = JSON.parse(text ?? '') as { previousToken?: unknown; visitorId?: unknown };
    return body.previousToken === provingToken && (body.visitorId === undefined || body.visitorId === KNOWN) ? KNOWN : undefined;
  } catch {
    return undefined;
  }
}

const log = vi.spyOn(console, 'error');
beforeAll(async () => {
  log.mockImplementation(() => undefined);
  provingToken = await tokens.sign(KNOWN, T0 + 86_400_000 * 365 * 100);
  const { privateKey } = await generateKeyPair('RS256');
  agentLikeToken = await new SignJWT({ typ: 'visitor', token_use: 'id' }).setProtectedHeader({ alg: 'RS256' }).setSubject(KNOWN).setExpirationTime('1h').sign(privateKey);
});
afterAll(() => log.mockRestore());

describe('fuzzing every HTTP route handler', () => {
  it('covers every HTTP route the manifest declares', () => {
    // Arrange
    const declared = manifest.http.map((r) => `${r.method} ${r.path}`);

    // Act
    // The metrics routes are fuzzed in metrics-http.test.ts, the admin privacy routes in privacy-http.test.ts.
    const fuzzed = ['POST /sessions', 'GET /config', 'GET /reports', 'POST /visits', 'POST /conversions', 'GET /availability', 'POST /tickets', 'GET /contacts', 'GET /contacts/export', 'POST /contacts/erase'];

    // Assert
    expect(fuzzed.sort()).toEqual(declared.sort());
  });

  it(
    'POST /sessions answers 200 or a structured 4xx, writes nothing when it refuses, and keeps an id only with its proof',
    async () => {
      await fc.assert(
        fc.asyncProperty(sessionBodies(), fc.boolean(), async (text, base64) => {
          // Arrange
          const deps = testDeps();
          const before = stateOf(deps);

          // Act
          const reply = await sessionHandler(() => ({ ...deps, tokens }))(event('POST', '/sessions', text, base64), lambdaContext);

          // Assert
          const body = JSON.parse(reply.body ?? '') as { visitorId?: string; error?: { code: string } };
          expect(prototypeIsClean()).toBe(true);
          if (reply.statusCode === 200) {
            expect(body.visitorId).toBe(provenBy(text) ?? 'v_1');
            return;
          }
          expect(reply.statusCode).toBeGreaterThanOrEqual(400);
          expect(reply.statusCode).toBeLessThan(500);
          expect(ERROR_CODES).toContain(body.error?.code);
          expect(stateOf(deps)).toEqual(before);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'GET /config answers the same public document whatever the request carries',
    async () => {
      // Arrange
      const env = testEnv();
      const handler = configHandler(() => env);
      const expected = (await handler(event('GET', '/config', undefined, false), lambdaContext)).body;

      await fc.assert(
        fc.asyncProperty(fc.option(anyString, { nil: undefined }), fc.boolean(), async (text, base64) => {
          // Act
          const reply = await handler(event('GET', '/config', text, base64), lambdaContext);

          // Assert
          expect(reply.statusCode).toBe(200);
          expect(reply.body).toBe(expected);
          expect(reply.body).not.toContain('visitor-secret-id');
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'POST /tickets and GET /availability answer 2xx only with a proving token and a valid body, otherwise a structured 4xx that writes nothing',
    async () => {
      const field = <T>(name: string, value: fc.Arbitrary<T>) => fc.option(fc.tuple(fc.constant(name), value), { nil: undefined, freq: 3 });
      const ticket = fc
        .tuple(
          field('email', fc.oneof(fc.constant('mia@example.com'), anyValue)),
          field('message', fc.oneof(fc.constant('Call me'), anyValue)),
          field('department', fc.oneof(fc.constant('support'), anyValue)),
          field('chatId', fc.oneof(fc.constant('c1'), anyValue)),
          extraEntries,
        )
        .map(([a, b, c, d, extra]) => objectText([...[a, b, c, d].filter((e) => e !== undefined), ...extra]));
      const authorization = fc.oneof(fc.constant(`Bearer ${provingToken}`), fc.constant(`Bearer ${provingToken}x`), fc.constant(`Bearer ${agentLikeToken}`), anyString);
      await fc.assert(
        fc.asyncProperty(fc.oneof(ticket, anyString), authorization, fc.boolean(), async (text, auth, base64) => {
          // Arrange
          const deps = { ...testDeps(), tokens, visitorTokens: tokens };
          const before = stateOf(deps);
          const withAuth = (e: APIGatewayProxyEventV2) => ({ ...e, headers: { authorization: auth } });

          // Act
          const created = await ticketHandler(() => deps as never)(withAuth(event('POST', '/tickets', text, base64)), lambdaContext);
          const open = await availabilityHandler(() => deps)(withAuth(event('GET', '/availability', undefined, false)), lambdaContext);

          // Assert
          expect(prototypeIsClean()).toBe(true);
          for (const reply of [created, open]) {
            if (reply.statusCode === 200 || reply.statusCode === 201) continue;
            expect(reply.statusCode).toBeGreaterThanOrEqual(400);
            expect(reply.statusCode).toBeLessThan(500);
            expect(ERROR_CODES).toContain((JSON.parse(reply.body ?? '') as { error?: { code: string } }).error?.code);
          }
          if (created.statusCode !== 201) expect(stateOf(deps)).toEqual(before);
          if (auth !== `Bearer ${provingToken}`) expect([created.statusCode, open.statusCode]).toEqual([401, 401]);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

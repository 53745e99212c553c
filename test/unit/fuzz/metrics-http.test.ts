/**
 * Property: whatever query or body reaches GET /reports, POST /visits or POST /conversions, with
 * whatever token, the real handler answers 2xx or a structured 4xx (never a 500, never a throw),
 * and a refused request publishes and writes nothing.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HmacVisitorTokens } from '../../../functions/adapters/visitor-tokens';
import { UnauthorizedError } from '../../../functions/domain/errors';
import { createHandler as conversionsHandler } from '../../../functions/handlers/http/conversions';
import { createHandler as reportsHandler } from '../../../functions/handlers/http/reports';
import { createHandler as visitsHandler } from '../../../functions/handlers/http/visits';
import { T0, testDeps } from '../functions/fakes';
import { lambdaContext } from '../functions/handlers/context';
import { anyString, anyValue, ERROR_CODES, extraEntries, FUZZ_RUNS, FUZZ_TIMEOUT_MS, objectText, prototypeIsClean, stateOf } from './fuzz-support';

const visitorTokens = new HmacVisitorTokens(async () => new TextEncoder().encode('fuzz-visitor-secret'));
const agentTokens = {
  verify: async (token: string) => {
    if (token !== 'supervisor-token') throw new UnauthorizedError('bad token');
    return { caller: { principalId: 's1', userId: 's1', role: 'supervisor' as const, name: 'Sam', departments: '' } };
  },
};
let visitorToken: string;

const authorization = () => fc.option(fc.oneof(fc.constant(`Bearer ${visitorToken}`), fc.constant('Bearer supervisor-token'), fc.constant('Bearer x.y.z'), anyString), { nil: undefined });

function event(method: 'GET' | 'POST', path: string, auth: string | undefined, body?: string, query?: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: auth === undefined ? {} : { authorization: auth },
    ...(query ? { queryStringParameters: query } : {}),
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body }),
  } as APIGatewayProxyEventV2;
}

const field = <T>(name: string, value: fc.Arbitrary<T>) => fc.option(fc.tuple(fc.constant(name), value), { nil: undefined, freq: 3 });
const queries = fc
  .tuple(
    field('report', fc.oneof(fc.constantFrom('summary', 'series', 'agents', 'tags', 'departments'), anyString)),
    field('from', fc.oneof(fc.constant('2026-11-20'), anyString)),
    field('to', fc.oneof(fc.constant('2026-11-21'), fc.constant('2031-01-01'), anyString)),
    field('grouping', fc.oneof(fc.constantFrom('hour', 'day', 'week'), anyString)),
    field('agent', anyString),
    field('format', fc.oneof(fc.constantFrom('json', 'csv'), anyString)),
  )
  .map((entries) => Object.fromEntries(entries.filter((e) => e !== undefined)) as Record<string, string>);
const bodies = (...fields: fc.Arbitrary<[string, unknown] | undefined>[]) =>
  fc.oneof(
    fc.tuple(fc.tuple(...fields), extraEntries).map(([known, extra]) => objectText([...known.filter((e) => e !== undefined), ...extra])),
    anyValue.map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ unit: 'binary' }),
  );

async function expectSafe(reply: { statusCode?: number; body?: string }, refusedChangesNothing: () => void): Promise<void> {
  expect(prototypeIsClean()).toBe(true);
  const status = reply.statusCode ?? 0;
  if (status >= 200 && status < 300) return;
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  expect(ERROR_CODES).toContain((JSON.parse(reply.body ?? '') as { error?: { code: string } }).error?.code);
  refusedChangesNothing();
}

const log = vi.spyOn(console, 'error');
beforeAll(async () => {
  log.mockImplementation(() => undefined);
  visitorToken = await visitorTokens.sign('v_fuzz', T0 + 86_400_000 * 365 * 100);
});
afterAll(() => log.mockRestore());

describe('fuzzing the metrics HTTP routes', () => {
  it(
    'GET /reports answers 200 or a structured 4xx for any query and token',
    async () => {
      await fc.assert(
        fc.asyncProperty(queries, authorization(), async (query, auth) => {
          const deps = { ...testDeps(), visitorTokens, agentTokens };
          const reply = await reportsHandler(() => deps)(event('GET', '/reports', auth, undefined, query), lambdaContext);
          await expectSafe(reply, () => undefined);
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it.each([
    ['POST /visits', visitsHandler, bodies(field('loadId', fc.oneof(fc.constant('load-12345678'), anyValue)), field('firstOfDay', fc.oneof(fc.boolean(), anyValue)))],
    [
      'POST /conversions',
      conversionsHandler,
      bodies(field('conversionId', fc.oneof(fc.constant('order-1'), anyValue)), field('value', fc.oneof(fc.constant(12.5), anyValue)), field('currency', fc.oneof(fc.constant('EUR'), anyValue))),
    ],
  ] as const)(
    '%s answers 2xx or a structured 4xx, and publishes and writes nothing when it refuses',
    async (_route, createHandler, body) => {
      await fc.assert(
        fc.asyncProperty(body, authorization(), async (text, auth) => {
          const deps = { ...testDeps(), visitorTokens, agentTokens };
          const before = stateOf(deps);
          const reply = await createHandler(() => deps)(event('POST', '/x', auth, text), lambdaContext);
          await expectSafe(reply, () => expect(stateOf(deps)).toEqual(before));
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

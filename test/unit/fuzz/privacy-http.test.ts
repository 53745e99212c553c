/**
 * Property: whatever query, body and credential reach the admin privacy routes (GET /contacts,
 * GET /contacts/export, POST /contacts/erase), the real handlers answer 200/202 only to an admin
 * with a valid request, and otherwise a structured 4xx (401 without a verified token, 403 for
 * anyone but an admin) that reads nothing personal and erases nothing.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErasureCounts, ErasureRecord } from '../../../functions/contracts/contacts';
import { createHandler as lookupHandler } from '../../../functions/handlers/http/contacts';
import { createHandler as eraseHandler } from '../../../functions/handlers/http/erase-contact';
import { createHandler as exportHandler } from '../../../functions/handlers/http/export-contact';
import type { Role } from '../../../functions/contracts/frames';
import type { ContactOverview, ContactStore } from '../../../functions/use-cases/ports';
import { T0 } from '../functions/fakes';
import { lambdaContext } from '../functions/handlers/context';
import { anyString, anyValue, ERROR_CODES, extraEntries, FUZZ_RUNS, FUZZ_TIMEOUT_MS, objectText, prototypeIsClean } from './fuzz-support';

const KNOWN = 'v_known';

/** One stored contact with one closed chat; every call that reads or erases is recorded. */
class FakeContacts implements ContactStore {
  readonly calls: string[] = [];
  private left = 2;
  private record: ErasureRecord | undefined;

  async findByEmail(email: string) {
    return email === 'mia@example.com' ? [KNOWN] : [];
  }
  async overview(visitorId: string): Promise<ContactOverview | undefined> {
    this.calls.push(`overview:${visitorId}`);
    return visitorId === KNOWN && this.left > 0 ? { visitorId, profile: { name: 'Mia' }, chats: [{ chatId: 'c1', status: 'closed', visitorId, department: 'support', lastSeq: 1, createdAt: T0 }], ticketIds: [] } : undefined;
  }
  async readContact(visitorId: string) {
    this.calls.push(`read:${visitorId}`);
    return { visitorId, emails: [], chats: [], tickets: [], blocks: [] };
  }
  async aliasesOf(visitorId: string) {
    this.calls.push(`aliases:${visitorId}`);
    return [];
  }
  async unlinkAlias(visitorId: string, aliasId: string) {
    this.calls.push(`unlink:${visitorId}:${aliasId}`);
  }
  async getErasure(visitorId: string) {
    return this.record?.visitorId === visitorId ? this.record : undefined;
  }
  async beginErasure(visitorId: string, requestedBy: string, now: number) {
    this.calls.push(`begin:${visitorId}`);
    this.record = { visitorId, status: 'running', requestedBy, requestedAt: now, updatedAt: now, deleted: {} };
    return this.record;
  }
  async eraseNext(visitorId: string): Promise<ErasureCounts | undefined> {
    this.calls.push(`erase:${visitorId}`);
    return this.left-- > 0 ? { chats: 1 } : undefined;
  }
  async recordErasure(visitorId: string, _counts: ErasureCounts, now: number, done: boolean) {
    this.record = { visitorId, status: done ? 'done' : 'running', requestedBy: 'u-admin', requestedAt: T0, updatedAt: now, deleted: {} };
    return this.record;
  }
}

const ROLES: Role[] = ['admin', 'supervisor', 'agent'];
const tokens: Partial<Record<Role, string>> = {};
let visitorToken: string;

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256');
  visitorToken = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('v_other').sign(new TextEncoder().encode('fuzz-visitor-secret'));
  for (const role of ROLES) tokens[role] = await new SignJWT({ role }).setProtectedHeader({ alg: 'RS256' }).setSubject(`u-${role}`).setExpirationTime('1h').sign(privateKey);
});

function deps(contacts: FakeContacts) {
  return () => ({
    contacts,
    contactIds: { visitorIdOf: async (userId: string) => `v_u_${userId}` },
    objects: { deletePrefix: async (prefix: string) => (contacts.calls.push(`files:${prefix}`), 0) },
    clock: { now: () => T0 },
    audit: () => undefined,
    visitorTokens: { sign: async () => 'unused', verify: async (t: string) => (t === visitorToken ? 'v_other' : undefined) },
    // Stands in for the JWKS check: a token this file signed proves the role in its claims.
    agentTokens: {
      verify: async (token: string) => {
        const claims = decodeJwt(token);
        if (!ROLES.includes(claims.role as Role)) throw new Error('not ours');
        return { caller: { principalId: String(claims.sub), userId: String(claims.sub), role: claims.role as Role, name: '', departments: '' } };
      },
    },
  }) as never;
}

function event(method: 'GET' | 'POST', path: string, query: Record<string, string> | undefined, body: string | undefined, auth: string | undefined): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: auth === undefined ? {} : { authorization: auth },
    isBase64Encoded: false,
    ...(query ? { queryStringParameters: query } : {}),
    ...(body === undefined ? {} : { body }),
  } as APIGatewayProxyEventV2;
}

const who = fc.constantFrom<Role | 'visitor' | 'garbage' | 'none'>('admin', 'supervisor', 'agent', 'visitor', 'garbage', 'none');
const authOf = (w: Role | 'visitor' | 'garbage' | 'none'): string | undefined =>
  w === 'none' ? undefined : w === 'garbage' ? 'Bearer not-a-token' : w === 'visitor' ? `Bearer ${visitorToken}` : `Bearer ${tokens[w]}`;
const queryValue = fc.oneof(fc.constant(KNOWN), fc.constant('mia@example.com'), fc.constant('site-42'), anyString);
const query = fc.dictionary(fc.constantFrom('visitorId', 'userId', 'email', 'format', '__proto__'), queryValue, { maxKeys: 3 });
const body = fc.oneof(
  fc.tuple(fc.option(fc.tuple(fc.constant('visitorId'), fc.oneof(fc.constant(KNOWN), anyValue)), { nil: undefined }), extraEntries).map(([id, extra]) => objectText([...(id ? [id] : []), ...extra])),
  anyString,
);

describe('fuzzing the admin privacy routes', () => {
  it(
    'answer 2xx only to an admin with a valid request; everyone else a structured 401/403 that reads and erases nothing',
    async () => {
      await fc.assert(
        fc.asyncProperty(who, query, body, async (caller, q, text) => {
          // Arrange
          const contacts = new FakeContacts();
          const auth = authOf(caller);

          // Act
          const replies = [
            await lookupHandler(deps(contacts))(event('GET', '/contacts', q, undefined, auth), lambdaContext),
            await exportHandler(deps(contacts))(event('GET', '/contacts/export', q, undefined, auth), lambdaContext),
            await eraseHandler(deps(contacts))(event('POST', '/contacts/erase', undefined, text, auth), lambdaContext),
          ];

          // Assert
          expect(prototypeIsClean()).toBe(true);
          for (const reply of replies) {
            if (reply.statusCode === 200 || reply.statusCode === 202) {
              expect(caller).toBe('admin');
              continue;
            }
            expect(reply.statusCode).toBeGreaterThanOrEqual(400);
            expect(reply.statusCode).toBeLessThan(500);
            expect(ERROR_CODES).toContain((JSON.parse(reply.body ?? '') as { error?: { code: string } }).error?.code);
          }
          if (caller !== 'admin') {
            expect(replies.map((r) => r.statusCode)).toEqual(Array(3).fill(caller === 'garbage' || caller === 'none' ? 401 : 403));
            expect(contacts.calls).toEqual([]);
          }
        }),
        { numRuns: FUZZ_RUNS },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('erases the known contact for an admin (200 with the done record) and answers an unknown one 404', async () => {
    const contacts = new FakeContacts();
    const erase = eraseHandler(deps(contacts));

    const known = await erase(event('POST', '/contacts/erase', undefined, JSON.stringify({ visitorId: KNOWN }), `Bearer ${tokens.admin}`), lambdaContext);
    const unknown = await erase(event('POST', '/contacts/erase', undefined, JSON.stringify({ visitorId: 'v_nobody' }), `Bearer ${tokens.admin}`), lambdaContext);

    expect([known.statusCode, unknown.statusCode]).toEqual([200, 404]);
    expect(JSON.parse(known.body ?? '')).toMatchObject({ visitorId: KNOWN, status: 'done' });
  });
});

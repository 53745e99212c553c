/**
 * POST /sessions: a signed visitor token. A returning visitor keeps their id only when their
 * previous token proves it, so nobody can claim another visitor's conversations.
 */
import type { CreateSessionBody, CreateSessionResponse } from '../contracts/http';
import type { Deps, VisitorTokens } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

async function provenVisitor(tokens: VisitorTokens, body: CreateSessionBody): Promise<string | undefined> {
  if (!body.previousToken) return undefined;
  const proven = await tokens.verify(body.previousToken);
  return proven && (body.visitorId === undefined || body.visitorId === proven) ? proven : undefined;
}

export async function createSession(
  deps: Pick<Deps, 'store' | 'clock' | 'ids' | 'config'> & { tokens: VisitorTokens },
  body: CreateSessionBody,
): Promise<CreateSessionResponse> {
  const now = deps.clock.now();
  const visitorId = (await provenVisitor(deps.tokens, body)) ?? deps.ids.next('v');
  const expiresAt = now + deps.config.visitorTokenDays * DAY_MS;
  if (body.name !== undefined || body.email !== undefined) await deps.store.saveVisitorProfile(visitorId, { name: body.name, email: body.email }, now);
  return { visitorId, token: await deps.tokens.sign(visitorId, expiresAt), expiresAt };
}

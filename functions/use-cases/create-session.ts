/**
 * POST /sessions: a signed visitor token. A returning visitor keeps their id only when their
 * previous token proves it, so nobody can claim another visitor's conversations. A site's
 * logged-in user whose identity the site signed gets their contact's one visitor id, on every
 * device; the anonymous id that browser had before is linked to that contact (its chats show in
 * the context panel). Sessions per network address are limited, and a blocked visitor gets no token.
 */
import type { CreateSessionBody, CreateSessionResponse, SiteIdentity } from '../contracts/http';
import { limitSessions, requireNotBlocked } from './abuse';
import type { Deps, SiteIdentities, VisitorProfile, VisitorTokens } from './ports';

const DAY_MS = 24 * 60 * 60 * 1000;

export type SessionDeps = Pick<Deps, 'store' | 'clock' | 'ids' | 'config'> & { tokens: VisitorTokens; identities: SiteIdentities };

/** Where the request came from, as the gateway saw it. */
export interface SessionRequest {
  address?: string;
}

async function provenVisitor(tokens: VisitorTokens, body: CreateSessionBody): Promise<string | undefined> {
  if (!body.previousToken) return undefined;
  const proven = await tokens.verify(body.previousToken);
  return proven && (body.visitorId === undefined || body.visitorId === proven) ? proven : undefined;
}

async function verifiedContact(identities: SiteIdentities, identity: SiteIdentity | undefined): Promise<{ visitorId: string; identity: SiteIdentity } | undefined> {
  if (!identity?.signature) return undefined;
  const visitorId = await identities.contactOf(identity.userId, identity.signature);
  return visitorId ? { visitorId, identity } : undefined;
}

/**
 * The browser's earlier anonymous id becomes part of the verified contact (staff see its chats in
 * the context panel). Never another verified user's id: a shared browser's previous user stays theirs.
 */
async function linkAnonymous(deps: SessionDeps, contactId: string, previousId: string, now: number): Promise<void> {
  if ((await deps.store.getVisitorProfile(previousId))?.userId !== undefined) return;
  await deps.store.linkVisitor(contactId, previousId, now);
}

export async function createSession(deps: SessionDeps, body: CreateSessionBody, request: SessionRequest = {}): Promise<CreateSessionResponse> {
  await limitSessions(deps, request.address);
  const now = deps.clock.now();
  const verified = await verifiedContact(deps.identities, body.identity);
  const proven = await provenVisitor(deps.tokens, body);
  const visitorId = verified?.visitorId ?? proven ?? deps.ids.next('v');
  await requireNotBlocked(deps, { visitorId, userId: verified?.identity.userId, address: request.address });
  if (verified && proven && proven !== verified.visitorId) await linkAnonymous(deps, verified.visitorId, proven, now);
  const profile: VisitorProfile = {
    name: verified?.identity.name ?? body.name,
    email: verified?.identity.email ?? body.email,
    userId: verified?.identity.userId,
    address: request.address,
  };
  if (Object.values(profile).some((v) => v !== undefined)) await deps.store.saveVisitorProfile(visitorId, profile, now);
  const expiresAt = now + deps.config.visitorTokenDays * DAY_MS;
  return { visitorId, token: await deps.tokens.sign(visitorId, expiresAt), expiresAt, ...(verified ? { verified: true } : {}) };
}

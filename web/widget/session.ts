/**
 * The visitor's identity: a session from POST /sessions, kept in the frame's storage so a
 * returning visitor keeps their conversations. A token close to expiry is renewed by sending
 * the old one as proof; the server keeps the visitorId only when that proof holds.
 */
import type { CreateSessionResponse } from '../sdk/types';
import type { KeyValueStore } from '../shared/storage';
import type { SiteIdentity } from './messages';

const KEY = 'parley.visitor';
/** The site's logged-in user (Parley.identify), kept so every session request carries it. */
export const IDENTITY_KEY = 'parley.identity';

type SavedSession = CreateSessionResponse & { userId?: string };

/**
 * Remembers the identity the host page gave; true when it changes who this visitor is (the
 * saved session is someone else's), so the frame must start over with a new session.
 */
export function rememberIdentity(store: KeyValueStore, identity: SiteIdentity): boolean {
  store.set(IDENTITY_KEY, identity);
  const saved = store.get<SavedSession>(KEY);
  return saved !== undefined && saved.userId !== identity.userId;
}
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

export interface SessionRequest {
  readonly httpUrl: string;
  readonly now: number;
  /** Ask for a new token even if the saved one looks valid (the socket keeps refusing it). */
  readonly renew?: boolean;
}

export async function ensureSession(request: SessionRequest, store: KeyValueStore, fetchFn: typeof fetch = fetch, again = true): Promise<CreateSessionResponse> {
  const { httpUrl, now } = request;
  const identity = store.get<SiteIdentity>(IDENTITY_KEY);
  const stored = store.get<SavedSession>(KEY);
  // A session of another user (or an anonymous one, once the site identifies someone) is not reused.
  const saved = stored && (!identity || stored.userId === identity.userId) ? stored : undefined;
  if (saved && !request.renew && saved.expiresAt - now > RENEW_BEFORE_MS) return saved;
  // An anonymous session proves who this browser was before the site identified its user: sent
  // along (never reused), so staff see that history with the user's.
  const proof = saved ?? (identity && stored && stored.userId === undefined ? stored : undefined);
  const body = { ...(proof ? { visitorId: proof.visitorId, previousToken: proof.token } : {}), ...(identity ? { identity } : {}) };
  const response = await fetchFn(`${httpUrl.replace(/\/$/, '')}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`could not start a chat session (HTTP ${response.status})`);
  const session = (await response.json()) as CreateSessionResponse;
  store.set(KEY, { ...session, ...(identity ? { userId: identity.userId } : {}) });
  // The site identified its user while this request was on its way (Parley.identify right after
  // the page loaded): once more, as them, with the session just made as the proof.
  if (again && store.get<SiteIdentity>(IDENTITY_KEY)?.userId !== identity?.userId) return ensureSession({ ...request, renew: true }, store, fetchFn, false);
  return session;
}

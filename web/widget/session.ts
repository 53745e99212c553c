/**
 * The visitor's identity: a session from POST /sessions, kept in the frame's storage so a
 * returning visitor keeps their conversations. A token close to expiry is renewed by sending
 * the old one as proof; the server keeps the visitorId only when that proof holds.
 */
import type { CreateSessionResponse } from '../sdk/types';
import type { KeyValueStore } from '../shared/storage';

const KEY = 'parley.visitor';
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

export interface SessionRequest {
  readonly httpUrl: string;
  readonly now: number;
  /** Ask for a new token even if the saved one looks valid (the socket keeps refusing it). */
  readonly renew?: boolean;
}

export async function ensureSession(request: SessionRequest, store: KeyValueStore, fetchFn: typeof fetch = fetch): Promise<CreateSessionResponse> {
  const { httpUrl, now } = request;
  const saved = store.get<CreateSessionResponse>(KEY);
  if (saved && !request.renew && saved.expiresAt - now > RENEW_BEFORE_MS) return saved;
  const body = saved ? { visitorId: saved.visitorId, previousToken: saved.token } : {};
  const response = await fetchFn(`${httpUrl.replace(/\/$/, '')}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`could not start a chat session (HTTP ${response.status})`);
  const session = (await response.json()) as CreateSessionResponse;
  store.set(KEY, session);
  return session;
}

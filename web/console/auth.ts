/**
 * Agent sign-in through the Cognito InitiateAuth API (USER_PASSWORD_AUTH, then
 * REFRESH_TOKEN_AUTH to renew the 1-hour ID token). The same requests work against cognito-idp
 * and the local identity provider, so the console never knows where it runs. The session lives
 * in sessionStorage: a reload stays signed in, closing the tab signs out.
 */
import type { KeyValueStore } from '../shared/storage';
import type { RuntimeConfig } from '../sdk/types';

export interface Session {
  readonly idToken: string;
  readonly userId: string;
  readonly name: string;
  readonly email: string;
  readonly maxChats?: number;
  /** epoch ms */
  readonly expiresAt: number;
  readonly refreshToken?: string;
}

const KEY = 'parley.console.session';

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

export async function signIn(config: RuntimeConfig, username: string, password: string, fetchFn: typeof fetch = fetch): Promise<Session> {
  const result = await initiateAuth(config, 'USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: password }, fetchFn);
  return { ...sessionFromToken(result.IdToken), refreshToken: result.RefreshToken };
}

/** A new ID token for a session whose token is about to expire; Cognito keeps the refresh token. */
export async function refreshSession(config: RuntimeConfig, session: Session, fetchFn: typeof fetch = fetch): Promise<Session> {
  if (!session.refreshToken) throw new SignInError('Your session has ended. Please sign in again.');
  const result = await initiateAuth(config, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: session.refreshToken }, fetchFn);
  return { ...sessionFromToken(result.IdToken), refreshToken: result.RefreshToken ?? session.refreshToken };
}

/** Thrown when the sign-in service could not be reached: worth retrying, unlike a refusal. */
export class SignInUnreachableError extends SignInError {}

async function initiateAuth(config: RuntimeConfig, flow: string, parameters: Record<string, string>, fetchFn: typeof fetch) {
  let response: Response;
  try {
    response = await fetchFn(config.identity.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({ AuthFlow: flow, ClientId: config.identity.clientId, AuthParameters: parameters }),
    });
  } catch {
    throw new SignInUnreachableError('We could not reach the sign-in service. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as { AuthenticationResult?: { IdToken?: string; RefreshToken?: string }; __type?: string };
  const idToken = body.AuthenticationResult?.IdToken;
  if (response.ok && idToken) return { IdToken: idToken, RefreshToken: body.AuthenticationResult?.RefreshToken };
  throw new SignInError(explain(body.__type));
}

function explain(type: string | undefined): string {
  const kind = type?.split('#').at(-1);
  if (kind === 'NotAuthorizedException' || kind === 'UserNotFoundException') return 'That email and password do not match. Please try again.';
  if (kind === 'PasswordResetRequiredException') return 'Your password needs to be reset. Please ask an administrator.';
  if (kind === 'TooManyRequestsException') return 'Too many attempts. Please wait a moment and try again.';
  return 'Sign-in is not available right now. Please try again in a moment.';
}

/** Reads the claims the console shows; the server verifies the token, not us. */
export function sessionFromToken(idToken: string): Session {
  const claims = decodePayload(idToken);
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : '');
  const maxChats = Number(text('custom:maxChats'));
  return {
    idToken,
    userId: text('sub'),
    email: text('email'),
    name: text('name') || text('email') || 'Agent',
    maxChats: Number.isFinite(maxChats) && maxChats > 0 ? maxChats : undefined,
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : 0,
  };
}

function decodePayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new SignInError('The sign-in service returned an unreadable token.');
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export function savedSession(store: KeyValueStore, now: number): Session | undefined {
  const session = store.get<Session>(KEY);
  // An expired ID token is fine while a refresh token can renew it on connect.
  return session && (session.expiresAt > now || session.refreshToken) ? session : undefined;
}

export function saveSession(store: KeyValueStore, session: Session | undefined): void {
  if (session) store.set(KEY, session);
  else store.remove(KEY);
}

/** Whether the signed-in user is an admin (the Privacy view); the server checks again. */
export function isAdmin(session: Pick<Session, 'idToken'>): boolean {
  const groups = decodePayload(session.idToken)['cognito:groups'];
  return Array.isArray(groups) && groups.includes('admin');
}

/** Whether the signed-in user is a supervisor or admin (shared canned responses); the server checks again. */
export function isLead(session: Pick<Session, 'idToken'>): boolean {
  const groups = decodePayload(session.idToken)['cognito:groups'];
  return Array.isArray(groups) && groups.some((g) => g === 'supervisor' || g === 'admin');
}

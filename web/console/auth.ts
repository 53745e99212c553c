/**
 * Agent sign-in through the Cognito InitiateAuth API (USER_PASSWORD_AUTH). The same request
 * works against cognito-idp and the local identity provider, so the console never knows where
 * it runs. The ID token lives in sessionStorage: a reload stays signed in, closing the tab
 * signs out.
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
}

const KEY = 'parley.console.session';

export class SignInError extends Error {
  override readonly name = 'SignInError';
}

export async function signIn(config: RuntimeConfig, username: string, password: string, fetchFn: typeof fetch = fetch): Promise<Session> {
  let response: Response;
  try {
    response = await fetchFn(config.identity.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: config.identity.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    });
  } catch {
    throw new SignInError('We could not reach the sign-in service. Check your connection and try again.');
  }
  const body = (await response.json().catch(() => ({}))) as { AuthenticationResult?: { IdToken?: string }; __type?: string };
  const idToken = body.AuthenticationResult?.IdToken;
  if (response.ok && idToken) return sessionFromToken(idToken);
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
  return session && session.expiresAt > now ? session : undefined;
}

export function saveSession(store: KeyValueStore, session: Session | undefined): void {
  if (session) store.set(KEY, session);
  else store.remove(KEY);
}

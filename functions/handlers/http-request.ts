/**
 * What HTTP handlers read from a request besides their route: the JSON body and the caller
 * proven by an `Authorization: Bearer <token>` header (a visitor token or an agent ID token,
 * checked exactly as the socket's $connect authorizer checks them).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Caller } from '../contracts/auth';
import { BadRequestError, UnauthorizedError } from '../domain/errors';
import { authorize, type AuthorizeDeps } from '../use-cases/authorize';
import { requireAdmin } from '../use-cases/privacy';

export function bodyJson(event: APIGatewayProxyEventV2): unknown {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequestError('body: not valid JSON', 'body');
  }
}

/** The caller behind the bearer token; 401 without one or with one that does not verify. */
export async function bearerCaller(deps: AuthorizeDeps, event: APIGatewayProxyEventV2): Promise<Caller> {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new UnauthorizedError('Authorization: Bearer <token> is required');
  return (await authorize(deps, match[1])).caller;
}

/**
 * The admin behind the bearer token: 401 without a verified token, 403 for anyone but an admin.
 * Checked before a handler reads its query or body, so nobody else learns what a valid request
 * looks like.
 */
export async function adminCaller(deps: AuthorizeDeps, event: APIGatewayProxyEventV2): Promise<Caller> {
  const caller = await bearerCaller(deps, event);
  requireAdmin(caller);
  return caller;
}

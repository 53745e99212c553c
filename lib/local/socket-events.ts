/**
 * The events API Gateway hands to WebSocket functions, built the same way locally: a REQUEST
 * authorizer event on upgrade, then `$connect`, `MESSAGE` and `$disconnect` events whose
 * requestContext carries the authorizer's context. Pure builders, so their shape is testable.
 */
import { randomBytes } from 'node:crypto';

export const LOCAL_STAGE = 'local';
export const LOCAL_API_ID = 'parleylocal';
const ACCOUNT = '000000000000';

/** What the gateway knows about a socket once it is open. */
export interface ConnectionInfo {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly domainName: string;
  readonly sourceIp: string;
  readonly userAgent: string;
}

export interface UpgradeRequest extends ConnectionInfo {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
}

/** API Gateway's ids are short base64 strings, some with `/`, `+` or `=` (hence URL encoding). */
export function gatewayId(bytes = 11): string {
  return randomBytes(bytes).toString('base64');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function requestTime(epochMs: number): string {
  // API Gateway's CLF-like format: 21/Nov/2026:19:50:25 +0000. A table, not toLocaleString:
  // that builds an Intl formatter per call, 2.5% of the runtime's CPU under the bench's load.
  const d = new Date(epochMs);
  const month = MONTHS[d.getUTCMonth()] as string;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

export function methodArn(routeKey: string): string {
  return `arn:aws:execute-api:us-east-1:${ACCOUNT}:${LOCAL_API_ID}/${LOCAL_STAGE}/${routeKey}`;
}

type EventType = 'CONNECT' | 'MESSAGE' | 'DISCONNECT';

function requestContext(info: ConnectionInfo, routeKey: string, eventType: EventType, now: number) {
  return {
    routeKey,
    eventType,
    extendedRequestId: gatewayId(6),
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: LOCAL_STAGE,
    connectedAt: info.connectedAt,
    requestTimeEpoch: now,
    identity: { sourceIp: info.sourceIp, userAgent: info.userAgent },
    requestId: gatewayId(6),
    domainName: info.domainName,
    connectionId: info.connectionId,
    apiId: LOCAL_API_ID,
  };
}

/** The REQUEST authorizer event for `$connect` (identity source: the `token` query parameter). */
export function authorizerEvent(request: UpgradeRequest, now: number) {
  return {
    type: 'REQUEST',
    methodArn: methodArn('$connect'),
    headers: request.headers,
    multiValueHeaders: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: request.query,
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, [v]])),
    stageVariables: {},
    requestContext: requestContext(request, '$connect', 'CONNECT', now),
  };
}

export type AuthorizerContext = Record<string, string | number | boolean>;

export function connectEvent(request: UpgradeRequest, authorizer: AuthorizerContext, now: number) {
  return {
    headers: request.headers,
    multiValueHeaders: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: request.query,
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, [v]])),
    requestContext: { ...requestContext(request, '$connect', 'CONNECT', now), authorizer },
    isBase64Encoded: false,
  };
}

export function messageEvent(
  info: ConnectionInfo,
  authorizer: AuthorizerContext,
  routeKey: string,
  body: string,
  isBase64Encoded: boolean,
  now: number,
) {
  return {
    requestContext: { ...requestContext(info, routeKey, 'MESSAGE', now), messageId: gatewayId(6), authorizer },
    body,
    isBase64Encoded,
  };
}

export function disconnectEvent(
  info: ConnectionInfo,
  authorizer: AuthorizerContext,
  statusCode: number,
  reason: string,
  now: number,
) {
  return {
    headers: { Host: info.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' },
    requestContext: {
      ...requestContext(info, '$disconnect', 'DISCONNECT', now),
      disconnectStatusCode: statusCode,
      disconnectReason: reason,
      authorizer,
    },
    isBase64Encoded: false,
  };
}

/**
 * Route selection on `$request.body.action`: the frame's action when a route has that key,
 * otherwise `$default` (not JSON, no action, unknown action). `$`-routes are never selectable.
 */
export function selectRoute(body: string, routeKeys: ReadonlySet<string>): string {
  try {
    const parsed: unknown = JSON.parse(body);
    const action = typeof parsed === 'object' && parsed !== null ? (parsed as { action?: unknown }).action : undefined;
    if (typeof action === 'string' && !action.startsWith('$') && routeKeys.has(action)) return action;
  } catch {
    // Not JSON: API Gateway sends it to $default, and so do we.
  }
  return '$default';
}

/**
 * The local HTTP API: manifest.http routes invoked with API Gateway's payload format 2.0
 * (APIGatewayProxyEventV2), responses mapped back the way HTTP APIs map them, CORS answered
 * by the gateway (as an HTTP API with a CORS configuration does) from config.allowedOrigins.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRouteSpec } from '../../functions/manifest';
import type { Invoker } from './functions';
import { flatHeaders, readBody, sendJson, sourceIp, type RequestHandler } from './http-util';
import { gatewayId } from './socket-events';

export interface HttpApiOptions {
  readonly routes: readonly HttpRouteSpec[];
  readonly invoker: Invoker;
  readonly allowedOrigins: readonly string[];
}

/** HTTP API's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /json|text|xml|x-www-form-urlencoded|javascript/;

function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  if (!origin) return {};
  if (allowed.includes('*')) return { 'access-control-allow-origin': '*' };
  return allowed.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
}

async function proxyEvent(req: IncomingMessage, route: HttpRouteSpec, url: URL) {
  const headers = flatHeaders(req);
  const raw = await readBody(req, MAX_BODY_BYTES);
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const now = Date.now();
  const query = Object.fromEntries(url.searchParams);
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'parleylocalhttp',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: (headers.host ?? '127').split('.')[0],
      http: { method: route.method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: sourceIp(req), userAgent: headers['user-agent'] ?? '' },
      requestId: gatewayId(9),
      routeKey: `${route.method} ${route.path}`,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    ...(raw.length > 0 ? { body: isText ? raw.toString('utf8') : raw.toString('base64') } : {}),
    isBase64Encoded: raw.length > 0 && !isText,
  };
}

interface StructuredResult {
  statusCode: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** Payload 2.0 mapping: a result with statusCode is used as given; anything else is 200 JSON. */
function writeResult(res: ServerResponse, result: unknown, cors: Record<string, string>): void {
  const structured = typeof result === 'object' && result !== null && typeof (result as StructuredResult).statusCode === 'number';
  if (!structured) return sendJson(res, 200, result ?? null, cors);
  const { statusCode, headers = {}, body = '', isBase64Encoded = false } = result as StructuredResult;
  const bytes = Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
  const outHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
  res.writeHead(statusCode, { 'content-type': 'application/json', ...outHeaders, ...cors, 'content-length': bytes.length });
  res.end(bytes);
}

export function httpApiHandler(options: HttpApiOptions): RequestHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const cors = corsHeaders(req.headers.origin, options.allowedOrigins);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      const preflight = { ...cors, 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'content-type, authorization', 'access-control-max-age': '600' };
      return void res.writeHead(204, preflight).end();
    }
    const route = options.routes.find((r) => r.method === req.method && r.path === url.pathname);
    if (!route) return sendJson(res, 404, { message: 'Not Found' }, cors);
    try {
      writeResult(res, await options.invoker.invoke(route, await proxyEvent(req, route, url)), cors);
    } catch (error) {
      console.error(`[parley-local] ${route.name} failed:`, error);
      sendJson(res, 500, { message: 'Internal Server Error' }, cors);
    }
  };
}

/**
 * The local WebSocket API: a `ws` server that behaves like API Gateway. On upgrade it runs
 * the REQUEST authorizer (throwing "Unauthorized" → 401, a Deny → 403) and `$connect`
 * (non-2xx → refused); each message is routed on `$request.body.action` and the function's
 * returned `body` is sent back (two-way routes; a manifest `oneWay` route sends nothing); a
 * function that throws gets API Gateway's "Internal server error" frame; closing runs `$disconnect`. Limits as on AWS: 32 KB frames
 * (refused with a Parley error frame, nothing invoked), 128 KB messages, idle timeout, 2 h.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../functions/contracts/frames';
import type { Manifest } from '../../functions/manifest';
import { evaluatePolicy } from './authorizer-policy';
import { InjectedFault, type PostFault } from './faults';
import { handleConnectionsRequest, MAX_MESSAGE_BYTES } from './connections-api';
import type { Invoker } from './functions';
import { closeServer, flatHeaders, jsonServer, sendJson, sourceIp } from './http-util';
import { SocketConnection } from './socket-connection';
import {
  authorizerEvent,
  connectEvent,
  disconnectEvent,
  gatewayId,
  LOCAL_STAGE,
  messageEvent,
  methodArn,
  selectRoute,
  type AuthorizerContext,
  type UpgradeRequest,
} from './socket-events';

export interface SocketGatewayOptions {
  readonly socket: Manifest['socket'];
  readonly invoker: Invoker;
  /** @default 600000 (API Gateway: 10 minutes) */
  readonly idleTimeoutMs?: number;
  /** @default 7200000 (API Gateway: 2 hours) */
  readonly maxConnectionMs?: number;
  /** Test-only (chaos harness): answers an @connections post 429, or 410 with the socket dropped. */
  readonly postFault?: () => PostFault;
}

export interface SocketGateway {
  readonly server: Server;
  readonly connections: ReadonlyMap<string, SocketConnection>;
  /** Whether any function invocation is still running. */
  busy(): boolean;
  /** Resolves once every invocation started so far has finished. */
  settled(): Promise<void>;
  /** Test hook: the next `posts` @connections posts to `connectionId` answer 429 LimitExceededException. */
  throttleNextPosts(connectionId: string, posts: number): void;
  /** Closes every socket (running `$disconnect` for each), then the server. */
  close(): Promise<void>;
}

/** An injected fault is counted by the harness; logging each one would drown the real failures. */
function logUnlessInjected(what: string, error: unknown): void {
  if (!(error instanceof InjectedFault)) console.error(what, error);
}

function refuse(socket: Duplex, status: number): void {
  const text = STATUS_CODES[status] ?? 'Forbidden';
  const body = JSON.stringify({ message: text });
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function statusOf(result: unknown): number {
  const status = (result as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : 200;
}

/** The reply a two-way route sends back: the function result's `body`, if it has one. */
function replyOf(result: unknown): string | undefined {
  const body = (result as { body?: unknown } | undefined)?.body;
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function upgradeRequest(req: IncomingMessage): UpgradeRequest {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers = flatHeaders(req);
  return {
    connectionId: gatewayId(),
    connectedAt: Date.now(),
    domainName: headers.host ?? '127.0.0.1',
    sourceIp: sourceIp(req),
    userAgent: headers['user-agent'] ?? '',
    headers,
    query: Object.fromEntries(url.searchParams),
  };
}

export function createSocketGateway(options: SocketGatewayOptions): SocketGateway {
  const { socket: spec, invoker } = options;
  const idleTimeoutMs = options.idleTimeoutMs ?? 600_000;
  const maxConnectionMs = options.maxConnectionMs ?? 7_200_000;
  const routes = new Map(spec.routes.map((route) => [route.route, route]));
  const routeKeys = new Set(routes.keys());
  const connections = new Map<string, SocketConnection>();
  const throttled = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const closing = new Set<Promise<void>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const forget = (): void => void inFlight.delete(work);
    work.then(forget, forget);
    return work;
  };

  const invokeRoute = (routeKey: string, event: unknown): Promise<unknown> => {
    const route = routes.get(routeKey);
    return route ? track(invoker.invoke(route, event)) : Promise.resolve(undefined);
  };

  async function authorize(request: UpgradeRequest): Promise<AuthorizerContext | number> {
    try {
      const result = await track(invoker.invoke(spec.authorizer, authorizerEvent(request, Date.now())));
      const decision = evaluatePolicy(result, methodArn('$connect'));
      return decision.allowed ? decision.context : 403;
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') return 401;
      logUnlessInjected('[parley-local] authorizer failed:', error);
      return 500;
    }
  }

  async function connect(request: UpgradeRequest, authorizer: AuthorizerContext): Promise<number> {
    try {
      return statusOf(await invokeRoute('$connect', connectEvent(request, authorizer, Date.now())));
    } catch (error) {
      logUnlessInjected('[parley-local] $connect failed:', error);
      return 500;
    }
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const request = upgradeRequest(req);
    const authorizer = await authorize(request);
    if (typeof authorizer === 'number') return refuse(socket, authorizer);
    const status = await connect(request, authorizer);
    if (status < 200 || status > 299) return refuse(socket, status);
    if (socket.destroyed) {
      void invokeRoute('$disconnect', disconnectEvent(request, authorizer, 1006, 'Client left during connect', Date.now()));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => open(ws, request, authorizer));
  }

  function open(ws: WebSocket, request: UpgradeRequest, authorizer: AuthorizerContext): void {
    const connection = new SocketConnection(request, authorizer, ws, idleTimeoutMs, maxConnectionMs);
    connections.set(request.connectionId, connection);
    ws.on('message', (data, isBinary) => void onMessage(connection, data, isBinary));
    ws.on('error', () => undefined); // a broken socket also emits 'close', handled there
    const closed = new Promise<void>((resolve) => {
      ws.on('close', (code, reason) => {
        connection.dispose();
        connections.delete(request.connectionId);
        throttled.delete(request.connectionId);
        const event = disconnectEvent(request, authorizer, code, reason.toString(), Date.now());
        invokeRoute('$disconnect', event)
          .catch((error: unknown) => logUnlessInjected('[parley-local] $disconnect failed:', error))
          .finally(resolve);
      });
    });
    closing.add(closed);
    void closed.then(() => closing.delete(closed));
  }

  async function onMessage(connection: SocketConnection, data: RawData, isBinary: boolean): Promise<void> {
    connection.touch();
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (bytes.length > MAX_FRAME_BYTES) {
      const message = `Frame is ${bytes.length} bytes; the limit is ${MAX_FRAME_BYTES} bytes (32 KB)`;
      return connection.send(JSON.stringify({ type: 'error', requestId: null, code: 'frame_too_large', message }));
    }
    const body = isBinary ? bytes.toString('base64') : bytes.toString('utf8');
    const routeKey = isBinary ? '$default' : selectRoute(body, routeKeys);
    const event = messageEvent(connection.info, connection.authorizer, routeKey, body, isBinary, Date.now());
    const { connectionId } = connection.info;
    const { requestId } = event.requestContext;
    if (!routes.has(routeKey)) {
      return connection.send(JSON.stringify({ message: 'Forbidden', connectionId, requestId }));
    }
    try {
      const result = await invokeRoute(routeKey, event);
      // A one-way route has no route response: whatever the function returns stays here.
      const reply = routes.get(routeKey)?.oneWay === true ? undefined : replyOf(result);
      if (reply !== undefined && connection.open) connection.send(reply);
    } catch (error) {
      logUnlessInjected(`[parley-local] route ${routeKey} failed:`, error);
      if (connection.open) connection.send(JSON.stringify({ message: 'Internal server error', connectionId, requestId }));
    }
  }

  const server = jsonServer(async (req, res) => {
    if (!(await handleConnectionsRequest(req, res, LOCAL_STAGE, connections, throttled, options.postFault))) sendJson(res, 404, { message: 'Not Found' });
  }, 'gateway');
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => undefined);
    onUpgrade(req, socket, head).catch((error: unknown) => {
      console.error('[parley-local] upgrade failed:', error);
      refuse(socket, 500);
    });
  });

  const settled = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    server,
    connections,
    busy: () => inFlight.size > 0,
    settled,
    throttleNextPosts: (connectionId, posts) => void throttled.set(connectionId, posts),
    async close() {
      for (const connection of connections.values()) connection.ws.terminate();
      await Promise.all([...closing]);
      await settled();
      wss.close();
      await closeServer(server);
    },
  };
}

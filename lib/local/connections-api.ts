/**
 * The `@connections` management API (POST to send, GET to describe, DELETE to close), on the
 * gateway's HTTP server under `/<stage>/@connections/<url-encoded id>`, so functions use the
 * real ApiGatewayManagementApiClient with an endpoint override. An unknown or closed id is a
 * 410 carrying `x-amzn-errortype: GoneException`: without that header the SDK raises `Unknown`.
 * For tests of the senders' backoff, `throttled` holds how many of a connection's next posts
 * answer 429 `LimitExceededException`, as API Gateway does past its rate limits; `postFault`
 * (the chaos harness) may answer any post 429, or 410 while dropping the socket.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PostFault } from './faults';
import { PayloadTooLargeError, readBody, sendJson } from './http-util';
import type { SocketConnection } from './socket-connection';

/** API Gateway's WebSocket message limit. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { message }, { 'x-amzn-errortype': type });
}

/** Returns false when the path is not an @connections path (the caller answers 404). */
export async function handleConnectionsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  stage: string,
  connections: ReadonlyMap<string, SocketConnection>,
  throttled: Map<string, number> = new Map(),
  postFault: () => PostFault = () => undefined,
): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  const prefix = `/${stage}/@connections/`;
  if (!path.startsWith(prefix)) return false;
  const id = decodeURIComponent(path.slice(prefix.length));
  const connection = connections.get(id);
  if (!connection?.open) {
    awsError(res, 410, 'GoneException', `Connection ${id} is gone`);
    return true;
  }
  switch (req.method) {
    case 'POST': {
      const fault = takeThrottle(throttled, id) ? 'throttle' : postFault();
      if (fault === 'throttle') awsError(res, 429, 'LimitExceededException', 'Rate exceeded');
      else if (fault === 'gone') {
        // The gateway found the socket dead: it drops it, and the sender learns with a 410.
        connection.ws.terminate();
        awsError(res, 410, 'GoneException', `Connection ${id} is gone`);
      } else await post(req, res, connection);
      break;
    }
    case 'GET':
      sendJson(res, 200, {
        connectedAt: new Date(connection.info.connectedAt).toISOString(),
        lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        identity: { sourceIp: connection.info.sourceIp, userAgent: connection.info.userAgent },
      });
      break;
    case 'DELETE':
      connection.ws.close(1000, 'Closed by the server');
      res.writeHead(204).end();
      break;
    default:
      awsError(res, 405, 'MethodNotAllowedException', `${req.method ?? ''} is not supported on @connections`);
  }
  return true;
}

/** Whether this post is one of the connection's throttled ones (and counts it off). */
function takeThrottle(throttled: Map<string, number>, id: string): boolean {
  const left = throttled.get(id) ?? 0;
  if (left <= 0) return false;
  if (left === 1) throttled.delete(id);
  else throttled.set(id, left - 1);
  return true;
}

async function post(req: IncomingMessage, res: ServerResponse, connection: SocketConnection): Promise<void> {
  try {
    const body = await readBody(req, MAX_MESSAGE_BYTES);
    connection.send(body.toString('utf8'));
    res.writeHead(200, { 'content-length': '0' }).end();
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    awsError(res, 413, 'PayloadTooLargeException', `Message exceeds ${MAX_MESSAGE_BYTES} bytes`);
  }
}

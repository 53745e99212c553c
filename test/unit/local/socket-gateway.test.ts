import { join } from 'node:path';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Manifest } from '../../../functions/manifest';
import { createInvoker } from '../../../lib/local/functions';
import { listen } from '../../../lib/local/http-util';
import { createSocketGateway, type SocketGateway } from '../../../lib/local/socket-gateway';
import { invocations } from './fixtures/handlers/record';

const fn = (name: string) => ({ name, handler: `${name}.ts`, access: [] });
const socket: Manifest['socket'] = {
  authorizer: fn('authorize'),
  routes: [
    { route: '$connect', ...fn('connect') },
    { route: '$disconnect', ...fn('disconnect') },
    { route: '$default', ...fn('default') },
    { route: 'echo', ...fn('echo') },
    { route: 'boom', ...fn('boom') },
    { route: 'signal', ...fn('echo'), oneWay: true },
  ],
};

let gateway: SocketGateway;
let url: string;
let management: ApiGatewayManagementApiClient;
const opened: WebSocket[] = [];

function connect(query: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?${query}`);
    opened.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

const named = (name: string) => invocations().filter((i) => i.name === name);

beforeAll(async () => {
  gateway = createSocketGateway({
    socket,
    invoker: createInvoker(join(__dirname, 'fixtures/handlers')),
    idleTimeoutMs: 1000,
  });
  const port = await listen(gateway.server, 0);
  url = `ws://127.0.0.1:${port}`;
  management = new ApiGatewayManagementApiClient({
    endpoint: `http://127.0.0.1:${port}/local`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  for (const ws of opened) ws.terminate();
  await gateway.close();
});

beforeEach(() => {
  invocations().length = 0;
});

describe('socket gateway: connecting', () => {
  it.each([
    ['no token', '', 'HTTP 401'],
    ['a token the authorizer rejects', 'token=nope', 'HTTP 401'],
    ['a Deny policy', 'token=deny', 'HTTP 403'],
    ['$connect answering 403', 'token=good&refuse=1', 'HTTP 403'],
  ])('refuses the upgrade for %s', async (_case, query, expected) => {
    // Act / Assert
    await expect(connect(query)).rejects.toThrow(expected);
  });

  it('hands $connect a CONNECT event carrying the policy context and principalId', async () => {
    // Act
    await connect('token=good');

    // Assert
    const [authorize] = named('authorize');
    const [connectCall] = named('connect');
    expect(authorize?.event).toMatchObject({ type: 'REQUEST', queryStringParameters: { token: 'good' } });
    expect(authorize?.event.methodArn).toMatch(/\/local\/\$connect$/);
    expect(connectCall?.event.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      stage: 'local',
      authorizer: { userId: 'u-1', role: 'visitor', principalId: 'u-1' },
    });
    expect(connectCall?.event.requestContext).not.toHaveProperty('authorizer.nested');
  });
});

describe('socket gateway: messages', () => {
  it('invokes a one-way route but sends nothing back, as API Gateway does without a route response', async () => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    ws.send(JSON.stringify({ action: 'signal', requestId: 'r0' }));
    ws.send(JSON.stringify({ action: 'echo', requestId: 'r1' }));
    const first = await nextFrame(ws);

    // Assert
    expect(named('echo').map((i) => (i.event.requestContext as { routeKey: string }).routeKey).sort()).toEqual(['echo', 'signal']);
    expect(first).toEqual({ type: 'echo', routeKey: 'echo' });
  });

  it('routes on the action and sends the function body back on the socket', async () => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    ws.send(JSON.stringify({ action: 'echo', requestId: 'r1' }));
    const reply = await nextFrame(ws);

    // Assert
    expect(reply).toEqual({ type: 'echo', routeKey: 'echo' });
    expect(named('echo')[0]?.event).toMatchObject({
      body: '{"action":"echo","requestId":"r1"}',
      isBase64Encoded: false,
      requestContext: { eventType: 'MESSAGE', stage: 'local', authorizer: { userId: 'u-1' } },
    });
  });

  it.each([
    ['not JSON', 'hello'],
    ['an unknown action', '{"action":"fly"}'],
    ['a $-route as action', '{"action":"$connect"}'],
  ])('sends %s to $default', async (_case, frame) => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    ws.send(frame);
    const reply = await nextFrame(ws);

    // Assert
    expect(reply).toEqual({ type: 'default' });
  });

  it('answers a throwing function with API Gateway\'s internal server error frame', async () => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    ws.send(JSON.stringify({ action: 'boom' }));
    const reply = await nextFrame(ws);

    // Assert
    expect(reply).toEqual({ message: 'Internal server error', connectionId: expect.any(String), requestId: expect.any(String) });
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses a frame over 32 KB without invoking anything and keeps the socket open', async () => {
    // Arrange
    const ws = await connect('token=good');
    invocations().length = 0;

    // Act
    ws.send(JSON.stringify({ action: 'echo', pad: 'x'.repeat(33 * 1024) }));
    const reply = await nextFrame(ws);

    // Assert
    expect(reply).toMatchObject({ type: 'error', requestId: null, code: 'frame_too_large' });
    expect(invocations()).toEqual([]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a socket that sends a message over 128 KB', async () => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    ws.send('x'.repeat(129 * 1024));

    // Assert
    expect(await closed(ws)).toBe(1009);
  });

  it('closes an idle socket and runs $disconnect with its caller', async () => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    const code = await closed(ws);
    await gateway.settled();

    // Assert
    expect(code).toBe(1001);
    expect(named('disconnect')[0]?.event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      authorizer: { userId: 'u-1' },
    });
  });
});

describe('socket gateway: @connections API with the real client', () => {
  function onlyConnectionId(): string {
    const [id] = [...gateway.connections.keys()].slice(-1);
    if (!id) throw new Error('no connection');
    return id;
  }

  it('posts raw bytes to a connection', async () => {
    // Arrange
    const ws = await connect('token=good');
    const received = nextFrame(ws);

    // Act
    await management.send(new PostToConnectionCommand({ ConnectionId: onlyConnectionId(), Data: '{"type":"pushed"}' }));

    // Assert
    expect(await received).toEqual({ type: 'pushed' });
  });

  it('describes a connection', async () => {
    // Arrange
    const before = Date.now();
    await connect('token=good');

    // Act
    const info = await management.send(new GetConnectionCommand({ ConnectionId: onlyConnectionId() }));

    // Assert
    expect(info.ConnectedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
  });

  it('deletes a connection by closing its socket', async () => {
    // Arrange
    const ws = await connect('token=good');

    // Act
    await management.send(new DeleteConnectionCommand({ ConnectionId: onlyConnectionId() }));

    // Assert
    expect(await closed(ws)).toBe(1000);
  });

  it('raises GoneException for an unknown connection', async () => {
    // Act
    const sending = management.send(new PostToConnectionCommand({ ConnectionId: 'gone/id+==', Data: 'x' }));

    // Assert
    await expect(sending).rejects.toBeInstanceOf(GoneException);
  });
});

describe('socket gateway: maximum connection time', () => {
  it('closes a socket at the limit even while it is busy', async () => {
    // Arrange
    const short = createSocketGateway({ socket, invoker: createInvoker(join(__dirname, 'fixtures/handlers')), maxConnectionMs: 300 });
    const port = await listen(short.server, 0);
    const ws = new WebSocket(`ws://127.0.0.1:${port}?token=good`);
    await new Promise((resolve) => ws.once('open', resolve));
    const keepBusy = setInterval(() => ws.send(JSON.stringify({ action: 'echo' })), 50);

    // Act
    const code = await closed(ws);
    clearInterval(keepBusy);
    await short.close();

    // Assert
    expect(code).toBe(1001);
  });
});

/**
 * The local @connections API answers 429 when a test asks it to, in the shape API Gateway
 * uses, so the real SDK raises LimitExceededException and ConnectionPush's backoff can be
 * proven against a real HTTP endpoint.
 */
import { join } from 'node:path';
import { ApiGatewayManagementApiClient, LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ConnectionPush } from '../../../functions/adapters/connection-push';
import type { Manifest } from '../../../functions/manifest';
import { createInvoker } from '../../../lib/local/functions';
import { listen } from '../../../lib/local/http-util';
import { createSocketGateway, type SocketGateway } from '../../../lib/local/socket-gateway';

const fn = (name: string) => ({ name, handler: `${name}.ts`, access: [] });
const socket: Manifest['socket'] = {
  authorizer: fn('authorize'),
  routes: [
    { route: '$connect', ...fn('connect') },
    { route: '$disconnect', ...fn('disconnect') },
  ],
};

let gateway: SocketGateway;
let port: number;
const opened: WebSocket[] = [];

/** One attempt per send: the SDK's own retries would hide the 429 this file is about. */
const management = (): ApiGatewayManagementApiClient =>
  new ApiGatewayManagementApiClient({
    endpoint: `http://127.0.0.1:${port}/local`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

/** Opens a socket and returns it with its connection id. */
async function connected(): Promise<{ ws: WebSocket; connectionId: string }> {
  const before = new Set(gateway.connections.keys());
  const ws = new WebSocket(`ws://127.0.0.1:${port}?token=good`);
  opened.push(ws);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const connectionId = [...gateway.connections.keys()].find((id) => !before.has(id));
  if (!connectionId) throw new Error('no new connection');
  return { ws, connectionId };
}

beforeAll(async () => {
  gateway = createSocketGateway({ socket, invoker: createInvoker(join(__dirname, 'fixtures/handlers')) });
  port = await listen(gateway.server, 0);
});

afterAll(async () => {
  for (const ws of opened) ws.terminate();
  await gateway.close();
});

describe('local @connections throttling', () => {
  it('makes the real client raise LimitExceededException (429) for the asked number of posts, then delivers', async () => {
    // Arrange
    const { ws, connectionId } = await connected();
    const received: string[] = [];
    ws.on('message', (data) => received.push(String(data)));
    const client = management();
    gateway.throttleNextPosts(connectionId, 2);
    const post = () => client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'hello' }));

    // Act
    const first = await post().catch((error: unknown) => error);
    const second = await post().catch((error: unknown) => error);
    await post();
    await new Promise((resolve) => setTimeout(resolve, 50));

    // Assert
    expect(first).toBeInstanceOf(LimitExceededException);
    expect(first).toMatchObject({ $metadata: { httpStatusCode: 429 } });
    expect(second).toBeInstanceOf(LimitExceededException);
    expect(received).toEqual(['hello']);
  });

  it('lets ConnectionPush get a frame through two throttled posts, waiting with growing delays', async () => {
    // Arrange
    const { ws, connectionId } = await connected();
    const received = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    const delays: number[] = [];
    const push = new ConnectionPush(management(), { sleep: async (ms) => void delays.push(ms), random: () => 1 });
    gateway.throttleNextPosts(connectionId, 2);

    // Act
    const outcome = await push.send(connectionId, { type: 'typing', chatId: 'c1', role: 'agent', isTyping: true });

    // Assert
    expect(outcome).toBe('sent');
    expect(delays).toEqual([100, 200]);
    expect(JSON.parse(await received)).toMatchObject({ type: 'typing', chatId: 'c1' });
  });
});

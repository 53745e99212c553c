/**
 * Heartbeats against the real local gateway, started with a short idle timeout: the sdk's
 * client, which pings after a quiet spell, keeps its socket; a socket that says nothing is
 * closed by the gateway, as API Gateway does after 10 minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startLocal, type LocalRuntime } from '../../lib/local';
import { SocketClient, type ConnectionState } from '../../web/sdk/socket-client';
import type { SocketConstructor } from '../../web/sdk/types';
import { Client, openSocket, visitorSession } from './harness';

const IDLE_TIMEOUT_MS = 1_200;
const HEARTBEAT_MS = 400;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startLocal({ basePort: 0, idleTimeoutMs: IDLE_TIMEOUT_MS });
});
afterAll(async () => {
  await runtime.stop();
});

describe('heartbeat against the local gateway', () => {
  it('keeps a pinging sdk client open past the idle timeout while a quiet socket is closed', async () => {
    // Arrange
    const { token } = await visitorSession(runtime);
    const quiet = new Client(await openSocket(runtime, token));
    const states: ConnectionState[] = [];
    const client = new SocketClient({
      url: runtime.urls.websocket,
      token: () => token,
      // ws speaks the browser's onopen/onmessage/onclose properties the client uses.
      WebSocket: WebSocket as unknown as SocketConstructor,
      sleep,
      now: Date.now,
      random: Math.random,
      heartbeatMs: HEARTBEAT_MS,
    });
    client.onState((state) => states.push(state));
    const done = client.connect();

    // Act
    await sleep(IDLE_TIMEOUT_MS * 2.5);

    // Assert
    expect(quiet.open).toBe(false);
    expect(client.connectionState).toBe('open');
    expect(states).toEqual(['connecting', 'open']);
    client.close();
    await done;
  });

  it('answers a ping with an ack carrying the requestId and the server clock', async () => {
    // Arrange
    const { token } = await visitorSession(runtime);
    const socket = new Client(await openSocket(runtime, token));
    const before = Date.now();

    // Act
    const reply = await socket.ack<{ at: number }>({ action: 'ping', requestId: 'hb-1' });

    // Assert
    expect(reply).toMatchObject({ type: 'ack', action: 'ping', requestId: 'hb-1' });
    expect(reply.at).toBeGreaterThanOrEqual(before);
    await socket.kill();
  });
});

/**
 * The local gateway's route selection under hostile frames: pure selection over any text, then
 * a real gateway (127.0.0.1, recording handlers) fed non-JSON, binary and oversized frames.
 * Property: a frame goes to the route its `action` names only when that route is selectable,
 * otherwise to `$default`; an oversized frame reaches no function; the socket stays open.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../../../functions/contracts/frames';
import type { Manifest } from '../../../functions/manifest';
import { createInvoker } from '../../../lib/local/functions';
import { listen } from '../../../lib/local/http-util';
import { selectRoute } from '../../../lib/local/socket-events';
import { createSocketGateway, type SocketGateway } from '../../../lib/local/socket-gateway';
import { invocations } from '../local/fixtures/handlers/record';
import { anyString, anyValue, extraEntries, FUZZ_RUNS, FUZZ_TIMEOUT_MS, objectText } from './fuzz-support';

const KEYS = new Set(['$connect', '$disconnect', '$default', 'echo', 'sendMessage']);

/** What API Gateway would pick for this text: the action, if it is a selectable route key. */
function expectedRoute(text: string, keys: ReadonlySet<string> = KEYS): string {
  try {
    const parsed: unknown = JSON.parse(text);
    const action = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).action : undefined;
    return typeof action === 'string' && keys.has(action) && !action.startsWith('$') ? action : '$default';
  } catch {
    return '$default';
  }
}

const actions = fc.oneof(fc.constantFrom<unknown>(...KEYS, 'ECHO', 'echo ', 'constructor', '__proto__', 'toString'), anyValue);
const frames = fc.oneof(
  fc.tuple(actions, extraEntries).map(([action, extra]) => objectText([['action', action], ...extra])),
  fc.tuple(extraEntries, actions).map(([extra, action]) => objectText([...extra, ['action', action]])),
  anyValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ unit: 'binary' }),
);

describe('route selection over any text', () => {
  it('picks the named selectable route or $default, never a $-route by name, never throws', () => {
    fc.assert(
      fc.property(frames, (text) => {
        // Act
        const route = selectRoute(text, KEYS);

        // Assert
        expect(route).toBe(expectedRoute(text));
      }),
      { numRuns: FUZZ_RUNS * 5 },
    );
  });
});

describe('the local gateway under hostile frames', () => {
  const fn = (name: string) => ({ name, handler: `${name}.ts`, access: [] });
  const socket: Manifest['socket'] = {
    authorizer: fn('authorize'),
    routes: [{ route: '$connect', ...fn('connect') }, { route: '$disconnect', ...fn('disconnect') }, { route: '$default', ...fn('default') }, { route: 'echo', ...fn('echo') }],
  };
  const GATEWAY_KEYS = new Set(socket.routes.map((r) => r.route));
  let gateway: SocketGateway;
  let ws: WebSocket;
  const replies: Record<string, unknown>[] = [];

  beforeAll(async () => {
    gateway = createSocketGateway({ socket, invoker: createInvoker(join(__dirname, '../local/fixtures/handlers')), idleTimeoutMs: 60_000 });
    const port = await listen(gateway.server, 0);
    ws = new WebSocket(`ws://127.0.0.1:${port}?token=good`);
    ws.on('message', (data) => void replies.push(JSON.parse(String(data)) as Record<string, unknown>));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  });

  afterAll(async () => {
    ws.terminate();
    await gateway.close();
  });

  /** Sends one frame and resolves with the one reply it gets (bounded wait). */
  async function exchange(data: string | Buffer, binary: boolean): Promise<Record<string, unknown>> {
    const count = replies.length;
    ws.send(data, { binary });
    const deadline = Date.now() + 5_000;
    while (replies.length === count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    await gateway.settled();
    const reply = replies[count];
    if (!reply) throw new Error('No reply within 5 s');
    return reply;
  }

  it(
    'routes text by its action, binary to $default, and refuses oversized frames before any function runs',
    async () => {
      const sizes = fc.constantFrom(MAX_FRAME_BYTES + 1, MAX_FRAME_BYTES * 2);
      const inputs = fc.oneof(
        frames.map((text) => ({ data: text, binary: false, oversized: Buffer.byteLength(text) > MAX_FRAME_BYTES })),
        fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ data: Buffer.from(bytes), binary: true, oversized: false })),
        fc.tuple(sizes, fc.boolean()).map(([size, binary]) => ({ data: binary ? Buffer.alloc(size, 1) : `{"action":"echo","x":"${'x'.repeat(size)}"}`, binary, oversized: true })),
      );
      await fc.assert(
        fc.asyncProperty(inputs, async ({ data, binary, oversized }) => {
          // Arrange
          invocations().length = 0;

          // Act
          const reply = await exchange(data, binary);

          // Assert
          const routed = invocations().map((i) => i.name);
          if (oversized) {
            expect(reply).toMatchObject({ type: 'error', code: 'frame_too_large', requestId: null });
            expect(routed).toEqual([]);
          } else {
            const route = binary ? '$default' : expectedRoute(String(data), GATEWAY_KEYS);
            expect(routed).toEqual([route === '$default' ? 'default' : route]);
          }
          expect(ws.readyState).toBe(WebSocket.OPEN);
        }),
        { numRuns: Math.min(FUZZ_RUNS, 500) },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

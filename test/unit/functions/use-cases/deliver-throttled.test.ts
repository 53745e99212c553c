import { ApiGatewayManagementApiClient, LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionPush } from '../../../../functions/adapters/connection-push';
import type { ServerFrame } from '../../../../functions/contracts/frames';
import { deliver } from '../../../../functions/use-cases/deliver';
import { T0, testDeps } from '../fakes';

const client = new ApiGatewayManagementApiClient({ endpoint: 'http://127.0.0.1:1/local', region: 'us-east-1' });
const api = mockClient(client);
const frame: ServerFrame = { type: 'typing', chatId: 'c1', role: 'agent', isTyping: true };
const CONNECTIONS = 20;

afterEach(() => api.reset());

describe('deliver through a throttled @connections API', () => {
  it('retries every throttled socket, delivers to all, and never has more than 8 posts or waits in flight', async () => {
    // Arrange
    const deps = testDeps();
    for (let i = 0; i < CONNECTIONS; i += 1) deps.store.connections.set(`v1-${i}`, { connectionId: `v1-${i}`, userId: 'v1', role: 'visitor', connectedAt: T0 });
    const throttledOnce = new Set<string>();
    let inFlight = 0;
    let peak = 0;
    const busy = async <T>(work: () => T): Promise<T> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      return work();
    };
    api.on(PostToConnectionCommand).callsFake((input: { ConnectionId: string }) =>
      busy(() => {
        if (throttledOnce.has(input.ConnectionId)) return {};
        throttledOnce.add(input.ConnectionId);
        throw new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
      }),
    );
    const sleep = (ms: number) => busy(() => void ms);

    // Act
    const count = await deliver({ store: deps.store, clock: deps.clock, push: new ConnectionPush(client, { sleep, random: () => 0 }) }, ['v1'], frame);

    // Assert
    expect(count).toBe(CONNECTIONS);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(2 * CONNECTIONS);
    expect(peak).toBe(8);
    expect(deps.store.connections.size).toBe(CONNECTIONS);
  });
});

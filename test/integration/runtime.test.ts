import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../functions/contracts/http';
import { connectVisitor, useRuntime } from './harness';

const local = useRuntime();

/** The connection id the $connect handler stored for a user (`USER#<id>` / `CONNS`, one `C#<id>` attribute per socket: docs/decisions.md). */
async function liveConnectionOf(userId: string): Promise<string> {
  const dynamo = new DynamoDBClient({ endpoint: local.runtime.urls.dynamodb, region: 'us-east-1' });
  const { Item = {} } = await dynamo.send(new GetItemCommand({ TableName: local.runtime.tableName, Key: { pk: { S: `USER#${userId}` }, sk: { S: 'CONNS' } }, ConsistentRead: true }));
  const attribute = Object.keys(Item).find((name) => name.startsWith('C#'));
  if (!attribute) throw new Error(`No connection stored for ${userId}`);
  return attribute.slice('C#'.length);
}

describe('the local runtime', () => {
  it('publishes its own URLs in config.json and through GET /config', async () => {
    // Act
    const fromSite = (await (await fetch(`${local.runtime.urls.web}/config.json`)).json()) as RuntimeConfig;
    const fromApi = (await (await fetch(`${local.runtime.urls.http}/config`)).json()) as RuntimeConfig;

    // Assert
    expect(fromSite).toMatchObject({
      websocketUrl: local.runtime.urls.websocket,
      httpUrl: local.runtime.urls.http,
      identity: { endpoint: local.runtime.urls.aws, clientId: 'parley-local-console' },
    });
    expect(fromApi.websocketUrl).toBe(local.runtime.urls.websocket);
  });

  it('seeds the demo logins', () => {
    // Act
    const logins = local.runtime.demoUsers.map((u) => [u.username, u.role]);

    // Assert
    expect(logins).toEqual([
      ['alice@demo.parley', 'agent'],
      ['bob@demo.parley', 'agent'],
      ['carol@demo.parley', 'agent'],
      ['dave@demo.parley', 'agent'],
      ['erin@demo.parley', 'agent'],
      ['finn@demo.parley', 'agent'],
      ['sam@demo.parley', 'supervisor'],
      ['ada@demo.parley', 'admin'],
    ]);
  });

  it('makes the real management client raise GoneException for a socket that has closed', async () => {
    // Arrange
    const { client, session } = await connectVisitor(local.runtime);
    const connectionId = await liveConnectionOf(session.visitorId);
    const management = new ApiGatewayManagementApiClient({ endpoint: local.runtime.urls.connections, region: 'us-east-1' });
    await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"ping"}' }));
    await client.close();
    await local.runtime.idle();

    // Act
    const posting = management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"ping"}' }));

    // Assert
    expect(await client.next()).toEqual({ type: 'ping' });
    await expect(posting).rejects.toBeInstanceOf(GoneException);
  });

  it('stops every service, DynamoDB Local included, and can be asked twice', async () => {
    // Act
    await Promise.all([local.runtime.stop(), local.runtime.stop()]);
    const probes = await Promise.allSettled(
      [local.runtime.urls.web, local.runtime.urls.http, local.runtime.urls.aws, local.runtime.urls.dynamodb].map((url) => fetch(url, { signal: AbortSignal.timeout(2000) })),
    );

    // Assert
    expect(probes.map((p) => p.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });
});

/**
 * Pushes frames to sockets through the @connections API. A socket that is gone answers 410,
 * which SDK v3 raises as GoneException (never `statusCode === 410`): that is a result, 'gone',
 * not an error, so the caller can clean up and deliver to the others.
 */
import { type ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ServerFrame } from '../contracts/frames';
import type { Push } from '../use-cases/ports';

const encoder = new TextEncoder();

export class ConnectionPush implements Push {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async send(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'> {
    try {
      await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: encoder.encode(JSON.stringify(frame)) }));
      return 'sent';
    } catch (error) {
      if (error instanceof Error && error.name === 'GoneException') return 'gone';
      throw error;
    }
  }
}

import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionPush } from '../../../../functions/adapters/connection-push';

const client = new ApiGatewayManagementApiClient({ endpoint: 'http://127.0.0.1:1/local', region: 'us-east-1' });
const api = mockClient(client);
const push = new ConnectionPush(client);
const frame = { type: 'typing' as const, chatId: 'c1', role: 'visitor' as const, isTyping: true };

afterEach(() => api.reset());

describe('ConnectionPush', () => {
  it('posts the frame as JSON to the connection', async () => {
    api.on(PostToConnectionCommand).resolves({});

    expect(await push.send('abc=', frame)).toBe('sent');

    const input = api.commandCalls(PostToConnectionCommand)[0]?.args[0].input;
    expect(input?.ConnectionId).toBe('abc=');
    expect(JSON.parse(new TextDecoder().decode(input?.Data as Uint8Array))).toEqual(frame);
  });

  it('answers gone for a GoneException (410)', async () => {
    api.on(PostToConnectionCommand).rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));

    expect(await push.send('stale', frame)).toBe('gone');
  });

  it('lets other failures through', async () => {
    api.on(PostToConnectionCommand).rejects(new Error('throttled'));

    await expect(push.send('x', frame)).rejects.toThrow('throttled');
  });
});

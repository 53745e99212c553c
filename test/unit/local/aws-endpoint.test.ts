import { createServer } from 'node:http';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsEndpointListener } from '../../../lib/local/aws-endpoint';
import { DEMO_USERS } from '../../../lib/local/demo-users';
import { createEventBus } from '../../../lib/local/event-bus';
import { closeServer, listen } from '../../../lib/local/http-util';
import { createIdentityProvider, LOCAL_CLIENT_ID } from '../../../lib/local/identity-provider';
import { createTimerQueue } from '../../../lib/local/timer-queue';

const server = createServer();
let endpoint = '';
const clientConfig = () => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const bus = createEventBus({ subscriptions: [], invoker: { invoke: async () => undefined } });
const timerEvents: unknown[] = [];
const timers = createTimerQueue({ spec: { name: 'timers', handler: 'timers.ts', access: [] }, invoker: { invoke: async (_spec, event) => void timerEvents.push(event) } });

beforeAll(async () => {
  endpoint = `http://127.0.0.1:${await listen(server, 0)}`;
  const identity = await createIdentityProvider(`${endpoint}/idp`, DEMO_USERS);
  server.on('request', awsEndpointListener({ bus, timers, identity, visitorSecret: 's3cret', identitySecret: 'id3ntity', issuerPath: '/idp' }));
});

afterAll(() => {
  timers.close();
  return closeServer(server);
});

function initiateAuth(body: object, origin?: string): Promise<Response> {
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      ...(origin ? { origin } : {}),
    },
    body: JSON.stringify(body),
  });
}

const signIn = (username: string, password: string) =>
  initiateAuth({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: LOCAL_CLIENT_ID, AuthParameters: { USERNAME: username, PASSWORD: password } });

describe('local AWS endpoint', () => {
  it('accepts PutEvents from the real EventBridge client, failing only the bad entry', async () => {
    // Arrange
    const client = new EventBridgeClient(clientConfig());

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'parley', DetailType: 'chat.requested', Detail: '{"eventId":"e1"}', EventBusName: 'parley' },
          { Source: 'parley', DetailType: 'chat.requested', Detail: 'not json', EventBusName: 'parley' },
        ],
      }),
    );

    // Assert
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.EventId).toEqual(expect.any(String));
    expect(result.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
  });

  it('refuses more than ten entries in one call', async () => {
    // Arrange
    const client = new EventBridgeClient(clientConfig());
    const entry = { Source: 'parley', DetailType: 'x', Detail: '{}', EventBusName: 'parley' };

    // Act
    const sending = client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }));

    // Assert
    await expect(sending).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers GetSecretValue for the visitor secret, and ResourceNotFound for others', async () => {
    // Arrange
    const client = new SecretsManagerClient(clientConfig());

    // Act
    const secret = await client.send(new GetSecretValueCommand({ SecretId: 'parley/visitor-secret' }));
    const missing = client.send(new GetSecretValueCommand({ SecretId: 'other' }));

    // Assert
    expect(secret.SecretString).toBe('s3cret');
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('signs a demo user in with Cognito-shaped RS256 tokens that verify against the JWKS', async () => {
    // Act
    const res = await signIn('alice@demo.parley', 'parley-demo');
    const { AuthenticationResult: auth } = (await res.json()) as { AuthenticationResult: Record<string, unknown> };
    const { payload, protectedHeader } = await jwtVerify(String(auth.IdToken), createRemoteJWKSet(new URL(`${endpoint}/idp/.well-known/jwks.json`)), {
      issuer: `${endpoint}/idp`,
      audience: LOCAL_CLIENT_ID,
    });

    // Assert
    expect(auth).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer', AccessToken: expect.any(String), RefreshToken: expect.any(String) });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: 'u-alice',
      token_use: 'id',
      email: 'alice@demo.parley',
      name: 'Alice',
      'cognito:groups': ['agent'],
      'custom:departments': 'support,billing',
    });
  });

  it('exchanges a refresh token for new tokens', async () => {
    // Arrange
    const first = (await (await signIn('sam@demo.parley', 'parley-demo')).json()) as { AuthenticationResult: { RefreshToken: string } };

    // Act
    const res = await initiateAuth({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: LOCAL_CLIENT_ID,
      AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult.RefreshToken },
    });

    // Assert
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ AuthenticationResult: { IdToken: expect.any(String) } });
  });

  it.each([
    ['a wrong password', 'alice@demo.parley', 'nope'],
    ['an unknown user', 'eve@demo.parley', 'parley-demo'],
  ])('refuses %s like Cognito', async (_case, username, password) => {
    // Act
    const res = await signIn(username, password);

    // Assert
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('NotAuthorizedException');
    expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('answers the browser preflight for InitiateAuth', async () => {
    // Act
    const res = await fetch(endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:4000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    });

    // Assert
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-amz-user-agent');
  });

  it('takes SendMessage from the real SQS client (MD5 checked by the client) and delivers the body to the timers function after the delay', async () => {
    const sqs = new SQSClient(clientConfig());
    const queueUrl = `${endpoint}/000000000000/parley-timers`;

    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"hello":1}', DelaySeconds: 0 }));
    await vi.waitFor(() => expect(timerEvents).toHaveLength(1));

    expect(sent.MessageId).toEqual(expect.any(String));
    expect(timerEvents[0]).toMatchObject({ Records: [{ messageId: sent.MessageId, body: '{"hello":1}', eventSource: 'aws:sqs' }] });
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: `${endpoint}/000000000000/other`, MessageBody: 'x' }))).rejects.toThrow('The specified queue does not exist.');
    await expect(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x', DelaySeconds: 901 }))).rejects.toThrow('DelaySeconds is invalid');
  });

  it('takes SendMessageBatch from the real SQS client: each entry delivered after its own delay, a bad entry failed alone, a bad batch refused whole', async () => {
    const sqs = new SQSClient(clientConfig());
    const queueUrl = `${endpoint}/000000000000/parley-timers`;
    const before = timerEvents.length;

    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: 'now', MessageBody: '{"batch":1}', DelaySeconds: 0 },
          { Id: 'bad', MessageBody: '{"batch":2}', DelaySeconds: 901 },
          { Id: 'soon', MessageBody: '{"batch":3}', DelaySeconds: 1 },
        ],
      }),
    );
    await vi.waitFor(() => expect(timerEvents.length - before).toBe(2), { timeout: 3000 });

    expect(sent.Successful?.map((e) => e.Id)).toEqual(['now', 'soon']);
    expect(sent.Failed).toEqual([expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue' })]);
    expect(timerEvents.slice(before).map((e) => (e as { Records: { body: string }[] }).Records[0]?.body)).toEqual(['{"batch":1}', '{"batch":3}']);
    const batch = (entries: { Id: string; MessageBody: string }[]) => sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    await expect(batch([])).rejects.toThrow('at least one');
    await expect(batch(Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })))).rejects.toThrow('Maximum number of entries');
    await expect(batch([{ Id: 'a', MessageBody: 'x' }, { Id: 'a', MessageBody: 'y' }])).rejects.toThrow('same Id');
    expect(timerEvents.length - before).toBe(2);
  });

  it('names an unknown operation', async () => {
    // Act
    const res = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.Scan' }, body: '{}' });

    // Assert
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

import { ApiGatewayManagementApiClient, GoneException, LimitExceededException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionPush, throttleDelay } from '../../../../functions/adapters/connection-push';

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

describe('ConnectionPush retries: throttling (429), 5xx and network failures', () => {
  const limited = () => new LimitExceededException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
  const throttling = () => Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });

  function retryingPush() {
    const delays: number[] = [];
    const sleep = async (ms: number) => void delays.push(ms);
    return { delays, push: new ConnectionPush(client, { sleep, random: () => 1, attempts: 4, baseDelayMs: 100 }) };
  }

  it.each([
    ['LimitExceededException', limited],
    ['ThrottlingException', throttling],
  ])('retries a %s with doubling waits and sends once it passes', async (_name, error) => {
    const { delays, push: retrying } = retryingPush();
    api.on(PostToConnectionCommand).rejectsOnce(error()).rejectsOnce(error()).resolves({});

    expect(await retrying.send('c', frame)).toBe('sent');

    expect(delays).toEqual([100, 200]);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(3);
  });

  it('gives up after the bounded attempts and raises the throttling error', async () => {
    const { delays, push: retrying } = retryingPush();
    api.on(PostToConnectionCommand).rejects(limited());

    await expect(retrying.send('c', frame)).rejects.toBeInstanceOf(LimitExceededException);

    expect(delays).toEqual([100, 200, 400]);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(4);
  });

  it('answers gone at once when a retry finds the socket gone, without waiting again', async () => {
    const { delays, push: retrying } = retryingPush();
    api.on(PostToConnectionCommand).rejectsOnce(limited()).rejects(new GoneException({ message: 'gone', $metadata: { httpStatusCode: 410 } }));

    expect(await retrying.send('c', frame)).toBe('gone');

    expect(delays).toEqual([100]);
  });

  it.each([
    ['a 400', () => Object.assign(new Error('bad'), { name: 'BadRequestException', $metadata: { httpStatusCode: 400 } })],
    ['a 403', () => Object.assign(new Error('denied'), { name: 'ForbiddenException', $metadata: { httpStatusCode: 403 } })],
    ['an error without a status or a network code', () => new Error('boom')],
  ])('never retries %s', async (_case, error) => {
    const { delays, push: retrying } = retryingPush();
    api.on(PostToConnectionCommand).rejects(error());

    await expect(retrying.send('c', frame)).rejects.toThrow();

    expect(delays).toEqual([]);
    expect(api.commandCalls(PostToConnectionCommand)).toHaveLength(1);
  });

  it.each([
    ['a 500', () => Object.assign(new Error('oops'), { name: 'InternalServerErrorException', $metadata: { httpStatusCode: 500 } })],
    ['a reset connection', () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a timeout', () => Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
  ])('retries %s with the same bounded, jittered waits (the client itself makes one attempt)', async (_case, error) => {
    const { delays, push: retrying } = retryingPush();
    api.on(PostToConnectionCommand).rejectsOnce(error()).resolves({});

    expect(await retrying.send('c', frame)).toBe('sent');

    expect(delays).toEqual([100]);
  });

  it.each([
    [0, 0, 50],
    [0, 1, 100],
    [3, 0.5, 600],
  ])('waits between half and all of the ceiling (retry %i, random %d → %i ms)', (retry, random, expected) => {
    expect(throttleDelay(retry, () => random, 100)).toBe(expected);
  });
});

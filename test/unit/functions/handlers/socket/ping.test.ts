import { describe, expect, it } from 'vitest';
import { createHandler } from '../../../../../functions/handlers/socket/ping';
import { agent, visitor } from '../../fakes';
import { frameOf, lambdaContext, socketEvent } from '../context';

const ping = createHandler(() => 1_700_000_000_000);

describe('ping', () => {
  it.each([
    ['a visitor', visitor()],
    ['an agent', agent()],
  ])('acks %s with the requestId and the server clock', async (_name, caller) => {
    const frame = frameOf(await ping(socketEvent(JSON.stringify({ action: 'ping', requestId: 'r7' }), caller), lambdaContext));

    expect(frame).toEqual({ type: 'ack', requestId: 'r7', action: 'ping', at: 1_700_000_000_000 });
  });

  it('answers a ping without a requestId with bad_request', async () => {
    const frame = frameOf(await ping(socketEvent(JSON.stringify({ action: 'ping' }), visitor()), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', code: 'bad_request', field: 'requestId' });
  });

  it('answers a ping on a connection without a caller with unauthorized', async () => {
    const frame = frameOf(await ping(socketEvent(JSON.stringify({ action: 'ping', requestId: 'r7' }), undefined), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', code: 'unauthorized' });
  });
});

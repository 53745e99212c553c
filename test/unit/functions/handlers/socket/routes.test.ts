import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../../../../functions/contracts/frames';
import { handler as defaultHandler } from '../../../../../functions/handlers/socket/default';
import { createHandler as listChatsHandler } from '../../../../../functions/handlers/socket/list-chats';
import { createHandler as resumeHandler } from '../../../../../functions/handlers/socket/resume';
import { createHandler as sendMessageHandler } from '../../../../../functions/handlers/socket/send-message';
import { createHandler as startChatHandler } from '../../../../../functions/handlers/socket/start-chat';
import { queuedChat, testDeps, type TestDeps, visitor, agent } from '../../fakes';
import { frameOf, lambdaContext, socketEvent } from '../context';

let deps: TestDeps;
let send: ReturnType<typeof sendMessageHandler>;

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat());
  deps.store.messages.set('c1', []);
  send = sendMessageHandler(() => deps);
});

const valid = { action: 'sendMessage', requestId: 'r1', chatId: 'c1', clientMessageId: 'm1', text: 'hello' };

describe('socket route handlers', () => {
  it('acks with the requestId, the action and the payload', async () => {
    const frame = frameOf(await send(socketEvent(JSON.stringify(valid), visitor()), lambdaContext));

    expect(frame).toMatchObject({ type: 'ack', requestId: 'r1', action: 'sendMessage', message: { seq: 1, text: 'hello' } });
  });

  it.each([
    ['a missing chatId', { ...valid, chatId: undefined }, 'bad_request', 'chatId'],
    ['a text that is not a string', { ...valid, text: 42 }, 'bad_request', 'text'],
    ['an empty text', { ...valid, text: '' }, 'bad_request', 'text'],
    ['a text over the limit', { ...valid, text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }, 'bad_request', 'text'],
    ['a missing clientMessageId', { ...valid, clientMessageId: undefined }, 'bad_request', 'clientMessageId'],
    ['a chat the caller is not part of', { ...valid, chatId: 'c1' }, 'forbidden', 'chatId', 'v9'],
    ['a chat that does not exist', { ...valid, chatId: 'nope' }, 'not_found', 'chatId'],
  ])('answers %s with an error naming the field and writes nothing', async (_name, body, code, field, userId = 'v1') => {
    const frame = frameOf(await send(socketEvent(JSON.stringify(body), visitor(userId)), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', requestId: 'r1', code, field });
    expect(deps.store.messages.get('c1')).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', '{nope', 'bad_request', null],
    ['a frame over 32 KB', JSON.stringify({ ...valid, text: 'x'.repeat(33 * 1024) }), 'frame_too_large', 'r1'],
  ])('answers %s with %s', async (_name, body, code, requestId) => {
    const frame = frameOf(await send(socketEvent(body, visitor()), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', code, requestId });
  });

  it('answers unauthorized when the connection carries no caller', async () => {
    const frame = frameOf(await send(socketEvent(JSON.stringify(valid), undefined), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  it('answers internal without details when something unexpected fails', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    deps.store.getChat = async () => {
      throw new Error('DynamoDB is down at arn:aws:secret');
    };

    const reply = await send(socketEvent(JSON.stringify(valid), visitor()), lambdaContext);

    expect(frameOf(reply)).toEqual({ type: 'error', requestId: 'r1', code: 'internal', message: 'Something went wrong; please retry' });
    expect(JSON.stringify(reply)).not.toContain('arn:aws');
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it('refuses startChat from an agent', async () => {
    const start = startChatHandler(() => deps);

    const frame = frameOf(await start(socketEvent(JSON.stringify({ action: 'startChat', requestId: 'r2', text: 'hi' }), agent()), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', requestId: 'r2', code: 'forbidden' });
  });

  it('answers a visitor without the team’s internals of a chat (SLA breach, priority), an agent with them', async () => {
    const breach = { chatId: 'c1', department: 'support', target: 'queueTime' as const, targetSeconds: 30, startedAt: 0, deadline: 30_000, detectedAt: 30_200 };
    deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', priority: 5, slaBreach: breach }));
    const resume = (caller: ReturnType<typeof visitor>) => resumeHandler(() => deps)(socketEvent(JSON.stringify({ action: 'resume', requestId: 'r4', chatId: 'c1', afterSeq: 0 }), caller), lambdaContext);

    const [asVisitor, asAgent] = [frameOf(await resume(visitor())), frameOf(await resume(agent()))];

    expect(asVisitor.chat).not.toHaveProperty('slaBreach');
    expect(asVisitor.chat).not.toHaveProperty('priority');
    expect(asAgent.chat).toMatchObject({ priority: 5, slaBreach: breach });
  });

  it('lists a visitor’s chats', async () => {
    const list = listChatsHandler(() => deps);

    const frame = frameOf(await list(socketEvent(JSON.stringify({ action: 'listChats', requestId: 'r3' }), visitor()), lambdaContext));

    expect(frame).toMatchObject({ type: 'ack', action: 'listChats', chats: [{ chatId: 'c1' }] });
  });
});

describe('$default', () => {
  it.each([
    ['an unknown action', JSON.stringify({ action: 'dance', requestId: 'r9' }), 'r9', 'unknown action "dance"'],
    ['a frame without action', JSON.stringify({ requestId: 'r8' }), 'r8', 'needs an "action"'],
  ])('answers %s with bad_request naming the action', async (_name, body, requestId, message) => {
    const frame = frameOf(await defaultHandler(socketEvent(body, visitor()), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', requestId, code: 'bad_request', field: 'action' });
    expect(frame.message).toContain(message);
  });

  it('answers a body that is not JSON with bad_request', async () => {
    const frame = frameOf(await defaultHandler(socketEvent('hello', visitor()), lambdaContext));

    expect(frame).toMatchObject({ type: 'error', requestId: null, code: 'bad_request', field: 'body' });
  });
});

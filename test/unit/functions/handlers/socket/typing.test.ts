import { beforeEach, describe, expect, it } from 'vitest';
import { createHandler as typingHandler } from '../../../../../functions/handlers/socket/typing';
import { queuedChat, testDeps, type TestDeps, visitor, agent } from '../../fakes';
import { lambdaContext, socketEvent } from '../context';

let deps: TestDeps;

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice' }));
  deps.store.connections.set('ca1', { connectionId: 'ca1', userId: 'a1', role: 'agent', connectedAt: 0 });
});

const typing = (body: Record<string, unknown>, caller = visitor()) => typingHandler(() => deps)(socketEvent(JSON.stringify(body), caller), lambdaContext);

describe('typing (a one-way route)', () => {
  it('pushes the indicator to the other side and nothing to the typist', async () => {
    // Act
    await typing({ action: 'typing', requestId: 'r1', chatId: 'c1', isTyping: true });

    // Assert
    expect(deps.push.sent).toEqual([{ connectionId: 'ca1', frame: { type: 'typing', chatId: 'c1', role: 'visitor', isTyping: true } }]);
  });

  it.each([
    ['a wrong-typed field', { action: 'typing', requestId: 'r1', chatId: 'c1', isTyping: 'yes' }, visitor(), 'bad_request'],
    ['a chat the caller is not in', { action: 'typing', requestId: 'r1', chatId: 'c1', isTyping: true }, agent('a2', 'Carol'), 'forbidden'],
  ])('pushes the error frame for %s back to the typist’s socket (there is no reply to carry it)', async (_case, body, caller, code) => {
    // Act
    await typing(body, caller);

    // Assert
    expect(deps.push.sent).toEqual([{ connectionId: 'conn-1', frame: expect.objectContaining({ type: 'error', requestId: 'r1', code }) }]);
  });
});

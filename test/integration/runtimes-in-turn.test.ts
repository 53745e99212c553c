/**
 * One process, several local runtimes in turn (as `npm run bench` does): each runtime's
 * functions talk to its own endpoints and table, never to the one before; a second runtime
 * while one is running is refused with a clear error (one process-wide environment).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatSummary } from '../../functions/contracts/frames';
import type { RuntimeConfig } from '../../functions/contracts/http';
import { startLocal, type LocalRuntime } from '../../lib/local';
import { type Client, connectVisitor, newId, onlineAgent } from './harness';

const open: Client[] = [];
let current: LocalRuntime | undefined;

afterAll(async () => {
  await Promise.all(open.map((c) => c.kill()));
  await current?.stop();
});

async function start(firstResponseSeconds: number): Promise<LocalRuntime> {
  current = await startLocal({ basePort: 0, config: { sla: { firstResponseSeconds } } });
  return current;
}

async function stop(runtime: LocalRuntime): Promise<void> {
  await Promise.all(open.splice(0).map((c) => c.kill()));
  await runtime.stop();
  current = undefined;
}

/** A chat through every door: session, sign-in, routing, a message each way; returns its id. */
async function chatThrough(runtime: LocalRuntime): Promise<string> {
  const alice = await onlineAgent(runtime, 'alice@demo.parley');
  const visitor = await connectVisitor(runtime);
  open.push(alice, visitor.client);
  const started = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Hello?', clientMessageId: newId('m') });
  const chatId = started.chat.chatId;
  await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
  const reply = await alice.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Hi, how can I help?' });
  const atVisitor = await visitor.client.waitFor('message', (f) => f.chatId === chatId && f.message.seq === reply.message.seq);
  const answer = await visitor.client.ack<{ message: ChatMessage }>({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: 'Where is my order?' });
  const atAgent = await alice.waitFor('message', (f) => f.chatId === chatId && f.message.seq === answer.message.seq);
  expect(atVisitor.message.text).toBe('Hi, how can I help?');
  expect(atAgent.message.text).toBe('Where is my order?');
  return chatId;
}

const configOf = async (runtime: LocalRuntime): Promise<RuntimeConfig> => (await (await fetch(`${runtime.urls.http}/config`)).json()) as RuntimeConfig;

describe('local runtimes in one process', () => {
  it('gives each runtime in turn functions that use its own endpoints, table and config', async () => {
    // Arrange: a first runtime, used and stopped
    const first = await start(111);
    const firstChat = await chatThrough(first);
    const firstConfig = await configOf(first);
    await stop(first);

    // Act: a second one in the same process
    const second = await start(222);
    const secondChat = await chatThrough(second);
    const secondConfig = await configOf(second);
    const agent = await onlineAgent(second, 'bob@demo.parley');
    open.push(agent);
    const lookup = await agent.request({ action: 'resume', chatId: firstChat, afterSeq: 0 });

    // Assert
    expect(firstConfig).toMatchObject({ websocketUrl: first.urls.websocket, firstResponseTargetSeconds: 111 });
    expect(secondConfig).toMatchObject({ websocketUrl: second.urls.websocket, firstResponseTargetSeconds: 222 });
    expect(second.urls.dynamodb).not.toBe(first.urls.dynamodb);
    expect(secondChat).not.toBe(firstChat);
    // The first runtime's chat is not in the second one's table.
    expect(lookup).toMatchObject({ type: 'error', code: 'not_found' });
  });

  it('refuses a second runtime while one is running, and the running one carries on', async () => {
    // Arrange: a fresh runtime, so routing has only this test's agent
    if (current) await stop(current);
    const running = await start(333);

    // Act
    const second = startLocal({ basePort: 0 });

    // Assert
    await expect(second).rejects.toThrow(/already running in this process/);
    await chatThrough(running);
  });
});

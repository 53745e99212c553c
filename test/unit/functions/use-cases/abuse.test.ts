import { beforeEach, describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../../../functions/contracts/config';
import { ConnectionLimiter } from '../../../../functions/use-cases/connection-limits';
import { blockVisitor } from '../../../../functions/use-cases/block-visitor';
import { connect } from '../../../../functions/use-cases/connect';
import { createSession } from '../../../../functions/use-cases/create-session';
import type { VisitorTokens } from '../../../../functions/use-cases/ports';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { startChat } from '../../../../functions/use-cases/start-chat';
import { typing } from '../../../../functions/use-cases/typing';
import { agent, errorOf, onlineAgent, queuedChat, supervisor, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;
const tokens: VisitorTokens = { sign: async (id) => `token:${id}`, verify: async (t) => (t.startsWith('token:') ? t.slice(6) : undefined) };
const session = (body: Parameters<typeof createSession>[1] = {}, address = '203.0.113.7') => createSession({ ...deps, tokens }, body, { address });
const send = (clientMessageId: string, connectionId = 'cv1', caller = visitor()) =>
  sendMessage(deps, { caller, connectionId }, { action: 'sendMessage', requestId: 'r', chatId: 'c1', clientMessageId, text: 'hi' });

beforeEach(() => {
  deps = testDeps();
  deps.config = deploymentConfigSchema.parse({
    departments: [{ id: 'support', name: 'Support' }],
    rateLimits: { messages: { perSecond: 1, burst: 3 }, typing: { perSecond: 1, burst: 2 }, visitorChatMessages: { max: 5, windowSeconds: 10 }, sessionsPerAddress: { max: 3, windowSeconds: 60 } },
  });
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 }));
  deps.store.messages.set('c1', []);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
});

describe('rate limits per connection (memory)', () => {
  beforeEach(() => {
    deps.limiter = new ConnectionLimiter();
  });

  it('refuses the message after the burst with rate_limited and a retry-after, writing nothing', async () => {
    for (const id of ['m1', 'm2', 'm3']) await send(id);

    const refused = send('m4').catch((e: unknown) => e);

    expect(await errorOf(send('m4'))).toBe('rate_limited:');
    expect(await refused).toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    expect(deps.store.messages.get('c1')?.map((m) => m.clientMessageId)).toEqual(['m1', 'm2', 'm3']);
  });

  it('counts each connection on its own, and refills with time', async () => {
    for (const id of ['m1', 'm2', 'm3']) await send(id);

    expect(await errorOf(send('m4', 'cv2'))).toBe('no error');
    deps.clock.set(T0 + 1000);
    expect(await errorOf(send('m5'))).toBe('no error');
  });

  it('gives staff four times the budget', async () => {
    const results = [];
    for (let i = 0; i < 13; i++) results.push(await errorOf(send(`a${i}`, 'ca1', agent())));

    expect(results.filter((r) => r === 'no error')).toHaveLength(12);
    expect(results.at(-1)).toBe('rate_limited:');
  });

  it('limits typing events the same way', async () => {
    const frame = { action: 'typing', requestId: 'r', chatId: 'c1', isTyping: true } as const;
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await errorOf(typing(deps, { caller: visitor(), connectionId: 'cv1' }, frame)));

    expect(results).toEqual(['no error', 'no error', 'rate_limited:']);
  });
});

describe('rate limit per visitor per chat (stored on the chat)', () => {
  it('holds across connections and instances: the count lives on the chat item', async () => {
    for (let i = 1; i <= 5; i++) await send(`m${i}`, `conn-${i}`);

    expect(await errorOf(send('m6', 'conn-6'))).toBe('rate_limited:');
    expect(deps.store.chats.get('c1')?.visitorRate).toEqual({ window: Math.floor(T0 / 10_000) * 10_000, count: 5 });
    expect(deps.store.messages.get('c1')).toHaveLength(5);
  });

  it('never limits the agent’s replies by the visitor’s window, and never shows the counter to clients', async () => {
    for (let i = 1; i <= 5; i++) await send(`m${i}`, `conn-${i}`);

    const reply = await send('a1', 'ca1', agent());

    expect(reply.message.seq).toBe(6);
    const started = await startChat(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'startChat', requestId: 'r' });
    expect(started.chat).not.toHaveProperty('visitorRate');
  });
});

describe('sessions: per-address limit, identity verification', () => {
  it('refuses the session after max per address per window with rate_limited; other addresses are unaffected', async () => {
    for (let i = 0; i < 3; i++) await session();

    expect(await session().catch((e: unknown) => e)).toMatchObject({ code: 'rate_limited', retryAfterMs: 60_000 });
    expect(await errorOf(session({}, '198.51.100.1'))).toBe('no error');
  });

  it('gives a verified user their contact’s visitor id on every device, and records who they are', async () => {
    const identity = { userId: 'u-42', name: 'Mia', email: 'mia@example.com', signature: 'sig:u-42' };

    const first = await session({ identity });
    const second = await session({ identity }, '198.51.100.9');

    expect(first).toMatchObject({ visitorId: 'v_u_u-42', verified: true });
    expect(second.visitorId).toBe(first.visitorId);
    expect(deps.store.visitors.get('v_u_u-42')).toEqual({ name: 'Mia', email: 'mia@example.com', userId: 'u-42', address: '198.51.100.9' });
  });

  it.each([
    ['an unsigned identity', { userId: 'u-42' }],
    ['a badly signed identity', { userId: 'u-42', signature: 'sig:u-43' }],
  ])('treats %s as anonymous', async (_case, identity) => {
    const reply = await session({ identity });

    expect(reply.visitorId).toBe('v_1');
    expect(reply).not.toHaveProperty('verified');
    expect(deps.store.visitors.get('v_1')).not.toHaveProperty('userId');
  });
});

describe('blocking a visitor', () => {
  beforeEach(async () => {
    deps.store.visitors.set('v1', { userId: 'u-42', address: '203.0.113.7' });
    deps.store.connections.set('cv1', { connectionId: 'cv1', userId: 'v1', role: 'visitor', connectedAt: T0 });
  });

  it('blocks by visitor id, verified user id and address, closes the chat as unresolved and publishes visitor.blocked', async () => {
    const ack = await blockVisitor(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'blockVisitor', requestId: 'r', chatId: 'c1' });

    expect(ack).toEqual({ visitorId: 'v1', blocked: ['visitor', 'user', 'address'] });
    expect(deps.store.chats.get('c1')).toMatchObject({ status: 'closed', outcome: 'unresolved', tags: ['blocked'] });
    expect(deps.publisher.types()).toEqual(['chat.closed', 'visitor.blocked']);
    expect(deps.publisher.events[1]?.detail).toMatchObject({ visitorId: 'v1', agentId: 'a1', chatId: 'c1' });
    expect(deps.store.blocks.get('address:203.0.113.7')?.expiresAt).toBe(Math.floor(T0 / 1000) + 86_400);
    expect(deps.store.blocks.get('visitor:v1')?.expiresAt).toBeUndefined();
  });

  it('holds across new sessions: same token, verified identity, or the same address', async () => {
    await blockVisitor(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'blockVisitor', requestId: 'r', chatId: 'c1' });

    expect(await errorOf(session({ previousToken: 'token:v1' }, '198.51.100.1'))).toBe('blocked:');
    expect(await errorOf(session({ identity: { userId: 'u-42', signature: 'sig:u-42' } }, '198.51.100.2'))).toBe('blocked:');
    expect(await errorOf(session({}, '203.0.113.7'))).toBe('blocked:');
    expect(await errorOf(connect(deps, { caller: visitor(), connectionId: 'cv9' }))).toBe('blocked:');
    expect(await errorOf(startChat(deps, { caller: visitor(), connectionId: 'cv1' }, { action: 'startChat', requestId: 'r', text: 'again' }))).toBe('blocked:');
    expect(await errorOf(session({}, '198.51.100.3'))).toBe('no error');
  });

  it('leaves the address alone when the agent says so', async () => {
    const ack = await blockVisitor(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'blockVisitor', requestId: 'r', chatId: 'c1', address: false });

    expect(ack.blocked).toEqual(['visitor', 'user']);
    expect(await errorOf(session({}, '203.0.113.7'))).toBe('no error');
  });

  it('lets the address block lapse after a day', async () => {
    await blockVisitor(deps, { caller: agent(), connectionId: 'ca1' }, { action: 'blockVisitor', requestId: 'r', chatId: 'c1' });

    deps.clock.set(T0 + 86_401_000);

    expect(await errorOf(session({}, '203.0.113.7'))).toBe('no error');
  });

  it('is idempotent: a repeat keeps the blocks and republishes the same event id', async () => {
    const frame = { action: 'blockVisitor', requestId: 'r', chatId: 'c1' } as const;
    await blockVisitor(deps, { caller: agent(), connectionId: 'ca1' }, frame);
    await blockVisitor(deps, { caller: agent(), connectionId: 'ca1' }, frame);

    const ids = deps.publisher.events.filter((e) => e.detailType === 'visitor.blocked').map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(1);
    expect(deps.store.blocks.size).toBe(3);
  });

  it.each([
    ['the visitor', () => visitor(), 'forbidden:action'],
    ['an agent of another chat', () => agent('a2', 'Carol', 'sales'), 'forbidden:chatId'],
    ['a supervisor', () => supervisor(), 'no error'],
  ])('%s → %s', async (_who, caller, expected) => {
    expect(await errorOf(blockVisitor(deps, { caller: caller(), connectionId: 'x' }, { action: 'blockVisitor', requestId: 'r', chatId: 'c1' }))).toBe(expected);
  });
});

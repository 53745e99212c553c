/**
 * The reconnect grace (functions/use-cases/presence.ts): an agent whose last console socket
 * closes stays present for routing.reconnectGraceSeconds — offered nothing, but a new chat queues
 * for them instead of going offline; back within the grace, their queue drains to them; the grace
 * lapsed, they are away and a new chat is offline.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { isPresent } from '../../../../functions/domain/routing';
import { connect } from '../../../../functions/use-cases/connect';
import { disconnect } from '../../../../functions/use-cases/disconnect';
import { fireTimer } from '../../../../functions/use-cases/offers';
import { routeChats } from '../../../../functions/use-cases/route-chats';
import { startChat } from '../../../../functions/use-cases/start-chat';
import { availability } from '../../../../functions/use-cases/tickets';
import { agent, onlineAgent, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;

const GRACE_MS = 60_000;
const alice = { caller: agent('a1'), connectionId: 'ca1' };

beforeEach(async () => {
  deps = testDeps();
  deps.store.agents.set('a1', onlineAgent());
  await connect(deps, alice);
});

const start = (visitorId: string) => startChat(deps, { caller: visitor(visitorId), connectionId: `c${visitorId}` }, { action: 'startChat', requestId: 'r', text: 'Hello?', clientMessageId: `m-${visitorId}` });

/** Delivers to routing every event published since `from` (as the bus would); returns the index to read on from. */
async function route(from: number): Promise<number> {
  const events: ParleyEvent[] = deps.publisher.events.slice(from);
  const next = deps.publisher.events.length;
  for (const event of events) await routeChats(deps, event);
  return next;
}

describe('domain: isPresent', () => {
  it.each([
    ['online with a socket', { status: 'online' as const }, T0, true],
    ['online, socket gone 59.999 s ago', { status: 'online' as const, disconnectedAt: T0 }, T0 + GRACE_MS - 1, true],
    ['online, socket gone exactly the grace ago', { status: 'online' as const, disconnectedAt: T0 }, T0 + GRACE_MS, false],
    ['away', { status: 'away' as const }, T0, false],
    ['offline', { status: 'offline' as const }, T0, false],
  ])('%s → %s', (_what, agentState, now, present) => {
    expect(isPresent(agentState, now, GRACE_MS)).toBe(present);
  });
});

describe('the last console socket closes', () => {
  it('keeps the agent online, marked disconnected, publishes nothing and sets the grace timer', async () => {
    await disconnect(deps, alice);

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online', disconnectedAt: T0 });
    expect(deps.publisher.events).toEqual([]);
    expect(deps.timers.of('presence-grace')).toEqual([{ timer: { kind: 'presence-grace', agentId: 'a1', disconnectedAt: T0 }, dueAt: T0 + GRACE_MS }]);
  });

  it('keeps the first time when the close is handled twice, and sets the same timer', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + 2000);
    await disconnect(deps, alice);

    expect(deps.store.agents.get('a1')?.disconnectedAt).toBe(T0);
    expect(deps.timers.of('presence-grace').map((t) => t.dueAt)).toEqual([T0 + GRACE_MS, T0 + GRACE_MS]);
  });

  it('does nothing while another console of the agent is still open', async () => {
    await connect(deps, { caller: agent('a1'), connectionId: 'ca2' });

    await disconnect(deps, alice);

    expect(deps.store.agents.get('a1')?.disconnectedAt).toBeUndefined();
    expect(deps.timers.of('presence-grace')).toEqual([]);
  });

  it('clears the mark at once when a new console opened while the old one was closing', async () => {
    // The new socket's $connect read the profile before the close marked it.
    deps.store.connections.set('ca2', { connectionId: 'ca2', userId: 'a1', role: 'agent', connectedAt: T0 });

    await disconnect(deps, alice);

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online' });
    expect(deps.store.agents.get('a1')?.disconnectedAt).toBeUndefined();
  });
});

describe('a chat started within the grace', () => {
  it('queues (no offline, no ticket) without an offer, and goes to the agent when a console is back', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + 10_000);

    const started = await start('v1');
    const read = await route(0);

    expect(started.chat.status).toBe('queued');
    expect(deps.publisher.types()).not.toContain('chat.missed');
    expect(deps.publisher.types()).not.toContain('ticket.created');
    expect(deps.store.chats.get(started.chat.chatId)?.offeredTo).toBeUndefined();
    expect((await availability(deps)).departments.find((d) => d.id === 'support')?.online).toBe(true);

    deps.clock.set(T0 + 20_000);
    await connect(deps, { caller: agent('a1'), connectionId: 'ca2' });
    const back = deps.publisher.events.slice(read).map((e) => e.detail);
    await route(read);

    expect(deps.store.agents.get('a1')?.disconnectedAt).toBeUndefined();
    expect(back).toEqual([expect.objectContaining({ eventId: `a1:reconnected:${T0}`, agentId: 'a1', status: 'online', previous: 'online', automatic: true })]);
    expect(deps.store.chats.get(started.chat.chatId)).toMatchObject({ status: 'queued', offeredTo: 'a1' });
    expect(deps.push.to('ca2')).toEqual([expect.objectContaining({ type: 'offer' })]);
  });

  it('is offline (no-agents) once the grace has passed, even before its timer fired', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + GRACE_MS);

    const started = await start('v1');

    expect(started.chat).toMatchObject({ status: 'offline', offlineReason: 'no-agents' });
    expect((await availability(deps)).departments.find((d) => d.id === 'support')?.online).toBe(false);
  });
});

describe('the grace ends', () => {
  it('sets a still-disconnected agent away (automatic), and a later console puts them back online', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + GRACE_MS);

    await fireTimer(deps, { kind: 'presence-grace', agentId: 'a1', disconnectedAt: T0 }, T0 + GRACE_MS);

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'away', autoAway: true });
    expect(deps.store.agents.get('a1')?.disconnectedAt).toBeUndefined();
    expect(deps.publisher.events.map((e) => e.detail)).toEqual([expect.objectContaining({ eventId: `a1:status:${T0 + GRACE_MS}`, status: 'away', previous: 'online', automatic: true })]);
    expect((await start('v1')).chat).toMatchObject({ status: 'offline', offlineReason: 'no-agents' });

    deps.clock.set(T0 + GRACE_MS + 5000);
    await connect(deps, { caller: agent('a1'), connectionId: 'ca2' });

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online', autoAway: false });
  });

  it('publishes the lapse again, with the same id, when its timer is delivered again', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + GRACE_MS);
    const fire = () => fireTimer(deps, { kind: 'presence-grace', agentId: 'a1', disconnectedAt: T0 }, T0 + GRACE_MS);
    deps.publisher.failures = 1;
    await expect(fire()).rejects.toThrow('PutEvents');

    await fire();

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'away', autoAway: true });
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual([`a1:status:${T0 + GRACE_MS}`]);
  });

  it('changes nothing when the agent came back within the grace', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + 5000);
    await connect(deps, { caller: agent('a1'), connectionId: 'ca2' });
    deps.clock.set(T0 + GRACE_MS);
    const before = deps.publisher.events.length;

    await fireTimer(deps, { kind: 'presence-grace', agentId: 'a1', disconnectedAt: T0 }, T0 + GRACE_MS);

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online' });
    expect(deps.publisher.events.length).toBe(before);
  });

  it('changes nothing for an older blip when the agent dropped again since (the newer grace has its own timer)', async () => {
    await disconnect(deps, alice);
    deps.clock.set(T0 + 5000);
    await connect(deps, { caller: agent('a1'), connectionId: 'ca2' });
    deps.clock.set(T0 + 30_000);
    await disconnect(deps, { caller: agent('a1'), connectionId: 'ca2' });
    deps.clock.set(T0 + GRACE_MS);

    await fireTimer(deps, { kind: 'presence-grace', agentId: 'a1', disconnectedAt: T0 }, T0 + GRACE_MS);

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online', disconnectedAt: T0 + 30_000 });
  });

  it('treats an agent whose socket raced the mark as back: the mark cleared, routing told, not away', async () => {
    await disconnect(deps, alice);
    deps.store.connections.set('ca2', { connectionId: 'ca2', userId: 'a1', role: 'agent', connectedAt: T0 + 1 });
    deps.store.agents.set('a1', { ...(deps.store.agents.get('a1') as ReturnType<typeof onlineAgent>), disconnectedAt: T0 });
    deps.clock.set(T0 + GRACE_MS);

    await fireTimer(deps, { kind: 'presence-grace', agentId: 'a1', disconnectedAt: T0 }, T0 + GRACE_MS);

    expect(deps.store.agents.get('a1')).toMatchObject({ status: 'online' });
    expect(deps.store.agents.get('a1')?.disconnectedAt).toBeUndefined();
    expect(deps.publisher.events.at(-1)?.detail).toMatchObject({ eventId: `a1:reconnected:${T0}`, status: 'online' });
  });
});

describe('routing while the agent reconnects', () => {
  it('offers a queued chat to a colleague with a socket, never to the reconnecting agent', async () => {
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob', activeChats: 2 }));
    await connect(deps, { caller: agent('a2', 'Bob'), connectionId: 'cb1' });
    await disconnect(deps, alice);

    const started = await start('v1');
    await route(0);

    expect(deps.store.chats.get(started.chat.chatId)?.offeredTo).toBe('a2');
  });
});

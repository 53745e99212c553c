/**
 * Routing under a burst, through the real local runtime and DynamoDB Local: 50 chats requested at
 * once across 5 agents with 3 seats each, a third of all event deliveries made twice (the local bus's
 * duplicate-delivery fault, as EventBridge may), one agent leaving and another joining while the
 * burst is routed; then a freed seat and an offer nobody answers.
 *
 * Deterministic on a loaded machine: every wait is on state (bounded), never on time. Why the
 * first draft failed under load: it asserted that a visitor got one `chat` frame per assignment,
 * but a redelivered chat.requested re-sends a standing offer and the agent's second Accept
 * re-announces the assignment (idempotent, by design: retries must finish a half-done
 * announcement). What must hold is one agent and one "joined" line per chat, which this checks.
 * Queue frames can cross on the wire, so a visitor's place is its newest frame by `at`, read after
 * a round trip on its socket (every push sent before the reply has arrived).
 */
import { describe, expect, it } from 'vitest';
import type { ChatOffer, ChatSummary, ServerFrame } from '../../functions/contracts/frames';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent, type Resumed, useRuntime, type Visitor, WAIT_MS } from './harness';

const OFFER_TIMEOUT_S = 20;
const local = useRuntime({
  config: { routing: { offerTimeoutSeconds: OFFER_TIMEOUT_S, queueLimitSeconds: 900 }, sla: { firstResponseSeconds: 3600 } },
  faults: { duplicateDeliveryRate: 0.3, seed: 4 },
});

const SEATS = 3;
const CHATS = 50;
/** 50 chats and their doubled events against one DynamoDB Local on a shared machine: bounded, not tight. */
const BURST_MS = 240_000;
/** A request's reply while the burst is routed waits behind it (on a busy 2-core machine, tens of seconds). */
const REPLY_MS = 90_000;

interface Listed {
  chats: ChatSummary[];
  offers: ChatOffer[];
}

async function assignedTo(agent: Client): Promise<string[]> {
  const { chats } = await agent.ack<Listed>({ action: 'listChats' }, REPLY_MS);
  return chats.filter((c) => c.status === 'assigned').map((c) => c.chatId);
}

/** Waits (bounded) until `check` holds, letting the runtime settle between looks. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + BURST_MS / 2;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await local.runtime.idle();
    await new Promise((r) => setTimeout(r, 200));
  }
}

type QueueFrame = Extract<ServerFrame, { type: 'queue' }>;

/** The place a visitor's client shows: its newest queue frame, after every push sent so far has arrived. */
async function placeOf(visitor: Visitor, chatId: string): Promise<number | undefined> {
  await visitor.client.ack({ action: 'ping' }, REPLY_MS);
  const frames = visitor.client.pending('queue').filter((f) => f.chatId === chatId);
  return frames.reduce<QueueFrame | undefined>((newest, f) => (newest && (newest.at ?? 0) > (f.at ?? 0) ? newest : f), undefined)?.position;
}

/**
 * The places `chats` (in queue order) show once the pushes settle: positions go out at most once a
 * second per department, the last move's at the end of its second, so a look right after the
 * runtime is idle may come before that push. Waits (bounded) for 1…n, returning the last look.
 */
async function settledPlaces(chats: readonly ChatSummary[]): Promise<(number | undefined)[]> {
  const wanted = JSON.stringify(chats.map((_c, i) => i + 1));
  let places: (number | undefined)[] = [];
  await until(async () => {
    places = await Promise.all(chats.map((c) => placeOf(byChat.get(c.chatId)!, c.chatId)));
    return JSON.stringify(places) === wanted;
  }, 'places 1…n').catch(() => undefined);
  return places;
}

const byChat = new Map<string, Visitor>();
const resumeChat = (chatId: string): Promise<Resumed> => byChat.get(chatId)!.client.ack<Resumed>({ action: 'resume', chatId, afterSeq: 0 }, REPLY_MS);

const inQueueOrder = (a: ChatSummary, b: ChatSummary): number => a.createdAt - b.createdAt || (a.chatId < b.chatId ? -1 : 1);

describe('routing: 50 chats at once, 5 agents × 3 seats, duplicate deliveries, agents leaving and joining', () => {
  let staying: Client[];
  let queued: ChatSummary[];

  it('fills every online seat once, never assigns a chat twice, and tells the rest their places 1…n in queue order', async () => {
    // Arrange
    const [alice, bob, dave, erin, finn] = (await Promise.all(['alice', 'bob', 'dave', 'erin', 'finn'].map((n) => onlineAgent(local.runtime, `${n}@demo.parley`)))) as [Client, Client, Client, Client, Client];
    const sam = await connectAgent(local.runtime, 'sam@demo.parley');
    const visitors = await Promise.all(Array.from({ length: CHATS }, () => connectVisitor(local.runtime)));
    local.keep(alice, bob, dave, erin, finn, sam, ...visitors.map((v) => v.client));

    // Act: every chat at once; when half are in, Erin leaves (her chats stay hers) and Sam joins.
    let acked = 0;
    let churn: Promise<unknown> | undefined;
    const started = await Promise.all(
      visitors.map(async (v, i) => {
        const { chat } = await v.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: `Question ${i}`, clientMessageId: newId('m') }, REPLY_MS);
        byChat.set(chat.chatId, v);
        if (++acked === CHATS / 2) churn = Promise.all([erin.ack({ action: 'setStatus', status: 'away' }, REPLY_MS), sam.ack({ action: 'setStatus', status: 'online' }, REPLY_MS)]);
        return chat;
      }),
    );
    await churn;
    staying = [alice, bob, dave, finn, sam];
    await until(async () => {
      const seats = await Promise.all(staying.map(assignedTo));
      return seats.every((s) => s.length === SEATS) && (await erin.ack<Listed>({ action: 'listChats' }, REPLY_MS)).offers.length === 0;
    }, 'every online seat filled and Erin’s last offers answered');
    await local.runtime.idle();

    // Assert: seats
    const seats = await Promise.all(staying.map(assignedTo));
    const erinsChats = await assignedTo(erin);
    expect(seats.map((s) => s.length)).toEqual([3, 3, 3, 3, 3]);
    expect(erinsChats.length).toBeLessThanOrEqual(SEATS);
    const holders = new Map([...seats, erinsChats].flatMap((list, i) => list.map((chatId) => [chatId, i] as const)));
    expect(holders.size).toBe(15 + erinsChats.length);
    expect(local.runtime.faults?.injected.duplicateDeliveries ?? 0).toBeGreaterThan(0);

    // Assert: every chat either assigned once (one agent, one "joined" line) or waiting
    const resumed = await Promise.all(started.map((c) => resumeChat(c.chatId)));
    const assigned = resumed.filter((r) => r.chat.status === 'assigned');
    queued = started.filter((_c, i) => resumed[i]?.chat.status === 'queued').sort(inQueueOrder);
    expect(assigned.map((r) => r.chat.chatId).sort()).toEqual([...holders.keys()].sort());
    expect(queued).toHaveLength(CHATS - holders.size);
    for (const { chat, messages } of assigned) {
      expect(messages.filter((m) => m.senderRole === 'system'), chat.chatId).toHaveLength(1);
      const told = byChat.get(chat.chatId)!.client.pending('chat').filter((f) => f.chat.status === 'assigned');
      expect(new Set(told.map((f) => f.chat.agentId)), chat.chatId).toEqual(new Set([chat.agentId]));
    }

    // Assert: places in line
    expect(await settledPlaces(queued)).toEqual(queued.map((_c, i) => i + 1));
  }, BURST_MS);

  it('re-routes an offer nobody answers when it lapses, never offers it to that agent again, fills freed seats and moves everyone up', async () => {
    // Arrange: Alice stops accepting; what she was offered during the burst is done with.
    const [alice, , dave] = staying as [Client, Client, Client];
    alice.autoAccept = false;
    for (const type of ['offer', 'offerEnded'] as const) while (alice.pending(type).length > 0) await alice.waitFor(type);
    const waiting = new Set(queued.map((c) => c.chatId));

    // Act: Alice frees a seat and lets the offer lapse; her seat goes to another waiting chat,
    // which she takes; then Dave frees a seat.
    await alice.ack({ action: 'closeChat', chatId: (await assignedTo(alice))[0], outcome: 'resolved' }, REPLY_MS);
    const first = await alice.waitFor('offer', () => true, REPLY_MS);
    const lapsed = await alice.waitFor('offerEnded', (f) => f.chatId === first.offer.chat.chatId, OFFER_TIMEOUT_S * 1000 + REPLY_MS);
    const next = await alice.waitFor('offer', () => true, REPLY_MS);
    await alice.ack({ action: 'acceptOffer', chatId: next.offer.chat.chatId }, REPLY_MS);
    const daveBefore = await assignedTo(dave);
    await dave.ack({ action: 'closeChat', chatId: daveBefore[0], outcome: 'resolved' }, REPLY_MS);
    await until(async () => (await assignedTo(dave)).length === SEATS, 'Dave’s freed seat filled');
    await local.runtime.idle();

    // Assert: the lapsed chat went back to the line (or to Dave), never to Alice again
    expect(waiting.has(first.offer.chat.chatId)).toBe(true);
    expect(lapsed.reason).toBe('expired');
    expect(next.offer.chat.chatId).not.toBe(first.offer.chat.chatId);
    expect(waiting.has(next.offer.chat.chatId)).toBe(true);
    expect(await assignedTo(alice)).toContain(next.offer.chat.chatId);
    expect(alice.pending('offer').map((f) => f.offer.chat.chatId)).not.toContain(first.offer.chat.chatId);
    const lapsedNow = (await resumeChat(first.offer.chat.chatId)).chat;
    expect(lapsedNow.status === 'queued' || lapsedNow.agentId === 'u-dave').toBe(true);

    // Assert: everyone still waiting moved up, in queue order
    const resumed = await Promise.all(queued.map((c) => resumeChat(c.chatId)));
    const still = queued.filter((_c, i) => resumed[i]?.chat.status === 'queued');
    expect(still).toHaveLength(queued.length - 2);
    expect(await settledPlaces(still)).toEqual(still.map((_c, i) => i + 1));
  }, BURST_MS);
});

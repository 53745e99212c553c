import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { AssignmentConflictError } from '../../../../functions/domain/errors';
import { acceptOffer, declineOffer, fireTimer } from '../../../../functions/use-cases/offers';
import { listChats } from '../../../../functions/use-cases/list-chats';
import { QueuePushGate } from '../../../../functions/use-cases/queue-updates';
import { raisePriority, routeChats } from '../../../../functions/use-cases/route-chats';
import { agent, errorOf, onlineAgent, queuedChat, T0, testDeps, type TestDeps } from '../fakes';

let deps: TestDeps;

const stamp = (eventId: string) => ({ eventId, version: 1 as const, occurredAt: new Date(T0).toISOString() });
const requested = (chatId = 'c1', department = 'support'): ParleyEvent => ({ detailType: 'chat.requested', detail: { ...stamp(`${chatId}:requested`), chatId, visitorId: 'v1', department } });
const online = (agentId = 'a1'): ParleyEvent => ({
  detailType: 'agent.status.changed',
  detail: { ...stamp(`${agentId}:status:1`), agentId, status: 'online', previous: 'offline', automatic: false },
});
const ctx = (userId = 'a1', connectionId = 'ca1') => ({ caller: agent(userId), connectionId });

function queue(...chats: ReturnType<typeof queuedChat>[]) {
  for (const chat of chats) {
    deps.store.chats.set(chat.chatId, chat);
    deps.store.messages.set(chat.chatId, []);
  }
}
const connect = (connectionId: string, userId: string, role: 'visitor' | 'agent' = 'agent') => deps.store.connections.set(connectionId, { connectionId, userId, role, connectedAt: T0 });

beforeEach(() => {
  deps = testDeps();
  deps.clock.set(T0 + 5000);
});

describe('routeChats: offers', () => {
  it('offers a requested chat to the least busy agent: seat taken, expiry timer, chat.offered, an offer frame', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob' }));
    connect('ca2', 'a2');

    const offered = await routeChats(deps, requested());

    expect(offered).toBe(1);
    expect(deps.store.chats.get('c1')).toMatchObject({ status: 'queued', offeredTo: 'a2', offerAttempt: 1, offerExpiresAt: T0 + 35_000 });
    expect(deps.store.agents.get('a2')?.activeChats).toBe(1);
    expect(deps.timers.of('offer-expiry')).toEqual([{ timer: { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, dueAt: T0 + 35_000 }]);
    expect(deps.timers.of('queue-limit')).toEqual([{ timer: { kind: 'queue-limit', chatId: 'c1' }, dueAt: T0 + 300_000 }]);
    expect(deps.publisher.events.find((e) => e.detailType === 'chat.offered')).toMatchObject({ detail: { eventId: 'c1:offered:1', agentId: 'a2', attempt: 1 } });
    expect(deps.push.to('ca2')).toEqual([{ type: 'offer', offer: { chat: expect.objectContaining({ chatId: 'c1', status: 'queued' }), expiresAt: T0 + 35_000, attempt: 1 } }]);
  });

  it('re-sends the offer, not a second one, when chat.requested is delivered again', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent());

    await routeChats(deps, requested());
    await routeChats(deps, requested());

    expect(deps.store.agents.get('a1')?.activeChats).toBe(1);
    expect(deps.store.chats.get('c1')?.offerAttempt).toBe(1);
  });

  it('offers only to an agent with the chat’s skills', async () => {
    queue(queuedChat({ skills: ['fi'] }));
    deps.store.agents.set('a1', onlineAgent());
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', skills: ['fi'], activeChats: 2 }));

    await routeChats(deps, requested());

    expect(deps.store.chats.get('c1')?.offeredTo).toBe('a2');
  });

  it('drains a department by priority, then age, and skips a chat nobody eligible can take', async () => {
    queue(
      queuedChat({ chatId: 'old', createdAt: T0 }),
      queuedChat({ chatId: 'urgent', createdAt: T0 + 2, priority: 1 }),
      queuedChat({ chatId: 'fi', createdAt: T0 - 5, skills: ['fi'] }),
      queuedChat({ chatId: 'late', createdAt: T0 + 3 }),
    );
    deps.store.agents.set('a1', onlineAgent({ maxChats: 2 }));

    expect(await routeChats(deps, online())).toBe(2);

    expect(deps.store.chats.get('urgent')?.offeredTo).toBe('a1');
    expect(deps.store.chats.get('old')?.offeredTo).toBe('a1');
    expect(deps.store.chats.get('fi')?.offeredTo).toBeUndefined();
    expect(deps.store.chats.get('late')?.offeredTo).toBeUndefined();
  });

  it('takes back an offer it could not announce, so the redelivered event offers it again, announced, and not as a pass', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent());
    connect('ca1', 'a1');
    deps.publisher.failures = 1;

    await expect(routeChats(deps, online())).rejects.toThrow('PutEvents');
    expect(await routeChats(deps, online())).toBe(1);

    expect(deps.push.to('ca1')).toEqual([{ type: 'offer', offer: expect.objectContaining({ attempt: 2 }) }]);
    expect(deps.publisher.events.filter((e) => e.detailType === 'chat.offered')).toHaveLength(1);
    expect(deps.store.chats.get('c1')).toMatchObject({ offeredTo: 'a1', offerAttempt: 2 });
    expect(deps.store.chats.get('c1')?.passedBy).toBeUndefined();
    expect(deps.store.agents.get('a1')?.activeChats).toBe(1);
  });

  it('re-plans when an agent lost a race for capacity', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent());
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', activeChats: 1 }));
    deps.store.beforeOffer = (_chat, a) => {
      if (a.agentId === 'a1') deps.store.agents.get('a1')!.activeChats = 3;
    };

    await routeChats(deps, requested());

    expect(deps.store.chats.get('c1')?.offeredTo).toBe('a2');
    // The chat's own timers went out once, with the first offer's expiry; the second offer sends only its own.
    expect(deps.timers.scheduled.map((s) => s.timer.kind)).toEqual(['sla', 'queue-limit', 'offer-expiry', 'offer-expiry']);
    expect(deps.timers.requests).toBe(2);
  });

  it('sends a chat’s own timers (SLA, queue limit) without an expiry when nobody can take it', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent({ activeChats: 3 }));

    await routeChats(deps, requested());

    expect(deps.timers.scheduled.map((s) => s.timer.kind)).toEqual(['sla', 'queue-limit']);
    expect(deps.timers.of('queue-limit')).toEqual([{ timer: { kind: 'queue-limit', chatId: 'c1' }, dueAt: T0 + 300_000 }]);
    expect(deps.timers.requests).toBe(1);
  });

  it('moves on when another consumer offered the chat first', async () => {
    queue(queuedChat({ chatId: 'c1' }), queuedChat({ chatId: 'c2', createdAt: T0 + 1 }));
    deps.store.agents.set('a1', onlineAgent());
    const offer = deps.store.offerChat.bind(deps.store);
    deps.store.offerChat = async (input) => {
      if (input.chat.chatId === 'c1') throw new AssignmentConflictError(true, false);
      return offer(input);
    };

    expect(await routeChats(deps, online())).toBe(1);
    expect(deps.store.chats.get('c2')?.offeredTo).toBe('a1');
  });

  it('leaves a chat queued when every agent is full, and the next freed capacity offers it', async () => {
    queue(queuedChat({ chatId: 'c1' }));
    deps.store.agents.set('a1', onlineAgent({ maxChats: 1, activeChats: 1 }));

    expect(await routeChats(deps, requested('c1'))).toBe(0);
    deps.store.agents.get('a1')!.activeChats = 0;
    expect(await routeChats(deps, online())).toBe(1);
  });

  it('ignores an event for an unknown chat', async () => {
    expect(await routeChats(deps, requested('nope'))).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });
});

const closed = (chatId: string, extra: { handleMs?: number; agentId?: string; offeredTo?: string } = {}): ParleyEvent => ({
  detailType: 'chat.closed',
  detail: { ...stamp(`${chatId}:closed`), chatId, visitorId: 'v1', department: 'support', closedBy: 'agent', tags: [], durationMs: 90_000, ...extra },
});

describe('routeChats: reads per event', () => {
  it('a close with an empty queue reads the queue once and no agents, and takes the handle time from the event', async () => {
    deps.store.agents.set('a1', onlineAgent({ activeChats: 0 }));
    const reads = { queue: vi.spyOn(deps.store, 'listQueue'), agents: vi.spyOn(deps.store, 'listOnlineAgents'), chat: vi.spyOn(deps.store, 'getChat') };

    expect(await routeChats(deps, closed('gone', { handleMs: 60_000, agentId: 'a1' }))).toBe(0);

    expect(reads.queue).toHaveBeenCalledTimes(1);
    expect(reads.agents).not.toHaveBeenCalled();
    expect(reads.chat).not.toHaveBeenCalled();
    expect(deps.store.handleTimes.get('support')).toEqual([{ chatId: 'gone', ms: 60_000, closedAt: T0 }]);
  });

  it('a close of a chat while it was offered drains the offered agent’s other departments: their seat is free again', async () => {
    deps.store.agents.set('a1', onlineAgent({ departments: ['support', 'billing'], maxChats: 1 }));
    queue(queuedChat({ chatId: 'waiting', department: 'billing' }));

    expect(await routeChats(deps, closed('gone', { offeredTo: 'a1' }))).toBe(1);

    expect(deps.store.chats.get('waiting')?.offeredTo).toBe('a1');
  });

  it('a close of a chat nobody took records no handle time', async () => {
    queue(queuedChat({ chatId: 'gone' }));
    await routeChats(deps, closed('gone'));
    expect(deps.store.handleTimes.get('support')).toBeUndefined();
  });

  it('a drain that can offer nothing pushes the positions from its own read of the queue and agents', async () => {
    queue(queuedChat({ chatId: 'c1', visitorId: 'v1' }), queuedChat({ chatId: 'c2', visitorId: 'v2', createdAt: T0 + 1 }));
    deps.store.agents.set('a1', onlineAgent({ activeChats: 3, maxChats: 3 }));
    connect('cv1', 'v1', 'visitor');
    connect('cv2', 'v2', 'visitor');
    const reads = { queue: vi.spyOn(deps.store, 'listQueue'), agents: vi.spyOn(deps.store, 'listOnlineAgents') };

    expect(await routeChats(deps, online())).toBe(0);

    expect(reads.queue).toHaveBeenCalledTimes(1);
    expect(reads.agents).toHaveBeenCalledTimes(1);
    expect(deps.push.to('cv2')).toEqual([{ type: 'queue', chatId: 'c2', position: 2, estimatedWaitSeconds: null, at: T0 + 5000 }]);
  });

  it('a drain that made offers reads the queue again for the push: the visitors still waiting move up', async () => {
    queue(queuedChat({ chatId: 'c1', visitorId: 'v1' }), queuedChat({ chatId: 'c2', visitorId: 'v2', createdAt: T0 + 1 }));
    deps.store.agents.set('a1', onlineAgent({ maxChats: 1 }));
    connect('cv2', 'v2', 'visitor');

    expect(await routeChats(deps, online())).toBe(1);

    expect(deps.store.chats.get('c1')?.offeredTo).toBe('a1');
    expect(deps.push.to('cv2')).toEqual([{ type: 'queue', chatId: 'c2', position: 1, estimatedWaitSeconds: null, at: T0 + 5000 }]);
  });
});

describe('routeChats: queue position and estimated wait', () => {
  /** c1's visitor waits (told position 1); then c0, older, joins ahead of it: the arrangement of the refused-timer tests. */
  async function olderChatJoinsTheQueue(): Promise<void> {
    queue(queuedChat({ chatId: 'c1', visitorId: 'v1' }));
    connect('cv1', 'v1', 'visitor');
    await routeChats(deps, requested('c1'));
    queue(queuedChat({ chatId: 'c0', visitorId: 'v0', createdAt: T0 - 1 }));
    connect('cv0', 'v0', 'visitor');
  }

  it('tells each waiting visitor their position and wait, and only again when it changed', async () => {
    queue(queuedChat({ chatId: 'c1', visitorId: 'v1' }), queuedChat({ chatId: 'c2', visitorId: 'v2', createdAt: T0 + 1 }));
    deps.store.agents.set('a1', onlineAgent({ activeChats: 3, maxChats: 3 }));
    deps.store.handleTimes.set('support', [{ chatId: 'x', ms: 60_000 }, { chatId: 'y', ms: 120_000 }]);
    connect('cv1', 'v1', 'visitor');
    connect('cv2', 'v2', 'visitor');

    await routeChats(deps, requested('c2'));
    await routeChats(deps, requested('c2'));

    expect(deps.push.to('cv1')).toEqual([{ type: 'queue', chatId: 'c1', position: 1, estimatedWaitSeconds: 30, at: T0 + 5000 }]);
    expect(deps.push.to('cv2')).toEqual([{ type: 'queue', chatId: 'c2', position: 2, estimatedWaitSeconds: 60, at: T0 + 5000 }]);
  });

  it('pushes a department at most once a second: a move within it sets one push for the end of the second, which tells the newest places', async () => {
    queue(queuedChat({ chatId: 'c1', visitorId: 'v1' }), queuedChat({ chatId: 'c2', visitorId: 'v2', createdAt: T0 + 1 }));
    connect('cv1', 'v1', 'visitor');
    connect('cv2', 'v2', 'visitor');
    await routeChats(deps, requested('c2'));
    queue(queuedChat({ chatId: 'c0', visitorId: 'v0', createdAt: T0 - 1, priority: 5 }));
    connect('cv0', 'v0', 'visitor');

    deps.clock.set(T0 + 5200);
    await routeChats(deps, requested('c0'));
    deps.clock.set(T0 + 5400);
    await routeChats(deps, requested('c0'));
    const pushedBefore = deps.push.sent.length;
    const [due] = deps.timers.of('queue-positions');
    deps.clock.set(T0 + 6200);
    await fireTimer(deps, due!.timer, due!.dueAt);

    expect(pushedBefore).toBe(2);
    expect(deps.timers.of('queue-positions')).toEqual([{ timer: { kind: 'queue-positions', department: 'support' }, dueAt: T0 + 6200 }]);
    expect(deps.push.to('cv0')).toEqual([{ type: 'queue', chatId: 'c0', position: 1, estimatedWaitSeconds: null, at: T0 + 6200 }]);
    expect(deps.push.to('cv1').map((f) => f.type === 'queue' && f.position)).toEqual([1, 2]);
    expect(deps.push.to('cv2').map((f) => f.type === 'queue' && f.position)).toEqual([2, 3]);
  });

  it('an instance that knows a push is set for later neither reads the queue nor asks the gate for a move before it; one after it does', async () => {
    deps.queuePushGate = new QueuePushGate();
    queue(queuedChat({ chatId: 'c1', visitorId: 'v1' }), queuedChat({ chatId: 'c2', visitorId: 'v2', createdAt: T0 + 1 }));
    await routeChats(deps, requested('c2'));
    deps.clock.set(T0 + 5200);
    await routeChats(deps, requested('c1'));
    const reads = vi.spyOn(deps.store, 'listQueue');
    const claims = vi.spyOn(deps.store, 'claimQueuePush');

    deps.clock.set(T0 + 5400);
    await routeChats(deps, requested('c2'));
    const coveredReads = reads.mock.calls.length;
    const coveredClaims = claims.mock.calls.length;
    deps.clock.set(T0 + 6200);
    await routeChats(deps, requested('c2'));

    expect(deps.timers.of('queue-positions')).toEqual([{ timer: { kind: 'queue-positions', department: 'support' }, dueAt: T0 + 6200 }]);
    expect([coveredReads, coveredClaims]).toEqual([0, 0]);
    expect([reads.mock.calls.length, claims.mock.calls.length]).toEqual([1, 1]);
  });

  it('writes nothing to the push gate when the queue is empty', async () => {
    deps.store.agents.set('a1', onlineAgent());
    queue(queuedChat());

    await routeChats(deps, requested());

    expect(deps.store.chats.get('c1')?.offeredTo).toBe('a1');
    expect(deps.store.queuePushes.size).toBe(0);
  });

  it('makes the push set for the end of the second itself, when it is due, when its timer cannot be set (the timer queue refused it)', async () => {
    await olderChatJoinsTheQueue();
    deps.timers.schedule = async (timer) => {
      if (timer.kind === 'queue-positions') throw new Error('SQS: ServiceUnavailable');
    };
    deps.clock.set(T0 + 5300);

    await routeChats(deps, requested('c0'));

    expect(deps.push.to('cv0')).toEqual([{ type: 'queue', chatId: 'c0', position: 1, estimatedWaitSeconds: null, at: T0 + 6300 }]);
    expect(deps.store.queuePushes.get('support')).toEqual({ sentAt: T0 + 6300 });
    expect(deps.push.to('cv1').map((f) => f.type === 'queue' && f.position)).toEqual([1, 2]);
  });

  it('a refused timer and a failed push leave no push claimed that will not happen: the retry of the event tells the visitors', async () => {
    await olderChatJoinsTheQueue();
    let refusals = 1;
    const schedule = deps.timers.schedule.bind(deps.timers);
    deps.timers.schedule = async (timer, dueAt) => {
      if (timer.kind === 'queue-positions' && refusals-- > 0) throw new Error('SQS: ServiceUnavailable');
      return schedule(timer, dueAt);
    };
    const handleTimes = deps.store.recentHandleTimes.bind(deps.store);
    let failures = 1;
    deps.store.recentHandleTimes = async (department, count) => {
      if (failures-- > 0) throw new Error('DynamoDB: ProvisionedThroughputExceededException');
      return handleTimes(department, count);
    };
    deps.clock.set(T0 + 5300);

    await expect(routeChats(deps, requested('c0'))).rejects.toThrow('ProvisionedThroughputExceededException');
    deps.clock.set(deps.clock.now() + 100);
    await routeChats(deps, requested('c0'));
    for (const due of deps.timers.of('queue-positions')) {
      deps.clock.set(due.dueAt);
      await fireTimer(deps, due.timer, due.dueAt);
    }

    expect(deps.push.to('cv0').map((f) => f.type === 'queue' && f.position)).toEqual([1]);
    expect(deps.push.to('cv1').map((f) => f.type === 'queue' && f.position)).toEqual([1, 2]);
  });

  it('a move another instance leaves to a push whose timer was refused is still told (the push is made when it was due)', async () => {
    const other = { ...deps, queuePushGate: new QueuePushGate() };
    await olderChatJoinsTheQueue();
    deps.timers.schedule = async (timer) => {
      if (timer.kind === 'queue-positions') throw new Error('SQS: ServiceUnavailable');
    };
    let moved = false;
    let coveredReads = -1;
    const anotherMove = async () => {
      moved = true;
      deps.clock.set(T0 + 5500);
      queue(queuedChat({ chatId: 'c9', visitorId: 'v9', createdAt: T0 + 2 }));
      connect('cv9', 'v9', 'visitor');
      await routeChats(other, requested('c9'));
      const reads = vi.spyOn(deps.store, 'listQueue');
      deps.clock.set(T0 + 5600);
      await routeChats(other, requested('c9'));
      coveredReads = reads.mock.calls.length;
      reads.mockRestore();
    };
    const sleep = deps.clock.sleep;
    deps.clock.sleep = async (ms) => {
      const until = deps.clock.now() + ms;
      if (!moved) await anotherMove();
      await sleep(Math.max(0, until - deps.clock.now()));
    };
    deps.clock.set(T0 + 5300);

    await routeChats(deps, requested('c0'));
    if (!moved) await anotherMove();

    expect(coveredReads).toBe(0);
    expect(deps.push.to('cv9').map((f) => f.type === 'queue' && f.position)).toEqual([3]);
    expect(deps.push.to('cv1').at(-1)).toMatchObject({ position: 2 });
  });

  it('gives no estimate when nobody is online', async () => {
    queue(queuedChat());
    connect('cv1', 'v1', 'visitor');

    await routeChats(deps, requested());

    expect(deps.push.to('cv1')).toEqual([{ type: 'queue', chatId: 'c1', position: 1, estimatedWaitSeconds: null, at: T0 + 5000 }]);
  });
});

describe('offers: accept, decline, expire', () => {
  beforeEach(async () => {
    queue(queuedChat({ lastSeq: 0 }));
    deps.store.agents.set('a1', onlineAgent());
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob', activeChats: 1 }));
    connect('ca1', 'a1');
    connect('ca1b', 'a1');
    connect('cv1', 'v1', 'visitor');
    await routeChats(deps, requested());
    deps.push.sent = [];
    deps.publisher.events = [];
  });

  it('accept assigns the chat: chat.assigned, a joined line, frames to both sides, the offer gone from the other console', async () => {
    const profileReads = vi.spyOn(deps.store, 'getAgent');
    const { chat } = await acceptOffer(deps, ctx(), { action: 'acceptOffer', requestId: 'r', chatId: 'c1' });

    expect(chat).toMatchObject({ status: 'assigned', agentId: 'a1', agentName: 'Alice', lastSeq: 1 });
    // The name comes from the caller's identity, which every connect writes to the profile.
    expect(profileReads).not.toHaveBeenCalled();
    expect(deps.store.agents.get('a1')?.activeChats).toBe(1);
    expect(deps.publisher.types()).toEqual(['chat.assigned', 'message.created']);
    expect(deps.push.to('cv1').map((f) => f.type)).toEqual(['chat', 'message']);
    expect(deps.push.to('ca1b').map((f) => f.type)).toEqual(['chat', 'message', 'offerEnded']);
    expect(deps.push.to('ca1').map((f) => f.type)).toEqual(['chat', 'message']);
  });

  it('accept retried after the first attempt died mid-announcement tells both sides, with one joined line', async () => {
    // The chaos run's lesson: a retry must announce again, whole, not trust a half-done announcement.
    const publish = deps.publisher.publish.bind(deps.publisher);
    let calls = 0;
    deps.publisher.publish = async (events) => {
      calls += 1;
      if (calls === 2) throw new Error('bus down');
      return publish(events);
    };
    await expect(acceptOffer(deps, ctx(), { action: 'acceptOffer', requestId: 'r', chatId: 'c1' })).rejects.toThrow('bus down');
    expect(deps.push.to('cv1')).toEqual([]);

    const again = await acceptOffer(deps, ctx(), { action: 'acceptOffer', requestId: 'r2', chatId: 'c1' });

    expect(again.chat).toMatchObject({ status: 'assigned', lastSeq: 1 });
    expect(deps.push.to('cv1').map((f) => f.type)).toEqual(['chat', 'message']);
    expect(deps.store.messages.get('c1')?.filter((m) => m.senderRole === 'system')).toHaveLength(1);
    expect(deps.store.agents.get('a1')?.activeChats).toBe(1);
  });

  it('gives a reconnecting console its pending offer back: in the listChats ack and pushed again to that socket only', async () => {
    connect('ca1new', 'a1');

    const listed = await listChats(deps, ctx('a1', 'ca1new'));

    const offer = { chat: expect.objectContaining({ chatId: 'c1', status: 'queued' }), expiresAt: T0 + 35_000, attempt: 1 };
    expect(listed).toEqual({ chats: [], offers: [offer] });
    expect(deps.push.to('ca1new')).toEqual([{ type: 'offer', offer }]);
    expect(deps.push.to('ca1')).toEqual([]);
    expect((await acceptOffer(deps, ctx('a1', 'ca1new'), { action: 'acceptOffer', requestId: 'r', chatId: 'c1' })).chat.status).toBe('assigned');
  });

  it('lists no offer that has lapsed (its timer has not run yet), none of another agent, and none to a visitor', async () => {
    deps.clock.set(T0 + 35_001);

    expect((await listChats(deps, ctx('a1'))).offers).toEqual([]);
    expect((await listChats(deps, ctx('a2', 'ca2'))).offers).toEqual([]);
    expect(await listChats(deps, { caller: { principalId: 'v1', userId: 'v1', role: 'visitor', name: '', departments: '' }, connectionId: 'cv1' })).not.toHaveProperty('offers');
    expect(deps.push.sent).toEqual([]);
  });

  it.each([
    ['another agent', ctx('a2', 'ca2'), 'conflict:chatId'],
    ['a visitor', { caller: { principalId: 'v1', userId: 'v1', role: 'visitor' as const, name: '', departments: '' }, connectionId: 'cv1' }, 'forbidden:action'],
  ])('refuses accept by %s', async (_who, context, expected) => {
    expect(await errorOf(acceptOffer(deps, context, { action: 'acceptOffer', requestId: 'r', chatId: 'c1' }))).toBe(expected);
    expect(deps.store.chats.get('c1')?.status).toBe('queued');
  });

  it('refuses accept after the offer lapsed', async () => {
    deps.clock.set(T0 + 5000 + 30_001);

    expect(await errorOf(acceptOffer(deps, ctx(), { action: 'acceptOffer', requestId: 'r', chatId: 'c1' }))).toBe('conflict:chatId');
  });

  it('decline frees the seat, requeues the chat with the agent passed, publishes chat.offer.rejected, and routing offers it to the next agent', async () => {
    await declineOffer(deps, ctx(), { action: 'declineOffer', requestId: 'r', chatId: 'c1' });

    expect(deps.store.agents.get('a1')?.activeChats).toBe(0);
    expect(deps.store.chats.get('c1')).toMatchObject({ status: 'queued', passedBy: ['a1'] });
    const rejected = deps.publisher.events.find((e) => e.detailType === 'chat.offer.rejected');
    expect(rejected).toMatchObject({ detail: { agentId: 'a1', reason: 'declined' } });
    expect(deps.push.to('ca1b')).toEqual([{ type: 'offerEnded', chatId: 'c1', reason: 'declined' }]);

    await routeChats(deps, rejected as ParleyEvent);

    expect(deps.store.chats.get('c1')).toMatchObject({ offeredTo: 'a2', offerAttempt: 2 });
  });

  it('an expiry timer for the current offer lapses it (missed by the agent); a stale one does nothing', async () => {
    deps.clock.set(T0 + 35_000);

    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 35_000);
    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 35_000);

    expect(deps.publisher.events.filter((e) => e.detailType === 'chat.offer.rejected')).toEqual([expect.objectContaining({ detail: expect.objectContaining({ reason: 'expired' }) })]);
    expect(deps.push.to('ca1')).toEqual([{ type: 'offerEnded', chatId: 'c1', reason: 'expired' }]);
    expect(deps.store.agents.get('a1')?.activeChats).toBe(0);
  });

  it('an offer that lapses while the agent has no console open does not count as passing: back online, they are offered it again', async () => {
    deps.store.connections.delete('ca1');
    deps.store.connections.delete('ca1b');
    deps.clock.set(T0 + 35_000);

    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 35_000);
    await routeChats(deps, online('a1'));

    expect(deps.store.chats.get('c1')).toMatchObject({ offeredTo: 'a1', offerAttempt: 2 });
    expect(deps.store.chats.get('c1')?.passedBy ?? []).toEqual([]);
  });

  it('an offer that lapses on an open console counts as passing: never offered to that agent again', async () => {
    deps.clock.set(T0 + 35_000);

    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 35_000);
    await routeChats(deps, online('a1'));

    expect(deps.store.chats.get('c1')).toMatchObject({ passedBy: ['a1'] });
    expect(deps.store.chats.get('c1')?.offeredTo).not.toBe('a1');
  });

  it('a timer left by an offer whose write lost its race does not end the next offer of the same attempt early', async () => {
    // The chat's offer (attempt 1) expires at T0 + 35 s; an earlier, failed try at attempt 1 left a timer due at T0 + 20 s.
    deps.clock.set(T0 + 20_000);

    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 20_000);

    expect(deps.store.chats.get('c1')).toMatchObject({ offeredTo: 'a1', offerAttempt: 1 });
    expect(deps.publisher.events).toEqual([]);
  });

  it('a timer that arrives early is sent again for the rest', async () => {
    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 35_000);

    expect(deps.store.chats.get('c1')?.offeredTo).toBe('a1');
    expect(deps.timers.scheduled.at(-1)).toEqual({ timer: { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, dueAt: T0 + 35_000 });
  });

  it('a lapse after the queue limit makes the chat missed and tells the visitor', async () => {
    deps.clock.set(T0 + 300_000);

    await fireTimer(deps, { kind: 'offer-expiry', chatId: 'c1', attempt: 1 }, T0 + 35_000);

    expect(deps.store.chats.get('c1')?.status).toBe('missed');
    expect(deps.publisher.types()).toEqual(['chat.offer.rejected', 'chat.missed']);
    expect(deps.push.to('cv1')).toEqual([{ type: 'chat', chat: expect.objectContaining({ status: 'missed' }) }]);
  });

  it('the queue limit leaves an offered chat to its offer', async () => {
    deps.clock.set(T0 + 300_000);

    await fireTimer(deps, { kind: 'queue-limit', chatId: 'c1' }, T0 + 300_000);

    expect(deps.store.chats.get('c1')?.status).toBe('queued');
  });
});

describe('queue limit', () => {
  it('makes a chat nobody took missed, once, and tells the visitor', async () => {
    queue(queuedChat());
    connect('cv1', 'v1', 'visitor');
    deps.clock.set(T0 + 300_000);

    await fireTimer(deps, { kind: 'queue-limit', chatId: 'c1' }, T0 + 300_000);
    await fireTimer(deps, { kind: 'queue-limit', chatId: 'c1' }, T0 + 300_000);

    expect(deps.store.chats.get('c1')?.status).toBe('missed');
    expect(deps.publisher.events).toEqual([expect.objectContaining({ detailType: 'chat.missed', detail: expect.objectContaining({ reason: 'queue-timeout', waitMs: 300_000 }) })]);
    expect(deps.push.to('cv1')).toEqual([{ type: 'chat', chat: expect.objectContaining({ chatId: 'c1', status: 'missed' }) }]);
  });

  it('ignores a timer for an unknown chat', async () => {
    await fireTimer(deps, { kind: 'queue-limit', chatId: 'nope' }, T0);

    expect(deps.publisher.events).toEqual([]);
  });
});

describe('raisePriority (escalation)', () => {
  it('moves a waiting chat ahead of older ones and offers it first when a seat is free', async () => {
    queue(queuedChat({ chatId: 'old', createdAt: T0 }), queuedChat({ chatId: 'late', createdAt: T0 + 10, visitorId: 'v2' }));
    deps.store.agents.set('a1', onlineAgent({ maxChats: 2, activeChats: 1 }));

    expect(await raisePriority(deps, 'late', 5)).toBe(true);

    expect(deps.store.chats.get('late')).toMatchObject({ priority: 5, offeredTo: 'a1' });
    expect(deps.store.chats.get('old')?.offeredTo).toBeUndefined();
  });

  it('never lowers a priority, and leaves a chat that is no longer waiting alone', async () => {
    queue(queuedChat({ chatId: 'c1', priority: 7 }), queuedChat({ chatId: 'c2', status: 'assigned', agentId: 'a1' }));

    expect(await raisePriority(deps, 'c1', 3)).toBe(false);
    expect(await raisePriority(deps, 'c2', 3)).toBe(false);
    expect(deps.store.chats.get('c1')?.priority).toBe(7);
  });
});

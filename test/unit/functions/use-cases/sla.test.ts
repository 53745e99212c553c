import { describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../../../functions/contracts/config';
import type { SlaTimer } from '../../../../functions/domain/sla';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { checkSlaTimer } from '../../../../functions/use-cases/sla-timers';
import { startChat } from '../../../../functions/use-cases/start-chat';
import { routeChats } from '../../../../functions/use-cases/route-chats';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { createHandler } from '../../../../functions/handlers/timers/fire';
import { agent, onlineAgent, queuedChat, supervisor, T0, testDeps, visitor } from '../fakes';

function slaDeps(sla: Record<string, unknown> = {}) {
  const deps = testDeps();
  deps.config = deploymentConfigSchema.parse({ departments: [{ id: 'support', name: 'Support' }], sla: { firstResponseSeconds: 60, queueSeconds: 30, agentReplySeconds: 120, ...sla } });
  return deps;
}

/** A timer as the shared timer queue carries it. */
const message = ({ deadline, ...timer }: SlaTimer) => ({ timer: { kind: 'sla', ...timer }, dueAt: deadline });
const firstResponse = (o: Partial<SlaTimer> = {}): SlaTimer => ({ chatId: 'c1', department: 'support', target: 'firstResponse', targetSeconds: 60, startedAt: T0, deadline: T0 + 60_000, ...o });

describe('starting SLA timers', () => {
  const requestedOf = (deps: ReturnType<typeof slaDeps>) => deps.publisher.events.filter((e) => e.detailType === 'chat.requested');

  it('starts first-response and queue timers when routing hears a chat requested, in one request with its queue limit and first offer', async () => {
    const deps = slaDeps();
    deps.store.agents.set('a1', onlineAgent());

    const { chat } = await startChat(deps, { connectionId: 'k1', caller: visitor() }, { action: 'startChat', requestId: 'r1', text: 'hi', clientMessageId: 'm1' });
    const startRequests = deps.timers.requests;
    for (const event of requestedOf(deps)) await routeChats(deps, event);

    expect(startRequests).toBe(0);
    expect(deps.timers.of('sla').map(({ timer, dueAt }) => [timer.chatId, timer.target, dueAt - T0])).toEqual([
      [chat.chatId, 'firstResponse', 60_000],
      [chat.chatId, 'queueTime', 30_000],
    ]);
    expect(deps.timers.scheduled.map((s) => s.timer.kind)).toEqual(['sla', 'sla', 'queue-limit', 'offer-expiry']);
    expect(deps.timers.requests).toBe(1);
  });

  it('starts them even when the chat was offered and taken before chat.requested reached routing; none for an offline chat', async () => {
    const deps = slaDeps();
    deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', assignedAt: T0 + 1 }));
    deps.store.chats.set('c2', queuedChat({ chatId: 'c2', status: 'offline', offlineReason: 'no-agents', closedAt: T0 }));
    const requested = (chatId: string): ParleyEvent => ({ detailType: 'chat.requested', detail: { eventId: `${chatId}:requested`, version: 1, occurredAt: new Date(T0).toISOString(), chatId, visitorId: 'v1', department: 'support' } });

    await routeChats(deps, requested('c1'));
    await routeChats(deps, requested('c2'));

    expect(deps.timers.scheduled.map((s) => [s.timer.kind, 'chatId' in s.timer && s.timer.chatId])).toEqual([
      ['sla', 'c1'],
      ['sla', 'c1'],
    ]);
  });

  it('starts the reply timer once when a visitor writes to an answered chat, not per message, and the agent’s reply stops the wait', async () => {
    // Arrange
    const deps = slaDeps();
    deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', assignedAt: T0, firstResponseAt: T0 }));
    const say = (caller: ReturnType<typeof visitor>, id: string) => sendMessage(deps, { connectionId: 'k', caller }, { action: 'sendMessage', requestId: id, chatId: 'c1', clientMessageId: id, text: id });

    // Act
    await say(visitor(), 'm1');
    deps.clock.set(T0 + 5_000);
    await say(visitor(), 'm2');
    const waiting = deps.store.chats.get('c1')?.awaitingReplySince;
    await say(agent(), 'm3');

    // Assert
    expect(deps.timers.of('sla')).toEqual([{ timer: { kind: 'sla', chatId: 'c1', department: 'support', target: 'agentReply', targetSeconds: 120, startedAt: T0 }, dueAt: T0 + 120_000 }]);
    expect(waiting).toBe(T0);
    expect(deps.store.chats.get('c1')?.awaitingReplySince).toBeUndefined();
  });
});

describe('checkSlaTimer', () => {
  it('reports a breach once: event, live alert to supervisors and admins, red badge to the agent, priority raised', async () => {
    // Arrange
    const deps = slaDeps({ escalation: [{ raisePriorityTo: 5 }] });
    deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', assignedAt: T0 + 1 }));
    await deps.store.putConnection({ connectionId: 'sam', userId: 's1', role: 'supervisor', connectedAt: T0 }, 1);
    await deps.store.putConnection({ connectionId: 'alice', userId: 'a1', role: 'agent', connectedAt: T0 }, 1);
    await deps.store.putConnection({ connectionId: 'vis', userId: 'v1', role: 'visitor', connectedAt: T0 }, 1);
    deps.clock.set(T0 + 60_400);

    // Act
    const first = await checkSlaTimer(deps, firstResponse());
    const again = await checkSlaTimer(deps, firstResponse());

    // Assert
    expect([first, again]).toEqual(['breached', 'already-reported']);
    expect(deps.publisher.events).toEqual([
      {
        detailType: 'sla.breached',
        detail: {
          eventId: `c1:sla:firstResponse#${T0}`,
          version: 1,
          occurredAt: new Date(T0 + 60_400).toISOString(),
          chatId: 'c1',
          target: 'firstResponse',
          targetSeconds: 60,
          deadline: new Date(T0 + 60_000).toISOString(),
          actual: new Date(T0 + 60_400).toISOString(),
          department: 'support',
          agentId: 'a1',
        },
      },
    ]);
    expect(deps.push.to('sam')).toMatchObject([{ type: 'slaBreach', breach: { chatId: 'c1', target: 'firstResponse', detectedAt: T0 + 60_400 }, chat: { chatId: 'c1', priority: 5 } }]);
    expect(deps.push.to('alice')).toMatchObject([{ type: 'chat', chat: { chatId: 'c1', slaBreach: { target: 'firstResponse' } } }]);
    expect(deps.push.to('vis')).toEqual([]);
    expect(deps.store.chats.get('c1')?.priority).toBe(5);
  });

  it('escalating a waiting chat re-sorts the queue: it moves ahead of older ones and both visitors hear their new places', async () => {
    // Arrange: the only agent is full; "old" waits ahead of "late", and both were told so.
    const deps = slaDeps({ escalation: [{ target: 'queueTime', raisePriorityTo: 5 }] });
    deps.store.agents.set('a1', onlineAgent({ activeChats: 3 }));
    deps.store.chats.set('old', queuedChat({ chatId: 'old', visitorId: 'v1', createdAt: T0 - 10_000, queueNotice: '1|-', queueNoticeAt: T0 }));
    deps.store.chats.set('late', queuedChat({ chatId: 'late', visitorId: 'v2', queueNotice: '2|-', queueNoticeAt: T0 }));
    await deps.store.putConnection({ connectionId: 'k1', userId: 'v1', role: 'visitor', connectedAt: T0 }, 1);
    await deps.store.putConnection({ connectionId: 'k2', userId: 'v2', role: 'visitor', connectedAt: T0 }, 1);
    deps.clock.set(T0 + 30_500);

    // Act
    const outcome = await checkSlaTimer(deps, { chatId: 'late', department: 'support', target: 'queueTime', targetSeconds: 30, startedAt: T0, deadline: T0 + 30_000 });

    // Assert
    expect(outcome).toBe('breached');
    expect((await deps.store.listQueue('support', 10)).map((c) => c.chatId)).toEqual(['late', 'old']);
    expect(deps.push.to('k2')).toEqual([{ type: 'queue', chatId: 'late', position: 1, estimatedWaitSeconds: null, at: T0 + 30_500 }]);
    expect(deps.push.to('k1')).toEqual([{ type: 'queue', chatId: 'old', position: 2, estimatedWaitSeconds: null, at: T0 + 30_500 }]);
  });

  it('escalating a waiting chat when a seat is free offers it first', async () => {
    const deps = slaDeps({ escalation: [{ target: 'queueTime', raisePriorityTo: 5 }] });
    deps.store.agents.set('a1', onlineAgent({ activeChats: 2 }));
    deps.store.chats.set('old', queuedChat({ chatId: 'old', createdAt: T0 - 10_000 }));
    deps.store.chats.set('late', queuedChat({ chatId: 'late', visitorId: 'v2' }));
    deps.clock.set(T0 + 30_500);

    await checkSlaTimer(deps, { chatId: 'late', department: 'support', target: 'queueTime', targetSeconds: 30, startedAt: T0, deadline: T0 + 30_000 });

    expect(deps.store.chats.get('late')).toMatchObject({ priority: 5, offeredTo: 'a1' });
    expect(deps.store.chats.get('old')?.offeredTo).toBeUndefined();
  });

  it('emits nothing for a target met in time', async () => {
    const deps = slaDeps();
    deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', firstResponseAt: T0 + 59_000 }));
    deps.clock.set(T0 + 60_000);

    expect(await checkSlaTimer(deps, firstResponse())).toBe('met');
    expect(deps.publisher.events).toEqual([]);
    expect(deps.push.sent).toEqual([]);
  });

  it('announces again (same eventId) a breach recorded by a delivery that died before announcing it', async () => {
    const deps = slaDeps();
    deps.store.chats.set('c1', queuedChat());
    deps.clock.set(T0 + 61_000);
    await deps.store.recordSlaBreach({ ...firstResponse(), detectedAt: T0 + 60_500 });

    expect(await checkSlaTimer(deps, firstResponse())).toBe('already-reported');
    expect(deps.publisher.events.map((e) => [e.detail.eventId, 'actual' in e.detail && e.detail.actual])).toEqual([[`c1:sla:firstResponse#${T0}`, new Date(T0 + 60_500).toISOString()]]);
  });

  it('starts a timer that came back early (a long target, past SQS’s 15 minutes) again', async () => {
    const deps = slaDeps();
    deps.store.chats.set('c1', queuedChat());
    const long = firstResponse({ targetSeconds: 3600, deadline: T0 + 3_600_000 });
    deps.clock.set(T0 + 900_000);

    expect(await checkSlaTimer(deps, long)).toBe('rescheduled');
    expect(deps.timers.of('sla').map((s) => s.dueAt)).toEqual([long.deadline]);
  });

  it('ignores a timer for a chat that does not exist', async () => {
    const deps = slaDeps();
    deps.clock.set(T0 + 61_000);

    expect(await checkSlaTimer(deps, firstResponse({ chatId: 'nope' }))).toBe('unknown-chat');
  });

  it('does not notify supervisors when no rule asks for it', async () => {
    const deps = slaDeps({ escalation: [{ notifySupervisors: false }] });
    deps.store.chats.set('c1', queuedChat());
    await deps.store.putConnection({ connectionId: 'sam', userId: supervisor().userId, role: 'supervisor', connectedAt: T0 }, 1);
    deps.clock.set(T0 + 61_000);

    expect(await checkSlaTimer(deps, firstResponse())).toBe('breached');
    expect(deps.push.to('sam')).toEqual([]);
    expect(deps.publisher.types()).toEqual(['sla.breached']);
  });
});

describe('the timers function with SLA timers', () => {
  it('drops a malformed message, checks the good ones, and hands back only a failed one for retry', async () => {
    const deps = slaDeps();
    deps.store.chats.set('c1', queuedChat());
    deps.clock.set(T0 + 61_000);
    const failing = { ...deps, store: Object.assign(Object.create(deps.store) as typeof deps.store, { getChat: async (id: string) => { if (id === 'boom') throw new Error('DynamoDB down'); return deps.store.getChat(id); } }) };
    const handler = createHandler(() => failing);

    const result = await handler(
      {
        Records: [
          { messageId: 'bad', body: '{"chatId": 1}' },
          { messageId: 'ok', body: JSON.stringify(message(firstResponse())) },
          { messageId: 'fail', body: JSON.stringify(message(firstResponse({ chatId: 'boom' }))) },
        ],
      } as never,
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'fail' }] });
    expect(deps.publisher.types()).toEqual(['sla.breached']);
  });
});

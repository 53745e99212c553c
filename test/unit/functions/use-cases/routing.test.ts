import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { AssignmentConflictError } from '../../../../functions/domain/errors';
import { routeChats } from '../../../../functions/use-cases/route-chats';
import { onlineAgent, queuedChat, T0, testDeps, type TestDeps } from '../fakes';

let deps: TestDeps;

const requested = (chatId = 'c1', department = 'support'): ParleyEvent => ({
  detailType: 'chat.requested',
  detail: { eventId: `${chatId}:requested`, version: 1, occurredAt: new Date(T0).toISOString(), chatId, visitorId: 'v1', department },
});

const online = (agentId = 'a1'): ParleyEvent => ({
  detailType: 'agent.status.changed',
  detail: { eventId: `${agentId}:status:1`, version: 1, occurredAt: new Date(T0).toISOString(), agentId, status: 'online', previous: 'offline', automatic: false },
});

function queue(...chats: ReturnType<typeof queuedChat>[]) {
  for (const chat of chats) {
    deps.store.chats.set(chat.chatId, chat);
    deps.store.messages.set(chat.chatId, []);
  }
}

beforeEach(() => {
  deps = testDeps();
  deps.clock.set(T0 + 5000);
});

describe('routeChats', () => {
  it('assigns the oldest queued chats to the least busy agents until capacity runs out', async () => {
    queue(queuedChat({ chatId: 'c1', createdAt: T0 }), queuedChat({ chatId: 'c2', createdAt: T0 + 1 }), queuedChat({ chatId: 'c3', createdAt: T0 + 2 }));
    deps.store.agents.set('a1', onlineAgent({ agentId: 'a1', maxChats: 1 }));
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob', maxChats: 1, activeChats: 0, lastAssignedAt: T0 - 10 }));

    const assigned = await routeChats(deps, online('a2'));

    expect(assigned).toBe(2);
    expect(deps.store.chats.get('c1')).toMatchObject({ status: 'assigned', agentId: 'a1' });
    expect(deps.store.chats.get('c2')).toMatchObject({ status: 'assigned', agentId: 'a2' });
    expect(deps.store.chats.get('c3')?.status).toBe('queued');
  });

  it('announces an assignment: event, a system line with a seq, and a chat frame to both sides', async () => {
    queue(queuedChat({ lastSeq: 1 }));
    deps.store.messages.set('c1', [{ chatId: 'c1', seq: 1, clientMessageId: 'm1', senderRole: 'visitor', senderId: 'v1', text: 'hi', createdAt: T0 }]);
    deps.store.agents.set('a1', onlineAgent());
    deps.store.connections.set('cv1', { connectionId: 'cv1', userId: 'v1', role: 'visitor', connectedAt: T0 });
    deps.store.connections.set('ca1', { connectionId: 'ca1', userId: 'a1', role: 'agent', connectedAt: T0 });

    await routeChats(deps, requested());

    expect(deps.publisher.events[0]).toMatchObject({ detailType: 'chat.assigned', detail: { eventId: 'c1:assigned', agentId: 'a1', waitMs: 5000 } });
    expect(deps.store.messages.get('c1')?.[1]).toMatchObject({ seq: 2, senderRole: 'system', text: 'Alice joined the chat' });
    for (const connectionId of ['cv1', 'ca1']) {
      expect(deps.push.to(connectionId).map((f) => f.type)).toEqual(['chat', 'message']);
      expect(deps.push.to(connectionId)[0]).toMatchObject({ chat: { status: 'assigned', agentName: 'Alice', lastSeq: 2 } });
    }
  });

  it('tries the next agent when the first one lost a race for capacity', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent({ agentId: 'a1' }));
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', activeChats: 1 }));
    const assign = deps.store.assignChat.bind(deps.store);
    deps.store.assignChat = async (chat, agent, now) => {
      if (agent.agentId === 'a1') throw new AssignmentConflictError(false, true);
      return assign(chat, agent, now);
    };

    await routeChats(deps, requested());

    expect(deps.store.chats.get('c1')?.agentId).toBe('a2');
  });

  it('moves on when another consumer took the chat first', async () => {
    queue(queuedChat({ chatId: 'c1' }), queuedChat({ chatId: 'c2', createdAt: T0 + 1 }));
    deps.store.agents.set('a1', onlineAgent());
    const assign = deps.store.assignChat.bind(deps.store);
    deps.store.assignChat = async (chat, agent, now) => {
      if (chat.chatId === 'c1') {
        deps.store.chats.get('c1')!.status = 'assigned';
        throw new AssignmentConflictError(true, false);
      }
      return assign(chat, agent, now);
    };

    const assigned = await routeChats(deps, online());

    expect(assigned).toBe(1);
    expect(deps.store.chats.get('c2')?.agentId).toBe('a1');
  });

  it('routes a requested chat by itself, so a burst of requests does not race for the same queue head', async () => {
    queue(queuedChat({ chatId: 'c1', createdAt: T0 }), queuedChat({ chatId: 'c2', createdAt: T0 + 1 }));
    deps.store.agents.set('a1', onlineAgent({ maxChats: 5 }));

    const assigned = await routeChats(deps, requested('c2'));

    expect(assigned).toBe(1);
    expect(deps.store.chats.get('c2')).toMatchObject({ status: 'assigned', agentId: 'a1' });
    expect(deps.publisher.events.filter((e) => e.detailType === 'chat.assigned')).toHaveLength(1);
  });

  it('leaves a requested chat queued when every agent is full, and the next freed capacity takes it', async () => {
    queue(queuedChat({ chatId: 'c1' }));
    deps.store.agents.set('a1', onlineAgent({ maxChats: 1, activeChats: 1 }));

    expect(await routeChats(deps, requested('c1'))).toBe(0);
    expect(deps.store.chats.get('c1')?.status).toBe('queued');

    deps.store.agents.get('a1')!.activeChats = 0;
    expect(await routeChats(deps, online())).toBe(1);
    expect(deps.store.chats.get('c1')?.status).toBe('assigned');
  });

  it('does nothing when no agent is online', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent({ status: 'away' }));

    expect(await routeChats(deps, requested())).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });

  it('drains every department of an agent who comes online', async () => {
    queue(queuedChat({ chatId: 'c1', department: 'billing' }));
    deps.store.agents.set('a1', onlineAgent({ departments: ['support', 'billing'] }));

    const assigned = await routeChats(deps, online());

    expect(assigned).toBe(1);
  });

  it('tells both sides on redelivery when the first delivery died after writing the joined line', async () => {
    // Found by the chaos run: with PutEvents failing after the line was written, the retry saw
    // the line, took the announcement as done, and the agent was never told of the chat.
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent());
    deps.store.connections.set('ca1', { connectionId: 'ca1', userId: 'a1', role: 'agent', connectedAt: T0 });
    const publish = deps.publisher.publish.bind(deps.publisher);
    let calls = 0;
    deps.publisher.publish = async (events) => {
      calls += 1;
      if (calls === 2) throw new Error('bus down');
      return publish(events);
    };
    await expect(routeChats(deps, requested())).rejects.toThrow('bus down');
    const pushedBefore = deps.push.to('ca1').length;

    await routeChats(deps, requested());

    expect(pushedBefore).toBe(0);
    expect(deps.push.to('ca1')).toEqual([expect.objectContaining({ type: 'chat', chat: expect.objectContaining({ status: 'assigned', agentId: 'a1' }) }), expect.objectContaining({ type: 'message' })]);
    expect(deps.publisher.types()).toEqual(['chat.assigned', 'chat.assigned', 'message.created']);
    expect(deps.store.messages.get('c1')?.filter((m) => m.senderRole === 'system')).toHaveLength(1);
  });

  it('announces on redelivery an assignment whose first delivery failed before announcing', async () => {
    queue(queuedChat());
    deps.store.agents.set('a1', onlineAgent());
    const publish = deps.publisher.publish.bind(deps.publisher);
    deps.publisher.publish = async () => {
      throw new Error('bus down');
    };
    await expect(routeChats(deps, requested())).rejects.toThrow('bus down');
    deps.publisher.publish = publish;

    const assigned = await routeChats(deps, requested());

    expect(assigned).toBe(0);
    expect(deps.publisher.types()).toEqual(['chat.assigned', 'message.created']);
    expect(deps.store.messages.get('c1')?.filter((m) => m.senderRole === 'system')).toHaveLength(1);
  });
});

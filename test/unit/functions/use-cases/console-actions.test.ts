import { beforeEach, describe, expect, it } from 'vitest';
import { type FrameOf, transferChatFrame } from '../../../../functions/contracts/frames';
import { URGENT_PRIORITY } from '../../../../functions/domain/routing';
import { fillCanned, saveCanned } from '../../../../functions/use-cases/canned';
import { acceptOffer } from '../../../../functions/use-cases/offers';
import { routeChats } from '../../../../functions/use-cases/route-chats';
import { sendMessage } from '../../../../functions/use-cases/send-message';
import { setTags } from '../../../../functions/use-cases/tags';
import { listTransferTargets } from '../../../../functions/use-cases/transfer-targets';
import { transferChat } from '../../../../functions/use-cases/transfer-chat';
import { agent, errorOf, onlineAgent, queuedChat, supervisor, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;
const asAlice = { caller: agent('a1', 'Alice', 'support'), connectionId: 'ca1' };

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0, lastSeq: 1, visitorName: 'Mia' }));
  deps.store.messages.set('c1', [{ chatId: 'c1', seq: 1, clientMessageId: 'm1', senderRole: 'visitor', senderId: 'v1', text: 'hi', createdAt: T0 }]);
  deps.store.agents.set('a1', onlineAgent({ activeChats: 1 }));
  deps.store.agentChats.set('a1', new Set(['c1']));
  deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob' }));
  for (const [connectionId, userId] of [['cv1', 'v1'], ['ca1', 'a1'], ['ca2', 'a2']] as const) deps.store.connections.set(connectionId, { connectionId, userId, role: userId.startsWith('v') ? 'visitor' : 'agent', connectedAt: T0 });
});

describe('a reply made from a canned response', () => {
  it('carries cannedId on the message and on message.created', async () => {
    await saveCanned(deps, asAlice, { action: 'saveCanned', requestId: 'r', scope: 'personal', shortcut: 'hi', title: 'Hi', text: 'Hi {{visitor.name}}' });
    const filled = await fillCanned(deps, asAlice, { action: 'fillCanned', requestId: 'r', chatId: 'c1', shortcut: 'hi' });

    const ack = await sendMessage(deps, asAlice, { action: 'sendMessage', requestId: 'r', chatId: 'c1', clientMessageId: 'm2', text: filled.text, cannedId: filled.cannedId });

    expect(ack.message).toMatchObject({ text: 'Hi Mia', cannedId: filled.cannedId });
    expect(deps.publisher.events.at(-1)).toMatchObject({ detailType: 'message.created', detail: { seq: 2, cannedId: filled.cannedId } });
  });
});

describe('setTags', () => {
  const tag = (tags: string[], caller = asAlice) => setTags(deps, caller, { action: 'setTags', requestId: 'r', chatId: 'c1', tags });

  it('bumps the version per change, publishes chat.tagged with a per-version id, and pushes to staff only', async () => {
    await tag(['VIP']);
    const second = await tag(['vip', 'refund']);

    expect(second.chat.tags).toEqual(['vip', 'refund']);
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual(['c1:tags:1', 'c1:tags:2']);
    expect(deps.publisher.events.at(-1)).toMatchObject({ detailType: 'chat.tagged', detail: { chatId: 'c1', agentId: 'a1', department: 'support', tags: ['vip', 'refund'] } });
    expect(deps.push.to('cv1')).toEqual([]);
    expect(deps.store.usedTags).toEqual(new Set(['vip', 'refund']));
  });

  it('republishes the same event for a retry of the same set and writes nothing new', async () => {
    await tag(['vip']);
    await tag(['vip']);

    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual(['c1:tags:1', 'c1:tags:1']);
    expect(deps.store.chats.get('c1')?.tagsVersion).toBe(1);
  });

  it('refuses a lost race with a conflict instead of undoing the other console’s change', async () => {
    const original = deps.store.getChat.bind(deps.store);
    deps.store.getChat = async (id) => ({ ...(await original(id))!, tagsVersion: 0 });
    await tag(['first']);

    expect(await errorOf(tag(['second']))).toBe('conflict:tags');
    expect(deps.store.chats.get('c1')?.tags).toEqual(['first']);
  });

  it('lets a supervisor tag, not another agent or the visitor', async () => {
    expect(await errorOf(tag(['x'], { caller: agent('a2', 'Bob'), connectionId: 'ca2' }))).toBe('forbidden:chatId');
    expect(await errorOf(tag(['x'], { caller: visitor(), connectionId: 'cv1' }))).toBe('forbidden:action');
    expect((await tag(['x'], { caller: supervisor(), connectionId: 's' })).chat.tags).toEqual(['x']);
  });
});

describe('transferChat', () => {
  const transfer = (frame: Partial<FrameOf<'transferChat'>>) =>
    transferChat(deps, asAlice, { action: 'transferChat', requestId: 'r', chatId: 'c1', reason: 'billing question', ...frame });

  it('to an agent: moves the load, writes the line, publishes chat.transferred and tells all three', async () => {
    const ack = await transfer({ toAgentId: 'a2' });

    expect(ack.chat).toMatchObject({ agentId: 'a2', agentName: 'Bob', lastSeq: 2, transfers: 1 });
    expect(deps.store.agents.get('a1')?.activeChats).toBe(0);
    expect(deps.store.agents.get('a2')?.activeChats).toBe(1);
    expect(deps.store.messages.get('c1')?.at(-1)).toMatchObject({ seq: 2, senderRole: 'system', text: "You're being connected to Bob: billing question" });
    expect(deps.publisher.events[0]).toMatchObject({ detailType: 'chat.transferred', detail: { eventId: 'c1:transferred:1', fromAgentId: 'a1', toAgentId: 'a2', toDepartment: 'support', fromDepartment: 'support', reason: 'billing question' } });
    expect(deps.push.to('cv1').map((f) => f.type)).toEqual(['chat', 'message']);
    expect(deps.push.to('ca2').map((f) => f.type)).toEqual(['chat', 'message']);
    expect(deps.push.to('ca1')).toEqual([]);
  });

  it('to a department: re-queued without an agent, the old agent freed', async () => {
    const ack = await transfer({ toDepartment: 'billing' });

    expect(ack.chat).toMatchObject({ status: 'queued', department: 'billing' });
    expect(ack.chat).not.toHaveProperty('agentId');
    expect(deps.store.agents.get('a1')?.activeChats).toBe(0);
    expect(deps.publisher.events[0]?.detail).not.toHaveProperty('toAgentId');
  });

  it('to a department and taken there: chat.assigned has a new id for the new assignment, the same on a retried accept', async () => {
    deps.store.agents.set('a3', onlineAgent({ agentId: 'a3', name: 'Cy', departments: ['billing'] }));
    await transfer({ toDepartment: 'billing' });
    await routeChats(deps, deps.publisher.events[0]!);
    const asCy = { caller: agent('a3', 'Cy', 'billing'), connectionId: 'ca3' };

    await acceptOffer(deps, asCy, { action: 'acceptOffer', requestId: 'r1', chatId: 'c1' });
    await acceptOffer(deps, asCy, { action: 'acceptOffer', requestId: 'r2', chatId: 'c1' });

    const assigned = deps.publisher.events.filter((e) => e.detailType === 'chat.assigned').map((e) => e.detail.eventId);
    expect(assigned).toEqual(['c1:assigned:1', 'c1:assigned:1']);
  });

  describe('to a department as urgent', () => {
    /** An older chat waits in Billing; Cy, its one agent, is busy with his one seat. */
    beforeEach(() => {
      deps.store.chats.set('c9', queuedChat({ chatId: 'c9', visitorId: 'v9', department: 'billing', createdAt: T0 - 600_000 }));
      deps.store.messages.set('c9', []);
      deps.store.agents.set('a3', onlineAgent({ agentId: 'a3', name: 'Cy', departments: ['billing'], maxChats: 1, activeChats: 1 }));
    });

    /** The transfer is routed (nobody has room), then Cy's seat frees and his queues drain. */
    async function transferThenSeatFrees(frame: Partial<FrameOf<'transferChat'>>) {
      const ack = await transfer(frame);
      await routeChats(deps, deps.publisher.events[0]!);
      deps.store.agents.get('a3')!.activeChats = 0;
      const at = new Date(T0 + 60_000).toISOString();
      await routeChats(deps, { detailType: 'agent.status.changed', detail: { eventId: 'a3:back', version: 1, occurredAt: at, agentId: 'a3', status: 'online', previous: 'online', automatic: true } });
      return ack;
    }

    it('is offered before the older chat waiting there once a seat frees, and chat.transferred says it is urgent', async () => {
      const ack = await transferThenSeatFrees({ toDepartment: 'billing', urgent: true });

      expect(ack.chat.priority).toBe(URGENT_PRIORITY);
      expect(deps.store.chats.get('c1')).toMatchObject({ priority: URGENT_PRIORITY, offeredTo: 'a3' });
      expect(deps.store.chats.get('c9')?.offeredTo).toBeUndefined();
      expect(deps.publisher.events[0]?.detail).toMatchObject({ toDepartment: 'billing', urgent: true });
    });

    it('without it, waits behind the older chat', async () => {
      await transferThenSeatFrees({ toDepartment: 'billing' });

      expect(deps.store.chats.get('c9')?.offeredTo).toBe('a3');
      expect(deps.store.chats.get('c1')?.offeredTo).toBeUndefined();
      expect(deps.publisher.events[0]?.detail).not.toHaveProperty('urgent');
    });

    it('is refused with a named agent: only a department has a queue to jump', () => {
      const parsed = transferChatFrame.safeParse({ action: 'transferChat', requestId: 'r', chatId: 'c1', toAgentId: 'a2', reason: 'x', urgent: true });

      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['urgent']);
    });
  });

  it('turns a target that filled up meanwhile into a conflict and writes nothing', async () => {
    const original = deps.store.getAgent.bind(deps.store);
    deps.store.getAgent = async (id) => ({ ...(await original(id))!, activeChats: 0 });
    deps.store.agents.get('a2')!.activeChats = 3;

    expect(await errorOf(transfer({ toAgentId: 'a2' }))).toBe('conflict:toAgentId');
    expect(deps.store.chats.get('c1')).toMatchObject({ agentId: 'a1', lastSeq: 1 });
    expect(deps.publisher.events).toEqual([]);
  });
});

describe('listTransferTargets', () => {
  it('lists online agents with room across departments, once each, without the caller', async () => {
    deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob', departments: ['support', 'billing'] }));
    deps.store.agents.set('a3', onlineAgent({ agentId: 'a3', name: 'Carol', departments: ['billing'], activeChats: 3 }));

    const { agents, departments } = await listTransferTargets(deps, asAlice);

    expect(agents.map((a) => a.agentId)).toEqual(['a2']);
    expect(departments.map((d) => d.id)).toEqual(deps.config.departments.map((d) => d.id));
  });
});

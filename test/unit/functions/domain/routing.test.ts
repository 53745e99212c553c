import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AgentProfile, chooseAgent, planAssignments } from '../../../../functions/domain/routing';

const agent = (agentId: string, o: Partial<AgentProfile> = {}): AgentProfile => ({ agentId, name: agentId, status: 'online', departments: ['support'], activeChats: 0, maxChats: 3, ...o });

describe('chooseAgent', () => {
  it.each([
    ['the least busy agent', [agent('a', { activeChats: 2 }), agent('b', { activeChats: 1 })], 'b'],
    ['load relative to capacity', [agent('a', { activeChats: 1, maxChats: 2 }), agent('b', { activeChats: 2, maxChats: 6 })], 'b'],
    ['on a tie, the one assigned least recently', [agent('a', { lastAssignedAt: 200 }), agent('b', { lastAssignedAt: 100 })], 'b'],
    ['on a tie, one never assigned before one assigned', [agent('a', { lastAssignedAt: 100 }), agent('b')], 'b'],
    ['on a full tie, the lower agent id', [agent('b'), agent('a')], 'a'],
    ['nobody when all are at capacity', [agent('a', { activeChats: 3 })], undefined],
    ['nobody who is away or offline', [agent('a', { status: 'away' }), agent('b', { status: 'offline' })], undefined],
    ['nobody from another department', [agent('a', { departments: ['billing'] })], undefined],
  ])('picks %s', (_name, agents, expected) => {
    // Arrange / Act
    const chosen = chooseAgent(agents, 'support');

    // Assert
    expect(chosen?.agentId).toBe(expected);
  });

  it('skips excluded agents (ones that just lost a race)', () => {
    const chosen = chooseAgent([agent('a'), agent('b', { activeChats: 1 })], 'support', new Set(['a']));

    expect(chosen?.agentId).toBe('b');
  });
});

const agentArb = fc.record({
  agentId: fc.string({ minLength: 1, maxLength: 4 }),
  name: fc.constant('x'),
  status: fc.constantFrom('online', 'away', 'offline') as fc.Arbitrary<AgentProfile['status']>,
  departments: fc.subarray(['support', 'billing'], { minLength: 1 }),
  activeChats: fc.integer({ min: 0, max: 5 }),
  maxChats: fc.integer({ min: 1, max: 5 }),
  lastAssignedAt: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
});
const agentsArb = fc.uniqueArray(agentArb, { selector: (a) => a.agentId, maxLength: 6 }).map((list) => list.map((a) => ({ ...a, activeChats: Math.min(a.activeChats, a.maxChats) })));
const queueArb = fc.uniqueArray(fc.record({ chatId: fc.uuid(), department: fc.constantFrom('support', 'billing') }), { selector: (c) => c.chatId, maxLength: 20 });

describe('planAssignments (properties)', () => {
  it('never puts an agent over capacity', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, (queue, agents) => {
        const plan = planAssignments(queue, agents, 5000);
        for (const a of agents) {
          const added = plan.filter((p) => p.agentId === a.agentId).length;
          expect(added === 0 || a.activeChats + added <= a.maxChats).toBe(true);
        }
      }),
    );
  });

  it('never assigns a chat twice, and only to an online agent of its department', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, (queue, agents) => {
        const plan = planAssignments(queue, agents, 5000);
        expect(new Set(plan.map((p) => p.chatId)).size).toBe(plan.length);
        for (const p of plan) {
          const a = agents.find((x) => x.agentId === p.agentId);
          const chat = queue.find((c) => c.chatId === p.chatId);
          expect(a?.status).toBe('online');
          expect(a?.departments).toContain(chat?.department);
        }
      }),
    );
  });

  it('leaves a chat queued only when no agent of its department has room', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, (queue, agents) => {
        const plan = planAssignments(queue, agents, 5000);
        const load = new Map(agents.map((a) => [a.agentId, a.activeChats + plan.filter((p) => p.agentId === a.agentId).length]));
        for (const chat of queue.filter((c) => !plan.some((p) => p.chatId === c.chatId))) {
          const roomy = agents.filter((a) => a.status === 'online' && a.departments.includes(chat.department) && (load.get(a.agentId) ?? 0) < a.maxChats);
          expect(roomy).toEqual([]);
        }
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AgentProfile, chooseAgent, compareQueued, isEligible, planAssignments, type RoutableChat } from '../../../../functions/domain/routing';

const agent = (agentId: string, o: Partial<AgentProfile> = {}): AgentProfile => ({ agentId, name: agentId, status: 'online', departments: ['support'], activeChats: 0, maxChats: 3, ...o });
const chat = (chatId: string, o: Partial<RoutableChat> = {}): RoutableChat => ({ chatId, department: 'support', createdAt: 1000, ...o });

describe('chooseAgent, least-busy', () => {
  it.each([
    ['the least busy agent', [agent('a', { activeChats: 2 }), agent('b', { activeChats: 1 })], 'b'],
    ['load relative to capacity', [agent('a', { activeChats: 1, maxChats: 2 }), agent('b', { activeChats: 2, maxChats: 6 })], 'b'],
    ['on a tie, the one offered a chat least recently', [agent('a', { lastAssignedAt: 200 }), agent('b', { lastAssignedAt: 100 })], 'b'],
    ['on a tie, one never offered before one offered', [agent('a', { lastAssignedAt: 100 }), agent('b')], 'b'],
    ['on a full tie, the lower agent id', [agent('b'), agent('a')], 'a'],
    ['nobody when all are at capacity', [agent('a', { activeChats: 3 })], undefined],
    ['nobody who is away or offline', [agent('a', { status: 'away' }), agent('b', { status: 'offline' })], undefined],
    ['nobody from another department', [agent('a', { departments: ['billing'] })], undefined],
  ])('picks %s', (_name, agents, expected) => {
    // Arrange / Act
    const chosen = chooseAgent(agents, chat('c'));

    // Assert
    expect(chosen?.agentId).toBe(expected);
  });

  it('skips excluded agents (ones that just lost a race)', () => {
    const chosen = chooseAgent([agent('a'), agent('b', { activeChats: 1 })], chat('c'), 'least-busy', new Set(['a']));

    expect(chosen?.agentId).toBe('b');
  });
});

describe('chooseAgent, round-robin', () => {
  it.each([
    ['the agent offered a chat longest ago, busier or not', [agent('a', { activeChats: 0, lastAssignedAt: 300 }), agent('b', { activeChats: 2, lastAssignedAt: 100 })], 'b'],
    ['one never offered first', [agent('a', { lastAssignedAt: 1 }), agent('b')], 'b'],
    ['nobody full', [agent('a', { activeChats: 3, lastAssignedAt: 1 }), agent('b', { lastAssignedAt: 5 })], 'b'],
  ])('picks %s', (_name, agents, expected) => {
    expect(chooseAgent(agents, chat('c'), 'round-robin')?.agentId).toBe(expected);
  });
});

describe('eligibility', () => {
  it.each([
    ['an agent with every required skill', agent('a', { skills: ['fi', 'en'] }), chat('c', { skills: ['fi'] }), true],
    ['not an agent missing a required skill', agent('a', { skills: ['en'] }), chat('c', { skills: ['fi'] }), false],
    ['not an agent without skills for a chat needing one', agent('a'), chat('c', { skills: ['fi'] }), false],
    ['any agent for a chat needing none', agent('a', { skills: ['fi'] }), chat('c'), true],
    ['not an agent who passed on the chat', agent('a'), chat('c', { passedBy: ['a'] }), false],
    ['an agent someone else passed for', agent('b'), chat('c', { passedBy: ['a'] }), true],
  ])('takes %s', (_name, a, c, expected) => {
    expect(isEligible(a, c)).toBe(expected);
  });
});

describe('queue order', () => {
  it('puts higher priority first, then the oldest, then the chat id', () => {
    const queue = [chat('old', { createdAt: 1 }), chat('urgent', { createdAt: 9, priority: 5 }), chat('b', { createdAt: 5 }), chat('a', { createdAt: 5 }), chat('urgent-old', { createdAt: 2, priority: 5 })];

    expect([...queue].sort(compareQueued).map((c) => c.chatId)).toEqual(['urgent-old', 'urgent', 'old', 'a', 'b']);
  });

  it('offers the urgent chat first when only one seat is free', () => {
    const plan = planAssignments([chat('old', { createdAt: 1 }), chat('urgent', { createdAt: 9, priority: 2 })], [agent('a', { maxChats: 1 })], 5000);

    expect(plan).toEqual([{ chatId: 'urgent', agentId: 'a' }]);
  });

  it('does not let a chat nobody can take block the chats behind it', () => {
    const plan = planAssignments([chat('fi', { createdAt: 1, skills: ['fi'] }), chat('any', { createdAt: 2 })], [agent('a')], 5000);

    expect(plan).toEqual([{ chatId: 'any', agentId: 'a' }]);
  });
});

const SKILLS = ['fi', 'sv'];
const agentArb = fc.record({
  agentId: fc.string({ minLength: 1, maxLength: 4 }),
  name: fc.constant('x'),
  status: fc.constantFrom('online', 'away', 'offline') as fc.Arbitrary<AgentProfile['status']>,
  departments: fc.subarray(['support', 'billing'], { minLength: 1 }),
  activeChats: fc.integer({ min: 0, max: 5 }),
  maxChats: fc.integer({ min: 1, max: 5 }),
  skills: fc.subarray(SKILLS),
  lastAssignedAt: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
});
const agentsArb = fc.uniqueArray(agentArb, { selector: (a) => a.agentId, maxLength: 6 }).map((list) => list.map((a) => ({ ...a, activeChats: Math.min(a.activeChats, a.maxChats) })));
const queueArb = fc.uniqueArray(
  fc.record({
    chatId: fc.uuid(),
    department: fc.constantFrom('support', 'billing'),
    createdAt: fc.integer({ min: 0, max: 100 }),
    priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    skills: fc.subarray(SKILLS, { maxLength: 1 }),
    passedBy: fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 2 }),
  }),
  { selector: (c) => c.chatId, maxLength: 20 },
);
const policyArb = fc.constantFrom('least-busy', 'round-robin') as fc.Arbitrary<'least-busy' | 'round-robin'>;

describe('planAssignments (properties, both policies)', () => {
  it('never puts an agent over capacity', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, policyArb, (queue, agents, policy) => {
        const plan = planAssignments(queue, agents, 5000, policy);
        for (const a of agents) {
          const added = plan.filter((p) => p.agentId === a.agentId).length;
          expect(added === 0 || a.activeChats + added <= a.maxChats).toBe(true);
        }
      }),
    );
  });

  it('never offers a chat twice, and only to an eligible agent (online, department, skills, not passed)', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, policyArb, (queue, agents, policy) => {
        const plan = planAssignments(queue, agents, 5000, policy);
        expect(new Set(plan.map((p) => p.chatId)).size).toBe(plan.length);
        for (const p of plan) {
          const a = agents.find((x) => x.agentId === p.agentId) as AgentProfile;
          const c = queue.find((x) => x.chatId === p.chatId) as RoutableChat;
          expect(isEligible({ ...a, activeChats: 0 }, c)).toBe(true);
        }
      }),
    );
  });

  it('leaves a chat waiting only when no eligible agent has room', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, policyArb, (queue, agents, policy) => {
        const plan = planAssignments(queue, agents, 5000, policy);
        const load = new Map(agents.map((a) => [a.agentId, a.activeChats + plan.filter((p) => p.agentId === a.agentId).length]));
        for (const c of queue.filter((q) => !plan.some((p) => p.chatId === q.chatId))) {
          const roomy = agents.filter((a) => isEligible({ ...a, activeChats: load.get(a.agentId) ?? 0 }, c));
          expect(roomy).toEqual([]);
        }
      }),
    );
  });

  it('never leaves a higher-priority chat waiting while a lower one an agent could equally take is offered', () => {
    fc.assert(
      fc.property(queueArb, agentsArb, policyArb, (queue, agents, policy) => {
        const plan = planAssignments(queue, agents, 5000, policy);
        const offered = new Set(plan.map((p) => p.chatId));
        for (const p of plan) {
          const low = queue.find((c) => c.chatId === p.chatId) as RoutableChat;
          const a = agents.find((x) => x.agentId === p.agentId) as AgentProfile;
          const skipped = queue.filter((c) => !offered.has(c.chatId) && compareQueued(c, low) < 0 && isEligible({ ...a, activeChats: 0 }, c));
          expect(skipped).toEqual([]);
        }
      }),
    );
  });
});

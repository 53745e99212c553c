import { describe, expect, it } from 'vitest';
import { fillPlaceholders, pickCanned, requireCannedWriter } from '../../../../functions/domain/canned';
import { normalizeTags, sameTags, tagChoices } from '../../../../functions/domain/tags';
import { requireAgentTarget, requireDepartment, requireTransferrer, serves, transferText } from '../../../../functions/domain/transfer';
import { agent, onlineAgent, queuedChat, supervisor, visitor } from '../fakes';

describe('canned placeholders', () => {
  it.each([
    ['fills every known placeholder', 'Hi {{visitor.name}} ({{visitor.email}}), {{agent.name}} / {{chat.department}}', 'Hi Mia (mia@x.io), Alice / Billing', []],
    ['tolerates spaces inside the braces', 'Hi {{ visitor.name }}!', 'Hi Mia!', []],
    ['leaves an unknown placeholder as written', 'Hi {{visitor.phone}}', 'Hi {{visitor.phone}}', []],
  ])('%s', (_case, text, expected, missing) => {
    expect(fillPlaceholders(text, { 'visitor.name': 'Mia', 'visitor.email': 'mia@x.io', 'agent.name': 'Alice', 'chat.department': 'Billing' })).toEqual({ text: expected, missing });
  });

  it('empties a placeholder the chat has no value for and names it once', () => {
    expect(fillPlaceholders('{{visitor.name}}, {{visitor.name}} <{{visitor.email}}>', { 'visitor.email': '' })).toEqual({ text: ',  <>', missing: ['visitor.name', 'visitor.email'] });
  });

  it('does not treat a placeholder value as a template (no second pass)', () => {
    expect(fillPlaceholders('Hi {{visitor.name}}', { 'visitor.name': '{{agent.name}}', 'agent.name': 'Alice' }).text).toBe('Hi {{agent.name}}');
  });
});

describe('canned management', () => {
  it.each([
    ['an agent, personal', agent(), 'personal', undefined],
    ['an agent, shared', agent(), 'shared', 'Only supervisors and admins manage shared canned responses'],
    ['a supervisor, shared', supervisor(), 'shared', undefined],
    ['a visitor, personal', visitor(), 'personal', 'Canned responses are for staff only'],
  ] as const)('%s', (_case, caller, scope, error) => {
    const check = () => requireCannedWriter(scope, caller);
    if (error) expect(check).toThrow(error);
    else expect(check).not.toThrow();
  });

  it('prefers the agent’s own response over the team’s for the same shortcut', () => {
    const own = { cannedId: 'p', scope: 'personal' as const, shortcut: 'hi', title: 'x', text: 'mine', updatedAt: 0 };
    const team = { ...own, cannedId: 's', scope: 'shared' as const, text: 'team' };
    expect(pickCanned(own, team)).toBe(own);
    expect(pickCanned(undefined, team)).toBe(team);
  });
});

describe('tags', () => {
  it('lowercases, trims, collapses spaces and drops duplicates keeping first order', () => {
    expect(normalizeTags([' Refund ', 'late   Delivery', 'refund', ''])).toEqual(['refund', 'late delivery']);
  });

  it('compares sets in order and puts configured tags first in the pick list', () => {
    expect(sameTags(undefined, [])).toBe(true);
    expect(sameTags(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(tagChoices(['Shipping', 'refund'], ['zeta', 'refund', 'alpha'])).toEqual(['shipping', 'refund', 'alpha', 'zeta']);
  });
});

describe('transfer rules', () => {
  const chat = queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice' });

  it.each([
    ['the chat’s agent', agent('a1'), undefined],
    ['a supervisor', supervisor(), undefined],
    ['another agent', agent('a2', 'Bob'), 'You are not part of this chat'],
    ['the visitor', visitor(), 'Only staff transfer chats'],
  ])('%s', (_case, caller, error) => {
    const check = () => requireTransferrer(chat, caller);
    if (error) expect(check).toThrow(error);
    else expect(check()).toBe(chat);
  });

  it('refuses a queued or closed chat: only an assigned chat has someone to hand it on', () => {
    expect(() => requireTransferrer(queuedChat(), supervisor())).toThrow('Only an assigned chat can be transferred; this one is queued');
  });

  it.each([
    ['nobody', undefined, 'No agent "a9"'],
    ['the same agent', onlineAgent({ agentId: 'a1' }), "The chat is already Alice's"],
    ['an agent of another department', onlineAgent({ agentId: 'a2', name: 'Carol', departments: ['sales'] }), 'Carol does not serve Support'],
    ['an agent who is away', onlineAgent({ agentId: 'a2', name: 'Bob', status: 'away' }), 'Bob is away'],
    ['an agent at capacity', onlineAgent({ agentId: 'a2', name: 'Bob', activeChats: 3, maxChats: 3 }), 'Bob has no free capacity (3/3)'],
  ])('refuses %s as the target', (_case, target, message) => {
    expect(() => requireAgentTarget({ ...chat, agentId: 'a1' }, target, 'a9', 'Support')).toThrow(message);
  });

  it('accepts an online agent with room who serves the department (no departments = all)', () => {
    const bob = onlineAgent({ agentId: 'a2', name: 'Bob', departments: [] });
    expect(serves(bob, 'anything')).toBe(true);
    expect(requireAgentTarget({ ...chat, agentId: 'a1' }, bob, 'a2', 'Support')).toBe(bob);
  });

  it('knows the configured departments and writes the line the visitor reads', () => {
    expect(() => requireDepartment([{ id: 'support', name: 'Support' }], 'legal')).toThrow('No department "legal"');
    expect(transferText({ kind: 'department', department: { id: 'billing', name: 'Billing' } }, 'an invoice question')).toBe("You're being connected to Billing: an invoice question");
  });
});

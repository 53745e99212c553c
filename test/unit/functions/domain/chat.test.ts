import { describe, expect, it } from 'vitest';
import type { ChatStatus } from '../../../../functions/contracts/frames';
import { isOpen, otherSide, participantRole, requireCloseOutcome, requireOpen, requireParticipant, requireReader, toSummary } from '../../../../functions/domain/chat';
import { ParleyError } from '../../../../functions/domain/errors';
import { agent, queuedChat, supervisor, visitor } from '../fakes';

const assigned = queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice' });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ParleyError ? `${error.code}:${error.field ?? ''}` : 'other';
  }
}

describe('chat lifecycle', () => {
  it.each([
    ['queued', true],
    ['assigned', true],
    ['closed', false],
    ['missed', false],
    ['offline', false],
  ] as [ChatStatus, boolean][])('a %s chat is open: %s', (status, open) => {
    expect(isOpen({ status })).toBe(open);
    expect(codeOf(() => requireOpen(queuedChat({ status })))).toBe(open ? undefined : 'conflict:chatId');
  });

  it.each([
    ['the chat’s visitor', visitor('v1'), 'visitor'],
    ['the assigned agent', agent('a1'), 'agent'],
    ['another visitor', visitor('v2'), undefined],
    ['another agent', agent('a2'), undefined],
    ['a supervisor', supervisor(), undefined],
  ])('%s takes part as %s', (_name, caller, side) => {
    expect(participantRole(assigned, caller)).toBe(side);
  });

  it.each([
    ['a missing chat', undefined, visitor('v1'), 'not_found:chatId'],
    ['a stranger', assigned, visitor('v9'), 'forbidden:chatId'],
    ['a participant', assigned, agent('a1'), undefined],
  ])('requireParticipant answers %s with %s', (_name, chat, caller, code) => {
    expect(codeOf(() => requireParticipant(chat, caller))).toBe(code);
  });

  it('lets supervisors read any chat but not strangers', () => {
    expect(codeOf(() => requireReader(assigned, supervisor()))).toBeUndefined();
    expect(codeOf(() => requireReader(assigned, agent('a2')))).toBe('forbidden:chatId');
  });

  it.each([
    ['agent', undefined, 'bad_request:outcome'],
    ['agent', 'resolved', undefined],
    ['visitor', undefined, undefined],
  ] as const)('closing as %s with outcome %s → %s', (side, outcome, code) => {
    expect(codeOf(() => requireCloseOutcome(side, outcome))).toBe(code);
  });

  it('names the other side of the chat', () => {
    expect(otherSide(assigned, 'visitor')).toEqual(['a1']);
    expect(otherSide(assigned, 'agent')).toEqual(['v1']);
    expect(otherSide(queuedChat(), 'visitor')).toEqual([]);
  });

  it('keeps internal fields out of the summary', () => {
    expect(toSummary({ ...assigned, firstResponseAt: 5, closedBy: 'agent' })).not.toHaveProperty('firstResponseAt');
  });
});

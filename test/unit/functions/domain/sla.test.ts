import { describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../../../functions/contracts/config';
import type { ChatRecord } from '../../../../functions/domain/chat';
import { escalationFor, replyTimer, replyWaitChange, requestTimers, slaPolicy, slaVerdict, type SlaTimer } from '../../../../functions/domain/sla';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0); // Monday 10:00 in Helsinki
const config = deploymentConfigSchema.parse({
  departments: [
    { id: 'support', name: 'Support' },
    { id: 'billing', name: 'Billing', hours: { timezone: 'Europe/Helsinki', weekly: { mon: [['09:00', '17:00']] } } },
  ],
  sla: {
    firstResponseSeconds: 60,
    queueSeconds: 30,
    departments: { billing: { firstResponseSeconds: 120, agentReplySeconds: 300, businessHoursOnly: true } },
    escalation: [{ notifySupervisors: true }, { target: 'queueTime', raisePriorityTo: 5, notifySupervisors: false }, { target: 'queueTime', raisePriorityTo: 3 }],
  },
});

const chat = (o: Partial<ChatRecord> = {}): ChatRecord => ({ chatId: 'c1', status: 'queued', visitorId: 'v1', department: 'support', lastSeq: 1, createdAt: T0, ...o });
const timer = (target: SlaTimer['target'], o: Partial<SlaTimer> = {}): SlaTimer => ({ chatId: 'c1', department: 'support', target, targetSeconds: 60, startedAt: T0, deadline: T0 + 60_000, ...o });

describe('slaPolicy and timers', () => {
  it('uses the defaults for a department without overrides (no reply target configured)', () => {
    expect(slaPolicy(config, 'support')).toEqual({ targets: { firstResponse: 60, queueTime: 30 } });
  });

  it("lays a department's overrides over the defaults, with its hours when only business hours count", () => {
    const policy = slaPolicy(config, 'billing');
    expect(policy.targets).toEqual({ firstResponse: 120, queueTime: 30, agentReply: 300 });
    expect(policy.hours?.timezone).toBe('Europe/Helsinki');
  });

  it('starts first-response and queue timers for a new chat, due after the target', () => {
    expect(requestTimers(chat(), slaPolicy(config, 'support'))).toEqual([
      timer('firstResponse'),
      timer('queueTime', { targetSeconds: 30, deadline: T0 + 30_000 }),
    ]);
  });

  it('counts only business hours where the department says so (Monday 16:59 + 120 s → next Monday 09:01)', () => {
    const late = Date.UTC(2026, 10, 23, 14, 59, 0);
    const [first] = requestTimers(chat({ department: 'billing', createdAt: late }), slaPolicy(config, 'billing'));
    expect(new Date(first?.deadline ?? 0).toISOString()).toBe('2026-11-30T07:01:00.000Z');
  });

  it('has no reply timer where no reply target is set', () => {
    expect(replyTimer(chat(), slaPolicy(config, 'support'), T0)).toBeUndefined();
    expect(replyTimer(chat({ department: 'billing' }), slaPolicy(config, 'billing'), T0)?.targetSeconds).toBe(300);
  });

  it.each([
    ['a visitor message on an answered assigned chat starts it', { status: 'assigned' }, 'visitor', 'start'],
    ['a second visitor message while one already waits leaves it', { status: 'assigned', awaitingReplySince: T0 }, 'visitor', undefined],
    ['the agent answering a waiting visitor stops it', { status: 'assigned', awaitingReplySince: T0 }, 'agent', 'stop'],
    ['an agent message with nobody waiting leaves it', { status: 'assigned' }, 'agent', undefined],
    ['a visitor message on a queued chat leaves it (first response covers it)', { status: 'queued' }, 'visitor', undefined],
  ] as const)('the reply clock: %s', (_name, state, role, expected) => {
    expect(replyWaitChange(chat(state), role)).toBe(expected);
  });
});

describe('slaVerdict', () => {
  const due = T0 + 60_000;
  it.each([
    ['not due yet', chat(), timer('firstResponse'), due - 1, 'early'],
    ['first response in time', chat({ status: 'assigned', firstResponseAt: due - 1 }), timer('firstResponse'), due, 'met'],
    ['first response exactly at the deadline', chat({ status: 'assigned', firstResponseAt: due }), timer('firstResponse'), due + 5, 'met'],
    ['no first response at the deadline', chat({ status: 'assigned' }), timer('firstResponse'), due, 'breached'],
    ['first response after the deadline (met late, seen by a late delivery)', chat({ status: 'assigned', firstResponseAt: due + 10 }), timer('firstResponse'), due + 20, 'breached'],
    ['still queued at the deadline', chat(), timer('queueTime'), due + 1, 'breached'],
    ['assigned in time', chat({ status: 'assigned', assignedAt: due - 1 }), timer('queueTime'), due, 'met'],
    ['the visitor left before the deadline', chat({ status: 'closed', closedAt: due - 1 }), timer('firstResponse'), due, 'met'],
    ['closed unanswered after the deadline', chat({ status: 'closed', closedAt: due + 1 }), timer('firstResponse'), due + 2, 'breached'],
    ['missed before the deadline', chat({ status: 'missed' }), timer('queueTime'), due, 'met'],
    ['the reply wait still open', chat({ status: 'assigned', awaitingReplySince: T0 }), timer('agentReply'), due, 'breached'],
    ['the reply wait answered', chat({ status: 'assigned' }), timer('agentReply'), due, 'met'],
    ['a newer reply wait (this one was answered)', chat({ status: 'assigned', awaitingReplySince: T0 + 5 }), timer('agentReply'), due, 'met'],
  ] as const)('%s → %s', (_name, c, t, now, verdict) => {
    expect(slaVerdict(c, t, now)).toBe(verdict);
  });
});

describe('escalationFor', () => {
  it('applies every matching rule and takes the highest priority', () => {
    expect(escalationFor(config, 'queueTime')).toEqual({ notifySupervisors: true, raisePriorityTo: 5 });
  });

  it('applies only the rules for every target to another target', () => {
    expect(escalationFor(config, 'firstResponse')).toEqual({ notifySupervisors: true });
  });
});

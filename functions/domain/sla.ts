/**
 * SLA targets: which apply to a chat, when each is due, and whether a due timer is a breach.
 * Pure: the clock is passed in. A timer is started once per measured period (a chat's request
 * for first response and time in queue; each stretch of a visitor waiting for a reply) and
 * checked once at its deadline. A target met in time emits nothing; a target missed is a
 * breach, reported once however often its timer is delivered (the store keeps a marker per
 * timer), and a late answer after that reports nothing more.
 */
import type { DeploymentConfig, SlaTarget } from '../contracts/config';
import type { BusinessHours } from '../contracts/config';
import { addBusinessSeconds, opensWeekly } from './business-hours';
import { type ChatRecord, isOpen } from './chat';

export interface SlaPolicy {
  /** Seconds per measured target. */
  targets: Partial<Record<SlaTarget, number>>;
  /** Set when only the department's business hours count towards a target. */
  hours?: BusinessHours;
}

/** A running target: due at `deadline` (epoch ms), measured from `startedAt`. */
export interface SlaTimer {
  chatId: string;
  department: string;
  target: SlaTarget;
  targetSeconds: number;
  startedAt: number;
  deadline: number;
}

/** A breach as it is stored on the chat and shown to staff. */
export interface SlaBreach extends SlaTimer {
  /** When the breach was detected (epoch ms). */
  detectedAt: number;
  agentId?: string;
}

export interface Escalation {
  /** The chat's priority becomes at least this. */
  raisePriorityTo?: number;
  notifySupervisors: boolean;
}

export type SlaVerdict = 'early' | 'met' | 'breached';

/** The department's targets: its own overrides over the defaults. */
export function slaPolicy(config: DeploymentConfig, department: string): SlaPolicy {
  const { departments, ...defaults } = config.sla;
  const merged = { ...defaults, ...departments[department] };
  const targets: Partial<Record<SlaTarget, number>> = { firstResponse: merged.firstResponseSeconds };
  if (merged.queueSeconds !== undefined) targets.queueTime = merged.queueSeconds;
  if (merged.agentReplySeconds !== undefined) targets.agentReply = merged.agentReplySeconds;
  const hours = merged.businessHoursOnly ? config.departments.find((d) => d.id === department)?.hours : undefined;
  // A department that never opens takes no chats; its targets, if it gets one, run on plain time.
  return hours && opensWeekly(hours) ? { targets, hours } : { targets };
}

function timer(chat: Pick<ChatRecord, 'chatId' | 'department'>, policy: SlaPolicy, target: SlaTarget, startedAt: number): SlaTimer | undefined {
  const targetSeconds = policy.targets[target];
  if (targetSeconds === undefined) return undefined;
  const deadline = addBusinessSeconds(policy.hours, startedAt, targetSeconds);
  return { chatId: chat.chatId, department: chat.department, target, targetSeconds, startedAt, deadline };
}

/** The timers a new chat starts: first response and time in queue (those configured). */
export function requestTimers(chat: Pick<ChatRecord, 'chatId' | 'department' | 'createdAt'>, policy: SlaPolicy): SlaTimer[] {
  return (['firstResponse', 'queueTime'] as const).flatMap((t) => timer(chat, policy, t, chat.createdAt) ?? []);
}

/**
 * How a message moves the reply clock: a visitor message on an assigned chat whose last word
 * was the agent's starts it (further visitor messages do not restart it); the agent's message
 * stops it. Recorded in the message's own write, so it costs no extra call.
 */
export function replyWaitChange(chat: Pick<ChatRecord, 'status' | 'awaitingReplySince'>, senderRole: string): 'start' | 'stop' | undefined {
  if (senderRole === 'visitor' && chat.status === 'assigned' && chat.awaitingReplySince === undefined) return 'start';
  if (senderRole === 'agent' && chat.awaitingReplySince !== undefined) return 'stop';
  return undefined;
}

/** The agent-reply timer for a wait that started at `startedAt`, when that target is configured. */
export function replyTimer(chat: Pick<ChatRecord, 'chatId' | 'department'>, policy: SlaPolicy, startedAt: number): SlaTimer | undefined {
  return timer(chat, policy, 'agentReply', startedAt);
}

/**
 * When the target's clock stopped, or undefined while it still runs. A reply wait that is no
 * longer the chat's current one was answered; when exactly is not kept (it costs a write per
 * agent message), so it counts as answered in time: timers are checked at their deadline, so
 * a wait still open then has already been reported.
 */
function stoppedAt(chat: ChatRecord, t: SlaTimer): number | undefined {
  if (t.target === 'firstResponse') return chat.firstResponseAt;
  if (t.target === 'queueTime') return chat.assignedAt;
  return chat.awaitingReplySince === t.startedAt ? undefined : t.startedAt;
}

/** The verdict on a timer delivered at `now`: not due yet, met (emit nothing), or breached. */
export function slaVerdict(chat: ChatRecord, t: SlaTimer, now: number): SlaVerdict {
  if (now < t.deadline) return 'early';
  const stopped = stoppedAt(chat, t);
  if (stopped !== undefined) return stopped <= t.deadline ? 'met' : 'breached';
  // Ended without the awaited thing: owed nothing if it ended in time (the visitor left).
  if (!isOpen(chat)) return chat.closedAt !== undefined && chat.closedAt > t.deadline ? 'breached' : 'met';
  return 'breached';
}

/** What a breach of `target` sets off: every matching rule applies; the highest priority wins. */
export function escalationFor(config: DeploymentConfig, target: SlaTarget): Escalation {
  const rules = config.sla.escalation.filter((r) => r.target === undefined || r.target === target);
  const priorities = rules.flatMap((r) => r.raisePriorityTo ?? []);
  const escalation: Escalation = { notifySupervisors: rules.some((r) => r.notifySupervisors) };
  if (priorities.length > 0) escalation.raisePriorityTo = Math.max(...priorities);
  return escalation;
}

/** One key per measured period: the same timer delivered twice has the same key. */
export function breachKey(t: Pick<SlaTimer, 'target' | 'startedAt'>): string {
  return `${t.target}#${t.startedAt}`;
}

/**
 * SLA timers: started when a chat is requested (first response, time in queue: by routing, when
 * it hears chat.requested) and when a visitor starts waiting for a reply; checked when they
 * come back at their deadline. A breach is recorded once, then announced: sla.breached on the bus, the live alert to supervisors and
 * admins, the red badge to the chat's agent. A delivery that finds the breach recorded but not
 * yet announced (the first attempt died in between) announces it again with the same eventId;
 * one that finds it announced does nothing.
 */
import type { Timer } from '../contracts/timers';
import type { ChatRecord } from '../domain/chat';
import { toSummary } from '../domain/chat';
import { escalationFor, replyTimer, type SlaBreach, type SlaTimer, slaPolicy, slaVerdict } from '../domain/sla';
import { deliver } from './deliver';
import { raisePriority } from './route-chats';
import { slaBreached } from './events';
import type { Deps } from './ports';

type TimerDeps = Pick<Deps, 'timers' | 'config'>;
type SlaTimerMessage = Extract<Timer, { kind: 'sla' }>;

/** A timer as the shared timer queue carries it: its deadline travels as the message's dueAt. */
function schedule(deps: TimerDeps, { deadline, ...timer }: SlaTimer): Promise<void> {
  return deps.timers.schedule({ kind: 'sla', ...timer }, deadline);
}

/** The domain's timer from a delivered timer message. */
export function slaTimerOf({ kind: _kind, ...timer }: SlaTimerMessage, dueAt: number): SlaTimer {
  return { ...timer, deadline: dueAt };
}

/** Starts the agent-reply timer of a wait that began at `startedAt` (if that target is set). */
export async function startReplyTimer(deps: TimerDeps, chat: ChatRecord, startedAt: number): Promise<void> {
  const timer = replyTimer(chat, slaPolicy(deps.config, chat.department), startedAt);
  if (timer) await schedule(deps, timer);
}

export type TimerOutcome = 'rescheduled' | 'unknown-chat' | 'met' | 'breached' | 'already-reported';

/** Raises the priority only when the rule asks for more than the chat has. */
function raiseTo(chat: ChatRecord, wanted: number | undefined): number | undefined {
  return wanted !== undefined && wanted > (chat.priority ?? 0) ? wanted : undefined;
}

async function announce(deps: Deps, chat: ChatRecord, breach: SlaBreach, notifySupervisors: boolean, priority: number | undefined): Promise<void> {
  const summary = toSummary({ ...chat, slaBreach: breach, ...(priority === undefined ? {} : { priority }) });
  await deps.publisher.publish([slaBreached(breach)]);
  const watchers = notifySupervisors ? await deps.store.listWatchers() : [];
  await deliver(deps, watchers, { type: 'slaBreach', breach, chat: summary });
  const agent = chat.agentId && !watchers.includes(chat.agentId) ? [chat.agentId] : [];
  await deliver(deps, agent, { type: 'chat', chat: summary });
  await deps.store.markSlaBreachSent(breach);
}

/** Checks a timer delivered at its deadline (or early, for a long target) and reports a breach once. */
export async function checkSlaTimer(deps: Deps, timer: SlaTimer): Promise<TimerOutcome> {
  const now = deps.clock.now();
  const chat = await deps.store.getChat(timer.chatId);
  if (!chat) {
    console.warn(JSON.stringify({ level: 'warn', consumer: 'sla-timers', message: 'timer for an unknown chat ignored', chatId: timer.chatId, target: timer.target }));
    return 'unknown-chat';
  }
  const verdict = slaVerdict(chat, timer, now);
  if (verdict === 'early') {
    await schedule(deps, timer);
    return 'rescheduled';
  }
  if (verdict === 'met') return 'met';
  const escalation = escalationFor(deps.config, timer.target);
  const priority = raiseTo(chat, escalation.raisePriorityTo);
  const detected: SlaBreach = { ...timer, detectedAt: now, ...(chat.agentId ? { agentId: chat.agentId } : {}) };
  // A waiting chat's priority is routing's to raise (below); any other chat's goes with the breach.
  const waiting = chat.status === 'queued';
  const { state, breach } = await deps.store.recordSlaBreach(detected, waiting ? undefined : priority);
  if (state === 'sent') return 'already-reported';
  // Escalation re-sorts the queue: the chat moves up its queue index, routing re-plans the
  // department (it is offered first when a seat is free) and waiting visitors hear their new
  // places. Before the announcement, so a retry after a crash in between raises it (idempotent).
  if (waiting && priority !== undefined) await raisePriority(deps, chat.chatId, priority);
  await announce(deps, chat, breach, escalation.notifySupervisors, priority);
  return state === 'new' ? 'breached' : 'already-reported';
}

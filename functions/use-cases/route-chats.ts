/**
 * The routing consumer. A requested chat is routed on its own; when capacity appears (an agent
 * comes online, a chat closes, an offer is declined or lapses) the department's queue is planned
 * in queue order (priority, then age) and offered. Routing offers; the agent accepts
 * (offers.ts). The store's conditional transactions make every offer safe however many consumers
 * race; a lost race re-reads and re-plans.
 *
 * Why a new chat does not drain the queue: in a burst of N requests, N consumers would all race
 * for the same queue head and the work would grow with N² (measured: 200 simultaneous chats timed
 * the consumers out). Left out on purpose: a chat that found no room on arrival waits for the
 * next capacity event, so a newer chat can be offered first if room appears between the two.
 */
import type { ParleyEvent } from '../contracts/events';
import type { RoutingPolicy } from '../contracts/config';
import type { TimerMessage } from '../contracts/timers';
import { type ChatRecord, toSummary } from '../domain/chat';
import { AssignmentConflictError } from '../domain/errors';
import { type AgentProfile, chooseAgent, planAssignments } from '../domain/routing';
import { requestTimers, slaPolicy } from '../domain/sla';
import { deliver } from './deliver';
import { chatOffered } from './events';
import type { Deps } from './ports';
import { type QueueRead, queueMoved } from './queue-updates';

/** Upper bound of offers per department per event: a runaway loop costs money. */
const MAX_OFFERS = 50;
const MAX_PLANS = 5;
const QUEUE_PAGE = 50;

export function policyOf(deps: Pick<Deps, 'config'>, department: string): RoutingPolicy {
  return deps.config.departments.find((d) => d.id === department)?.policy ?? 'least-busy';
}

async function agentDepartments(deps: Deps, agentId: string | undefined): Promise<string[]> {
  return agentId ? ((await deps.store.getAgent(agentId))?.departments ?? []) : [];
}

/** Departments whose queues may now have room or have moved. */
async function departmentsOf(deps: Deps, event: ParleyEvent): Promise<string[]> {
  switch (event.detailType) {
    // A closed chat frees its agent (or the agent it was offered to), who may serve several
    // departments; a closed queued chat moves its queue.
    case 'chat.closed':
      return [...new Set([...(await agentDepartments(deps, event.detail.agentId ?? event.detail.offeredTo)), ...(event.detail.department ? [event.detail.department] : [])])];
    case 'agent.status.changed':
      return event.detail.status === 'online' ? agentDepartments(deps, event.detail.agentId) : [];
    case 'chat.offer.rejected':
      return [...new Set([...(event.detail.department ? [event.detail.department] : []), ...(await agentDepartments(deps, event.detail.agentId))])];
    // A transfer frees the old agent, whose queues may have waiting chats; not the queue the chat
    // was just sent to, or it could bounce straight back to the agent who handed it on.
    case 'chat.transferred': {
      const sentTo = event.detail.toAgentId === undefined ? event.detail.toDepartment : undefined;
      return (await agentDepartments(deps, event.detail.fromAgentId)).filter((d) => d !== sentTo);
    }
    default:
      return [];
  }
}

/**
 * Offers `chat` to `agent`: the expiry timer first (a timer for an offer that was never written
 * finds nothing to end), in one request with `withTimers` (the chat's own timers, decided by the
 * same event), then the one conditional transaction, then the event and the frame.
 */
export async function makeOffer(deps: Deps, chat: ChatRecord, agent: AgentProfile, withTimers: readonly TimerMessage[] = []): Promise<void> {
  const now = deps.clock.now();
  const attempt = (chat.offerAttempt ?? 0) + 1;
  const expiresAt = now + deps.config.routing.offerTimeoutSeconds * 1000;
  await deps.timers.scheduleAll([...withTimers, { timer: { kind: 'offer-expiry', chatId: chat.chatId, attempt }, dueAt: expiresAt }]);
  await deps.store.offerChat({ chat, agent, expiresAt, attempt, now });
  const offered: ChatRecord = { ...chat, offeredTo: agent.agentId, offerExpiresAt: expiresAt, offerAttempt: attempt };
  try {
    await announceOffer(deps, offered, now);
  } catch (error) {
    // An offer nobody was told of would lapse unseen (and count as the agent's pass), and the
    // event's redelivery would not find the chat in the queue to announce it again: take it back
    // (not a pass), so the retry offers it anew. (docs/reliability.md, "The offer that never came")
    await deps.store.endOffer(offered, 'requeue', now, false).catch(() => undefined);
    throw error;
  }
}

/** chat.offered and the `offer` frame to the agent's consoles. Safe to repeat (same event id; consoles key offers by chat). */
async function announceOffer(deps: Deps, chat: ChatRecord, now: number): Promise<void> {
  const agentId = chat.offeredTo as string;
  const attempt = chat.offerAttempt ?? 1;
  const expiresAt = chat.offerExpiresAt ?? now;
  await deps.publisher.publish([chatOffered(chat, agentId, expiresAt, attempt, now)]);
  await deliver(deps, [agentId], { type: 'offer', offer: { chat: toSummary(chat), expiresAt, attempt } });
}

/**
 * Tries agents for one chat: 'offered', 'lost' when the chat went elsewhere, 'none' when nobody
 * eligible has room; with the agents last read. `timers` go with the first offer's expiry timer,
 * or alone when no offer is made.
 */
async function offerOne(deps: Deps, chat: ChatRecord, exclude: string | undefined, timers: readonly TimerMessage[]): Promise<{ result: 'offered' | 'lost' | 'none'; agents: AgentProfile[] }> {
  const excluded = new Set<string>(exclude ? [exclude] : []);
  let pending = timers;
  let agents: AgentProfile[] = [];
  let result: 'offered' | 'lost' | 'none' = 'none';
  for (let i = 0; i < MAX_PLANS; i++) {
    agents = await deps.store.listOnlineAgents(chat.department);
    const agent = chooseAgent(agents, chat, policyOf(deps, chat.department), excluded);
    if (!agent) break;
    try {
      await makeOffer(deps, chat, agent, pending);
      return { result: 'offered', agents };
    } catch (error) {
      if (!(error instanceof AssignmentConflictError)) throw error;
      // The timers went out before the offer's write.
      pending = [];
      if (error.chatLost) {
        result = 'lost';
        break;
      }
      excluded.add(agent.agentId);
    }
  }
  await deps.timers.scheduleAll(pending);
  return { result, agents };
}

/**
 * Plans the department's queue and makes the offers; re-plans after a lost race. Returns how many were made.
 *
 * The queue is read first and the agents only when it holds a chat: after a close (the common
 * event) the queue is usually empty, and an empty queue needs no plan. A read after which no offer
 * was made is still the queue as it stands after the event (changes by others are theirs to push),
 * so the positions push uses it instead of reading again, when it holds the whole queue.
 */
async function drain(deps: Deps, department: string): Promise<number> {
  let offered = 0;
  let unchanged: QueueRead | undefined;
  let online: AgentProfile[] | undefined;
  for (let plan = 0; plan < MAX_PLANS && offered < MAX_OFFERS; plan++) {
    const readAt = deps.clock.now();
    const queue = await deps.store.listQueue(department, QUEUE_PAGE);
    const whole = queue.length < QUEUE_PAGE;
    if (queue.length === 0) {
      unchanged = { queue, readAt };
      break;
    }
    const agents = await deps.store.listOnlineAgents(department);
    online = agents;
    const assignments = planAssignments(queue, agents, deps.clock.now(), policyOf(deps, department));
    if (assignments.length === 0) {
      if (whole) unchanged = { queue, readAt };
      break;
    }
    const chats = new Map(queue.map((c) => [c.chatId, c]));
    const agentsById = new Map(agents.map((a) => [a.agentId, a]));
    let raced = false;
    for (const { chatId, agentId } of assignments.slice(0, MAX_OFFERS - offered)) {
      try {
        await makeOffer(deps, chats.get(chatId) as ChatRecord, agentsById.get(agentId) as AgentProfile);
        offered += 1;
      } catch (error) {
        if (!(error instanceof AssignmentConflictError)) throw error;
        raced = true;
        // A lost agent invalidates the rest of the plan for them: re-plan from fresh reads.
        if (error.agentLost) break;
      }
    }
    if (!raced) break;
  }
  await queueMoved(deps, department, online, unchanged);
  return offered;
}

/** A new chat's SLA timers (first response, time in queue) as the timer queue carries them (sla-timers.ts). */
function slaRequestTimers(deps: Pick<Deps, 'config'>, chat: ChatRecord): TimerMessage[] {
  return requestTimers(chat, slaPolicy(deps.config, chat.department)).map(({ deadline, ...timer }) => ({ timer: { kind: 'sla', ...timer }, dueAt: deadline }));
}

/**
 * Routes a newly requested (or re-queued) chat; on a redelivery, finishes what an earlier
 * delivery started. `exclude`: the agent who just transferred it away. A new request starts the
 * chat's timers (its SLA targets, its queue limit) in the same SQS request as its first offer's
 * expiry: one request instead of three.
 */
async function routeRequested(deps: Deps, chatId: string, exclude?: string): Promise<number> {
  const chat = await deps.store.getChat(chatId);
  if (!chat) {
    console.warn(`[routing] chat.requested for unknown chat ${chatId}: ignored`);
    return 0;
  }
  // A new request, not a transfer back to a queue (which keeps the chat's first clocks). The SLA
  // timers start even if the chat was taken or closed before this event arrived (a drain can offer
  // it first): their check finds what was met. An offline chat has none.
  const first = exclude === undefined;
  const timers = first && chat.status !== 'offline' ? slaRequestTimers(deps, chat) : [];
  if (chat.status !== 'queued') {
    await deps.timers.scheduleAll(timers);
    return 0;
  }
  // The queue limit is the visitor's first wait; a chat transferred back to a queue already has an agent's attention.
  if (first) timers.push({ timer: { kind: 'queue-limit', chatId }, dueAt: chat.createdAt + deps.config.routing.queueLimitSeconds * 1000 });
  if (chat.offeredTo) {
    await deps.timers.scheduleAll(timers);
    await announceOffer(deps, chat, deps.clock.now());
    return 0;
  }
  const { result, agents } = await offerOne(deps, chat, exclude, timers);
  await queueMoved(deps, chat.department, agents);
  return result === 'offered' ? 1 : 0;
}

/** Handle times feed the queue's wait estimate: from the event when it carries them (it is published from the closed chat), else from the chat. */
async function recordHandleTime(deps: Deps, event: Extract<ParleyEvent, { detailType: 'chat.closed' }>): Promise<void> {
  const { chatId, department, handleMs, occurredAt } = event.detail;
  if (department !== undefined && handleMs !== undefined) return deps.store.recordHandleTime(department, chatId, handleMs, Date.parse(occurredAt));
  const chat = await deps.store.getChat(chatId);
  if (!chat?.assignedAt || chat.closedAt === undefined) return;
  await deps.store.recordHandleTime(chat.department, chat.chatId, Math.max(0, chat.closedAt - chat.assignedAt), chat.closedAt);
}

/** Offers what `event` makes offerable; returns how many chats were offered. */
export async function routeChats(deps: Deps, event: ParleyEvent): Promise<number> {
  if (event.detailType === 'chat.requested') return routeRequested(deps, event.detail.chatId);
  if (event.detailType === 'chat.closed') await recordHandleTime(deps, event);
  let total = 0;
  // A transfer to a department re-queued the chat: route it like a new request.
  if (event.detailType === 'chat.transferred' && event.detail.toAgentId === undefined) total += await routeRequested(deps, event.detail.chatId, event.detail.fromAgentId);
  for (const department of await departmentsOf(deps, event)) total += await drain(deps, department);
  return total;
}

/**
 * Escalation (the SLA rules) raises a waiting chat's priority: the store moves it up its queue
 * index (never down), then routing re-plans the department so it is offered first when a seat is
 * free, and the waiting visitors are told their new places. Returns whether the priority rose.
 */
export async function raisePriority(deps: Deps, chatId: string, priority: number): Promise<boolean> {
  if (!(await deps.store.raisePriority(chatId, priority))) return false;
  const chat = await deps.store.getChat(chatId);
  if (chat) await drain(deps, chat.department);
  return true;
}

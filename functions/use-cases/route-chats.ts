/**
 * The routing consumer. A requested chat is routed on its own; when capacity appears (an agent
 * comes online, a chat closes) the department's queue is drained oldest first. The store's
 * conditional transaction makes each assignment safe however many consumers race; a lost race
 * re-reads and tries the next agent.
 *
 * Why a new chat does not drain the queue: in a burst of N requests, N consumers would all race
 * for the same oldest chats and the work would grow with N² (measured: 200 simultaneous chats
 * timed the consumers out). Left out on purpose: a chat that found no room on arrival waits for
 * the next capacity event, so a newer chat can be assigned first if room appears between the two
 * (a window of milliseconds).
 */
import type { ParleyEvent } from '../contracts/events';
import { type ChatRecord, participants, toSummary } from '../domain/chat';
import { AssignmentConflictError } from '../domain/errors';
import { joinedText } from '../domain/messages';
import { type AgentProfile, chooseAgent } from '../domain/routing';
import { appendMessage } from './append-message';
import { deliver } from './deliver';
import { chatAssigned, messageCreated } from './events';
import type { Deps } from './ports';

/** Upper bound of assignments per department per event: a runaway loop costs money. */
const MAX_ASSIGNMENTS = 50;
const MAX_ATTEMPTS_PER_CHAT = 5;

async function agentDepartments(deps: Deps, agentId: string): Promise<string[]> {
  return (await deps.store.getAgent(agentId))?.departments ?? [];
}

/** Departments whose queues may now have room: those of the agent who came online or was freed. */
async function departmentsOf(deps: Deps, event: ParleyEvent): Promise<string[]> {
  switch (event.detailType) {
    // A closed chat frees its agent, who may serve several departments.
    case 'chat.closed':
      return event.detail.agentId ? agentDepartments(deps, event.detail.agentId) : [];
    case 'agent.status.changed':
      return event.detail.status === 'online' ? agentDepartments(deps, event.detail.agentId) : [];
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

/** Tries agents for one chat: the agent who got it, 'next' when the chat went elsewhere, 'stop' when nobody has room. */
async function assignOne(deps: Deps, chat: ChatRecord, at: number, exclude?: string): Promise<AgentProfile | 'stop' | 'next'> {
  const excluded = new Set<string>(exclude ? [exclude] : []);
  for (let i = 0; i < MAX_ATTEMPTS_PER_CHAT; i++) {
    const agent = chooseAgent(await deps.store.listOnlineAgents(chat.department), chat.department, excluded);
    if (!agent) return 'stop';
    try {
      await deps.store.assignChat(chat, agent, at);
      return agent;
    } catch (error) {
      if (!(error instanceof AssignmentConflictError)) throw error;
      if (error.chatLost) return 'next';
      excluded.add(agent.agentId);
    }
  }
  return 'stop';
}

/** One "joined" line per assignment: a chat transferred back to a queue gets a new one for its next agent. */
const joinKey = (chat: Pick<ChatRecord, 'chatId' | 'transfers'>): string => `system:assigned:${chat.chatId}${chat.transfers ? `:${chat.transfers}` : ''}`;

/**
 * Tells everyone about an assignment: chat.assigned, a "joined" line with a seq, and `chat` +
 * `message` frames to both sides. Safe to repeat: the line is idempotent on its clientMessageId,
 * event ids are deterministic, and clients drop frames they already have.
 */
type AssignedChat = ChatRecord & { agentId: string; agentName: string; assignedAt: number };

async function announce(deps: Deps, assigned: AssignedChat): Promise<void> {
  const at = assigned.assignedAt;
  // Every step repeats safely: a stable event id, a line idempotent on its key, frames clients dedupe.
  await deps.publisher.publish([chatAssigned(assigned, assigned.agentId, at)]);
  const draft = { clientMessageId: joinKey(assigned), senderRole: 'system' as const, senderId: 'system', text: joinedText(assigned.agentName) };
  const line = await appendMessage(deps.store, assigned, draft, at);
  await deps.publisher.publish([messageCreated(assigned, line.message, false)]);
  const summary = toSummary({ ...assigned, lastSeq: Math.max(assigned.lastSeq, line.message.seq) });
  await deliver(deps, participants(assigned), [
    { type: 'chat', chat: summary },
    { type: 'message', chatId: assigned.chatId, message: line.message },
  ]);
}

/**
 * A redelivered chat.requested whose first delivery assigned the chat: announce again, whole.
 * The first delivery may have died anywhere in the announcement (even after the joined line was
 * written, before the frames went out), and every step repeats safely, so at-least-once
 * delivery never leaves a silent assignment. (Found by the chaos run: an agent never told.)
 */
async function finishAnnouncement(deps: Deps, chatId: string): Promise<void> {
  const chat = await deps.store.getChat(chatId);
  if (chat?.status !== 'assigned' || !chat.agentId) return;
  await announce(deps, { ...chat, agentId: chat.agentId, agentName: chat.agentName ?? chat.agentId, assignedAt: chat.assignedAt ?? deps.clock.now() });
}

/** Assigns one queued chat and announces it: 'assigned', or why not (see assignOne). */
async function assignAndAnnounce(deps: Deps, chat: ChatRecord, exclude?: string): Promise<'assigned' | 'stop' | 'next'> {
  const at = deps.clock.now();
  const agent = await assignOne(deps, chat, at, exclude);
  if (agent === 'stop' || agent === 'next') return agent;
  await announce(deps, { ...chat, status: 'assigned', agentId: agent.agentId, agentName: agent.name, assignedAt: at });
  return 'assigned';
}

async function drain(deps: Deps, department: string): Promise<number> {
  let assigned = 0;
  while (assigned < MAX_ASSIGNMENTS) {
    const [chat] = await deps.store.listQueue(department, 1);
    if (!chat) break;
    const result = await assignAndAnnounce(deps, chat);
    if (result === 'stop') break;
    if (result === 'assigned') assigned += 1;
  }
  return assigned;
}

/**
 * Routes a newly requested (or re-queued) chat, or finishes announcing it when an earlier
 * delivery assigned it. `exclude`: the agent who just transferred it away.
 */
async function routeRequested(deps: Deps, chatId: string, exclude?: string): Promise<number> {
  const chat = await deps.store.getChat(chatId);
  if (chat?.status !== 'queued') {
    await finishAnnouncement(deps, chatId);
    return 0;
  }
  return (await assignAndAnnounce(deps, chat, exclude)) === 'assigned' ? 1 : 0;
}

/** Assigns what `event` makes assignable; returns how many chats. */
export async function routeChats(deps: Deps, event: ParleyEvent): Promise<number> {
  if (event.detailType === 'chat.requested') return routeRequested(deps, event.detail.chatId);
  let total = 0;
  // A transfer to a department re-queued the chat: route it like a new request.
  if (event.detailType === 'chat.transferred' && event.detail.toAgentId === undefined) total += await routeRequested(deps, event.detail.chatId, event.detail.fromAgentId);
  for (const department of await departmentsOf(deps, event)) total += await drain(deps, department);
  return total;
}

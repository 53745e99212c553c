/**
 * Routing decisions: which online agent is offered which queued chat. Pure: the store's
 * conditional writes make a decision safe under races; this only makes it fair and correct.
 *
 * Eligible = online with a console socket, under capacity (offered chats count), serving the chat's department,
 * having every skill the chat requires, and not one who already declined or let the offer lapse.
 * Queue order = higher priority first, then oldest, then chat id.
 * Policies: least-busy (lowest share of capacity in use, then the agent offered a chat longest
 * ago) and round-robin (the agent offered a chat longest ago, whatever their load).
 */
import type { RoutingPolicy } from '../contracts/config';
import type { AgentStatus } from '../contracts/frames';

export interface AgentProfile {
  agentId: string;
  name: string;
  status: AgentStatus;
  departments: string[];
  /** Chats assigned to the agent plus chats offered to them and not yet answered. */
  activeChats: number;
  maxChats: number;
  /** Skills such as languages (`fi`); a chat requiring skills goes only to agents having all of them. */
  skills?: string[];
  /** epoch ms of the last offer (or assignment) */
  lastAssignedAt?: number;
  /** True while the status is an `away` the server set itself (last console gone), so a reconnect may undo it. */
  autoAway?: boolean;
  /** The last status change (epoch ms, the status before it, whether the server made it): a retry re-publishes its event. */
  statusChangedAt?: number;
  previousStatus?: AgentStatus;
  statusAutomatic?: boolean;
  /**
   * Set (epoch ms) while an online agent has no console socket: their last one closed then and
   * none has opened since. Within the reconnect grace they are present but not offered chats.
   */
  disconnectedAt?: number;
}

/** What routing needs to know about a waiting chat. */
export interface RoutableChat {
  chatId: string;
  department: string;
  createdAt: number;
  priority?: number;
  skills?: string[];
  /** Agents who declined the chat or let its offer lapse: never offered it again. */
  passedBy?: string[];
}

/** The highest priority routing orders by; larger values are treated as this. */
export const MAX_PRIORITY = 9999;

/**
 * An urgent chat's priority (PRODUCT.md: "priority for chats flagged urgent"): the highest an SLA
 * escalation can raise a chat to (config `raisePriorityTo` ≤ 100), so it waits behind nothing.
 */
export const URGENT_PRIORITY = 100;

/** Flagged urgent (or escalated as high): the consoles show a badge. */
export const isUrgent = (chat: { priority?: number }): boolean => (chat.priority ?? 0) >= URGENT_PRIORITY;

/** An offer needs a socket to reach: an agent reconnecting (no console open) gets none. */
export function hasCapacity(agent: AgentProfile): boolean {
  return agent.status === 'online' && agent.disconnectedAt === undefined && agent.activeChats < agent.maxChats;
}

/**
 * Whether the agent counts as someone online for the offline decision: online with a console, or
 * online and within `graceMs` of their last console closing (a blip: a chat started now queues
 * for them). Read at decision time, so a grace timer that is late changes nothing here.
 */
export function isPresent(agent: Pick<AgentProfile, 'status' | 'disconnectedAt'>, now: number, graceMs: number): boolean {
  return agent.status === 'online' && (agent.disconnectedAt === undefined || now < agent.disconnectedAt + graceMs);
}

export function isEligible(agent: AgentProfile, chat: RoutableChat): boolean {
  return (
    hasCapacity(agent) &&
    agent.departments.includes(chat.department) &&
    (chat.skills ?? []).every((skill) => agent.skills?.includes(skill)) &&
    !chat.passedBy?.includes(agent.agentId)
  );
}

const byRecency = (a: AgentProfile, b: AgentProfile): number => (a.lastAssignedAt ?? -1) - (b.lastAssignedAt ?? -1);
const byId = (a: AgentProfile, b: AgentProfile): number => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);

const comparators: Record<RoutingPolicy, (a: AgentProfile, b: AgentProfile) => number> = {
  'least-busy': (a, b) => a.activeChats / a.maxChats - b.activeChats / b.maxChats || byRecency(a, b) || byId(a, b),
  'round-robin': (a, b) => byRecency(a, b) || byId(a, b),
};

/** The agent to offer `chat` to first, or undefined when nobody eligible has room. */
export function chooseAgent(agents: readonly AgentProfile[], chat: RoutableChat, policy: RoutingPolicy = 'least-busy', exclude: ReadonlySet<string> = new Set()): AgentProfile | undefined {
  return agents.filter((a) => isEligible(a, chat) && !exclude.has(a.agentId)).sort(comparators[policy])[0];
}

export const priorityOf = (chat: Pick<RoutableChat, 'priority'>): number => Math.min(MAX_PRIORITY, Math.max(0, chat.priority ?? 0));

/** Queue order: higher priority first, then the oldest, then the chat id (total, so stable). */
export function compareQueued(a: RoutableChat, b: RoutableChat): number {
  return priorityOf(b) - priorityOf(a) || a.createdAt - b.createdAt || (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : 0);
}

export interface Assignment {
  chatId: string;
  agentId: string;
}

/**
 * Offers for a department's queue, in queue order, as the routing consumer makes them against the
 * store: each chat goes to its best eligible agent; a chat nobody eligible can take is skipped
 * (it does not block chats behind it that other agents can take).
 */
export function planAssignments(queue: readonly RoutableChat[], agents: readonly AgentProfile[], now: number, policy: RoutingPolicy = 'least-busy'): Assignment[] {
  const pool = agents.map((a) => ({ ...a }));
  const result: Assignment[] = [];
  for (const chat of [...queue].sort(compareQueued)) {
    const agent = chooseAgent(pool, chat, policy);
    if (!agent) continue;
    agent.activeChats += 1;
    agent.lastAssignedAt = now;
    result.push({ chatId: chat.chatId, agentId: agent.agentId });
  }
  return result;
}

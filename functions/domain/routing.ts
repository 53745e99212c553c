/**
 * Routing choice: which online agent takes the next chat of a department. The least busy agent
 * under capacity wins; among equals, the one assigned least recently (never assigned first),
 * then the agent id, so the choice is deterministic. Pure: the store's conditional writes make
 * the choice safe under races, this only makes it fair.
 */
import type { AgentStatus } from '../contracts/frames';

export interface AgentProfile {
  agentId: string;
  name: string;
  status: AgentStatus;
  departments: string[];
  activeChats: number;
  maxChats: number;
  /** epoch ms of the last assignment */
  lastAssignedAt?: number;
  /** True while the status is an `away` the server set itself (last console gone), so a reconnect may undo it. */
  autoAway?: boolean;
}

export function hasCapacity(agent: AgentProfile): boolean {
  return agent.status === 'online' && agent.activeChats < agent.maxChats;
}

function compare(a: AgentProfile, b: AgentProfile): number {
  const load = a.activeChats / a.maxChats - b.activeChats / b.maxChats;
  if (load !== 0) return load;
  const recency = (a.lastAssignedAt ?? -1) - (b.lastAssignedAt ?? -1);
  if (recency !== 0) return recency;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/** The agent to try first for a chat of `department`, or undefined when nobody can take it. */
export function chooseAgent(agents: readonly AgentProfile[], department: string, exclude: ReadonlySet<string> = new Set()): AgentProfile | undefined {
  return agents
    .filter((a) => hasCapacity(a) && a.departments.includes(department) && !exclude.has(a.agentId))
    .sort(compare)[0];
}

export interface Assignment {
  chatId: string;
  agentId: string;
}

/**
 * Assigns queued chats (oldest first) one by one, as the routing consumer does against the
 * store. Used to reason about fairness and capacity without I/O.
 */
export function planAssignments(
  queue: readonly { chatId: string; department: string }[],
  agents: readonly AgentProfile[],
  now: number,
): Assignment[] {
  const pool = agents.map((a) => ({ ...a }));
  const result: Assignment[] = [];
  for (const chat of queue) {
    const agent = chooseAgent(pool, chat.department);
    if (!agent) continue;
    agent.activeChats += 1;
    agent.lastAssignedAt = now;
    result.push({ chatId: chat.chatId, agentId: agent.agentId });
  }
  return result;
}

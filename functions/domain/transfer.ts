/**
 * Transferring a chat: who may, to whom, and the line the visitor reads. Pure.
 */
import type { Caller } from '../contracts/auth';
import type { ChatRecord } from './chat';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from './errors';
import type { AgentProfile } from './routing';

export type TransferTo = { kind: 'agent'; agent: AgentProfile } | { kind: 'department'; department: { id: string; name: string }; urgent?: boolean };

/** The chat's agent hands it on; a supervisor or admin may move any assigned chat. */
export function requireTransferrer(chat: ChatRecord | undefined, caller: Pick<Caller, 'role' | 'userId'>): ChatRecord & { agentId: string } {
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  if (caller.role === 'visitor') throw new ForbiddenError('Only staff transfer chats', 'action');
  if (caller.role === 'agent' && chat.agentId !== caller.userId) throw new ForbiddenError('You are not part of this chat', 'chatId');
  if (chat.status !== 'assigned' || !chat.agentId) throw new ConflictError(`Only an assigned chat can be transferred; this one is ${chat.status}`, 'chatId');
  return chat as ChatRecord & { agentId: string };
}

/** An agent serves the departments their profile names; none named means all of them. */
export function serves(agent: Pick<AgentProfile, 'departments'>, department: string): boolean {
  return agent.departments.length === 0 || agent.departments.includes(department);
}

/** Checks a named target agent against the chat (capacity and presence are the store's condition). */
export function requireAgentTarget(chat: ChatRecord & { agentId: string }, target: AgentProfile | undefined, toAgentId: string, departmentName: string): AgentProfile {
  if (!target) throw new NotFoundError(`No agent "${toAgentId}"`, 'toAgentId');
  if (target.agentId === chat.agentId) throw new BadRequestError(`The chat is already ${target.name}'s`, 'toAgentId');
  if (!serves(target, chat.department)) throw new ConflictError(`${target.name} does not serve ${departmentName}`, 'toAgentId');
  if (target.status !== 'online') throw new ConflictError(`${target.name} is ${target.status}`, 'toAgentId');
  if (target.activeChats >= target.maxChats) throw new ConflictError(`${target.name} has no free capacity (${target.activeChats}/${target.maxChats})`, 'toAgentId');
  return target;
}

export function requireDepartment(departments: readonly { id: string; name: string }[], id: string): { id: string; name: string } {
  const found = departments.find((d) => d.id === id);
  if (!found) throw new NotFoundError(`No department "${id}"`, 'toDepartment');
  return found;
}

/** The system line both sides read: "You're being connected to Billing: <reason>". */
export function transferText(to: TransferTo, reason: string): string {
  const name = to.kind === 'agent' ? to.agent.name : to.department.name;
  return `You're being connected to ${name}: ${reason}`;
}

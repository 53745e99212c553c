/**
 * Transfer: the chat's agent (or a supervisor/admin) hands an assigned chat to a named agent
 * (who must serve its department, be online and have room: the store's transaction checks the
 * last two) or to a department (back in that queue; routing assigns it on chat.transferred).
 * Everyone in the chat reads a system line with the reason; the new agent gets a `chat` frame
 * and resumes the whole history from seq 0.
 *
 * Order: move → line → event → pushes. A retry after the move finds the chat no longer the old
 * agent's and is refused (conflict) rather than moved twice; left out on purpose: a crash
 * between the move and the line leaves the transfer without its line (the chat frame still tells).
 */
import type { EventDetail } from '../contracts/events';
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { type ChatRecord, toSummary } from '../domain/chat';
import { AssignmentConflictError, ChatChangedError, ConflictError } from '../domain/errors';
import { URGENT_PRIORITY } from '../domain/routing';
import { requireAgentTarget, requireDepartment, requireTransferrer, type TransferTo, transferText } from '../domain/transfer';
import { appendMessage } from './append-message';
import { deliver } from './deliver';
import { messageCreated } from './events';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

type Assigned = ChatRecord & { agentId: string };

async function target(deps: Deps, chat: Assigned, frame: FrameOf<'transferChat'>): Promise<TransferTo> {
  if (frame.toDepartment !== undefined) return { kind: 'department', department: requireDepartment(deps.config.departments, frame.toDepartment), ...(frame.urgent ? { urgent: true } : {}) };
  const toAgentId = frame.toAgentId as string;
  const departmentName = deps.config.departments.find((d) => d.id === chat.department)?.name ?? chat.department;
  return { kind: 'agent', agent: requireAgentTarget(chat, await deps.store.getAgent(toAgentId), toAgentId, departmentName) };
}

/** Writes the move; the chat as it is after it. */
async function move(deps: Deps, chat: Assigned, to: TransferTo, now: number): Promise<ChatRecord> {
  const transfers = (chat.transfers ?? 0) + 1;
  // Urgent: ahead of everything waiting (never lowered: an escalation may have raised it already).
  const priority = to.kind === 'department' && to.urgent ? Math.max(URGENT_PRIORITY, chat.priority ?? 0) : undefined;
  try {
    if (to.kind === 'agent') {
      await deps.store.transferToAgent({ chat, to: to.agent, now });
      return { ...chat, agentId: to.agent.agentId, agentName: to.agent.name, assignedAt: now, transfers };
    }
    await deps.store.requeueChat({ chat, department: to.department.id, now, ...(priority === undefined ? {} : { priority }) });
  } catch (error) {
    if (error instanceof ChatChangedError) throw new ConflictError('The chat changed meanwhile (closed or already transferred)', 'chatId', { cause: error });
    if (error instanceof AssignmentConflictError) throw new ConflictError('That agent is no longer online with room', 'toAgentId', { cause: error });
    throw error;
  }
  const { agentId: _a, agentName: _n, assignedAt: _t, ...rest } = chat;
  return { ...rest, status: 'queued', department: to.department.id, transfers, ...(priority === undefined ? {} : { priority }) };
}

function chatTransferred(before: Assigned, after: ChatRecord, to: TransferTo, reason: string, now: number): { detailType: 'chat.transferred'; detail: EventDetail<'chat.transferred'> } {
  return {
    detailType: 'chat.transferred',
    detail: {
      eventId: `${before.chatId}:transferred:${after.transfers ?? 1}`,
      version: 1,
      occurredAt: new Date(now).toISOString(),
      chatId: before.chatId,
      visitorId: before.visitorId,
      fromAgentId: before.agentId,
      fromDepartment: before.department,
      ...(to.kind === 'agent' ? { toAgentId: to.agent.agentId } : {}),
      toDepartment: after.department,
      reason,
      ...(to.kind === 'department' && to.urgent ? { urgent: true } : {}),
    },
  };
}

export async function transferChat(deps: Deps, ctx: SocketContext, frame: FrameOf<'transferChat'>): Promise<AckPayloads['transferChat']> {
  const chat = requireTransferrer(await deps.store.getChat(frame.chatId), ctx.caller);
  const to = await target(deps, chat, frame);
  const now = deps.clock.now();
  const after = await move(deps, chat, to, now);
  const draft = { clientMessageId: `system:transfer:${chat.chatId}:${after.transfers ?? 1}`, senderRole: 'system' as const, senderId: 'system', text: transferText(to, frame.reason) };
  const line = await appendMessage(deps.store, after, draft, now);
  const summary = toSummary({ ...after, lastSeq: Math.max(after.lastSeq, line.message.seq) });
  await deps.publisher.publish([chatTransferred(chat, after, to, frame.reason, now), messageCreated(after, line.message, false)]);
  const people = [after.visitorId, chat.agentId, ...(after.agentId ? [after.agentId] : [])];
  await deliver(deps, people, [{ type: 'chat', chat: summary }, { type: 'message', chatId: chat.chatId, message: line.message }], ctx.connectionId);
  return { chat: summary };
}

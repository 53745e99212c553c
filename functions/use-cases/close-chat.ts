/**
 * A participant closes a chat: the agent says how it ended, the visitor may just leave. Frees
 * the agent's capacity in the same transaction, tells both sides, publishes chat.closed.
 */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { type ChatRecord, participants, requireCloseOutcome, requireOpen, requireParticipant, toSummary } from '../domain/chat';
import { ChatNotOpenError, ConflictError } from '../domain/errors';
import { normalizeTags } from '../domain/tags';
import { deliver } from './deliver';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

/** Tags given at close replace the set; without them the tags set during the chat stay. */
function closingTags(chat: ChatRecord, frame: FrameOf<'closeChat'>): string[] {
  return frame.tags ? normalizeTags(frame.tags) : (chat.tags ?? []);
}

function closed(chat: ChatRecord, side: 'visitor' | 'agent', frame: FrameOf<'closeChat'>, now: number): ChatRecord {
  const result: ChatRecord = { ...chat, status: 'closed', closedAt: now, closedBy: side, tags: closingTags(chat, frame) };
  if (frame.outcome) result.outcome = frame.outcome;
  return result;
}

export async function closeChat(deps: Deps, ctx: SocketContext, frame: FrameOf<'closeChat'>): Promise<AckPayloads['closeChat']> {
  const { chat, side } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireCloseOutcome(side, frame.outcome);
  requireOpen(chat);
  const now = deps.clock.now();
  try {
    await deps.store.closeChat({ chat, closedBy: side, tags: closingTags(chat, frame), now, ...(frame.outcome ? { outcome: frame.outcome } : {}) });
  } catch (error) {
    if (error instanceof ChatNotOpenError) throw new ConflictError('The chat is already closed', 'chatId', { cause: error });
    throw error;
  }
  const after = closed(chat, side, frame, now);
  await deps.publisher.publish([
    {
      detailType: 'chat.closed',
      detail: {
        eventId: `${chat.chatId}:closed`,
        version: 1,
        occurredAt: new Date(now).toISOString(),
        chatId: chat.chatId,
        visitorId: chat.visitorId,
        department: chat.department,
        closedBy: side,
        tags: after.tags ?? [],
        durationMs: Math.max(0, now - chat.createdAt),
        ...(chat.agentId ? { agentId: chat.agentId } : {}),
        ...(frame.outcome ? { outcome: frame.outcome } : {}),
      },
    },
  ]);
  await deliver(deps, participants(chat), { type: 'chat', chat: toSummary(after) }, ctx.connectionId);
  return { chat: toSummary(after) };
}

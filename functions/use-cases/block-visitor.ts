/**
 * Staff block an abusive visitor from a chat they may read (its agent, a supervisor, an admin):
 * blocks on every way the visitor comes back (visitor id, verified user id, network address of
 * their latest session), the open chat closed as unresolved and tagged `blocked`, and one
 * visitor.blocked event. Repeating it changes nothing (same blocks, same event id).
 */
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { blocksFor } from '../domain/blocks';
import { type ChatRecord, isOpen, requireReader } from '../domain/chat';
import { closeAs } from './close-chat';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

export const BLOCKED_TAG = 'blocked';

type Subject = AckPayloads['blockVisitor']['blocked'][number];

export async function blockVisitor(deps: Deps, ctx: SocketContext, frame: FrameOf<'blockVisitor'>): Promise<AckPayloads['blockVisitor']> {
  requireStaff(ctx.caller, 'blockVisitor');
  const chat = requireReader(await deps.store.getChat(frame.chatId), ctx.caller);
  const profile = await deps.store.getVisitorProfile(chat.visitorId);
  const now = deps.clock.now();
  const address = frame.address === false ? undefined : profile?.address;
  const blocks = blocksFor({ visitorId: chat.visitorId, userId: profile?.userId, address }, { agentId: ctx.caller.userId, chatId: chat.chatId }, now);
  await deps.store.putBlocks(blocks);
  if (isOpen(chat)) await closeBlocked(deps, chat);
  await deps.publisher.publish([
    {
      detailType: 'visitor.blocked',
      detail: {
        eventId: `${chat.visitorId}:blocked:${chat.chatId}`,
        version: 1,
        occurredAt: new Date(now).toISOString(),
        visitorId: chat.visitorId,
        agentId: ctx.caller.userId,
        chatId: chat.chatId,
      },
    },
  ]);
  return { visitorId: chat.visitorId, blocked: blocks.map((b) => b.subject.split(':')[0] as Subject) };
}

/** Every socket of both sides hears of the close, the blocking console too (its ack carries no chat). */
async function closeBlocked(deps: Deps, chat: ChatRecord): Promise<void> {
  // Closed by someone else meanwhile: closeAs announces that close; the block holds either way.
  await closeAs(deps, chat, 'agent', { outcome: 'unresolved', tags: [...new Set([...(chat.tags ?? []), BLOCKED_TAG])] });
}

/**
 * Tags on a chat: its agent (or a supervisor/admin) replaces the whole set; each change bumps
 * the chat's tagsVersion, so two consoles never silently undo each other, and publishes
 * chat.tagged with an id per version (a retry republishes the same one).
 */
import type { EventDetail } from '../contracts/events';
import type { AckPayloads, FrameOf } from '../contracts/frames';
import { type ChatRecord, participants, requireReader, toSummary } from '../domain/chat';
import { ChatChangedError, ConflictError, ForbiddenError } from '../domain/errors';
import { normalizeTags, sameTags, tagChoices } from '../domain/tags';
import { deliver } from './deliver';
import type { Deps } from './ports';
import { requireStaff, type SocketContext } from './socket-context';

const USED_TAGS = 500;

function chatTagged(chat: ChatRecord, version: number, now: number): { detailType: 'chat.tagged'; detail: EventDetail<'chat.tagged'> } {
  return {
    detailType: 'chat.tagged',
    detail: {
      eventId: `${chat.chatId}:tags:${version}`,
      version: 1,
      occurredAt: new Date(now).toISOString(),
      chatId: chat.chatId,
      ...(chat.agentId ? { agentId: chat.agentId } : {}),
      department: chat.department,
      tags: chat.tags ?? [],
    },
  };
}

export async function setTags(deps: Pick<Deps, 'store' | 'push' | 'publisher' | 'clock'>, ctx: SocketContext, frame: FrameOf<'setTags'>): Promise<AckPayloads['setTags']> {
  requireStaff(ctx.caller, 'setTags');
  const chat = requireReader(await deps.store.getChat(frame.chatId), ctx.caller);
  if (ctx.caller.role === 'agent' && chat.agentId !== ctx.caller.userId) throw new ForbiddenError('You are not part of this chat', 'chatId');
  const tags = normalizeTags(frame.tags);
  const now = deps.clock.now();
  let version = chat.tagsVersion ?? 0;
  // An unchanged set (a retry) writes nothing but republishes the same event: the first try may have died before it.
  if (!sameTags(chat.tags, tags)) {
    try {
      await deps.store.setTags(chat.chatId, tags, version);
    } catch (error) {
      if (error instanceof ChatChangedError) throw new ConflictError('The tags were changed meanwhile; reload and try again', 'tags', { cause: error });
      throw error;
    }
    version += 1;
  }
  const after: ChatRecord = { ...chat, tags, tagsVersion: version };
  await deps.publisher.publish([chatTagged(after, version, now)]);
  // Staff only: the visitor never sees how a chat was tagged.
  await deliver(deps, participants(after).filter((id) => id !== chat.visitorId), { type: 'chat', chat: toSummary(after) }, ctx.connectionId);
  return { chat: toSummary(after) };
}

export async function listTags(deps: Pick<Deps, 'store' | 'config'>, ctx: SocketContext): Promise<AckPayloads['listTags']> {
  requireStaff(ctx.caller, 'listTags');
  return { tags: tagChoices(deps.config.tags, await deps.store.listUsedTags(USED_TAGS)) };
}

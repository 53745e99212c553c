/**
 * An offered chat's answers: Accept (the chat is assigned), Decline or a lapsed offer (it goes to
 * the next eligible agent: chat.offer.rejected makes routing re-plan), and the queue limit (a chat
 * nobody took becomes missed and the visitor is offered the offline form). Every step is a
 * conditional write on the exact offer (agent + attempt), so a late timer, a second click or a
 * redelivered event finds the offer gone and does nothing.
 */
import type { AckPayloads, FrameOf, OfferEndReason } from '../contracts/frames';
import type { Timer } from '../contracts/timers';
import { type ChatRecord, participants, toSummary } from '../domain/chat';
import { AssignmentConflictError, ConflictError, NotFoundError, OfferLostError } from '../domain/errors';
import { joinedText } from '../domain/messages';
import { profileFromCaller } from './agent-profile';
import { appendMessage } from './append-message';
import { deliver } from './deliver';
import { pushLiveStats } from './live-stats';
import { graceEnded } from './presence';
import { chatAssigned, chatMissed, messageCreated, offerRejected } from './events';
import type { Deps } from './ports';
import { queueMoved, queuePushDue } from './queue-updates';
import { requireStaff, type SocketContext } from './socket-context';
import { checkSlaTimer, slaTimerOf } from './sla-timers';

/** One "joined" line per assignment: a chat transferred back to a queue gets a new one for its next agent. */
const joinKey = (chat: Pick<ChatRecord, 'chatId' | 'transfers'>): string => `system:assigned:${chat.chatId}${chat.transfers ? `:${chat.transfers}` : ''}`;

type AssignedChat = ChatRecord & { agentId: string; agentName: string; assignedAt: number };

/**
 * Tells everyone about an assignment: chat.assigned, a "joined" line with a seq, and `chat` +
 * `message` frames to both sides. Safe to repeat: the line is idempotent on its clientMessageId,
 * event ids are deterministic, and clients drop frames they already have.
 */
async function announceAssignment(deps: Deps, assigned: AssignedChat): Promise<ChatRecord> {
  const at = assigned.assignedAt;
  await deps.publisher.publish([chatAssigned(assigned, assigned.agentId, at)]);
  const draft = { clientMessageId: joinKey(assigned), senderRole: 'system' as const, senderId: 'system', text: joinedText(assigned.agentName) };
  const line = await appendMessage(deps.store, assigned, draft, at);
  await deps.publisher.publish([messageCreated(assigned, line.message, false)]);
  const after = { ...assigned, lastSeq: Math.max(assigned.lastSeq, line.message.seq) };
  await deliver(deps, participants(assigned), [
    { type: 'chat', chat: toSummary(after) },
    { type: 'message', chatId: assigned.chatId, message: line.message },
  ]);
  return after;
}

const offerEnded = (deps: Deps, agentId: string, chatId: string, reason: OfferEndReason, exceptConnectionId?: string) =>
  deliver(deps, [agentId], { type: 'offerEnded', chatId, reason }, exceptConnectionId);

/** The agent takes the chat offered to them. A retry after success returns the chat again. */
export async function acceptOffer(deps: Deps, ctx: SocketContext, frame: FrameOf<'acceptOffer'>): Promise<AckPayloads['acceptOffer']> {
  requireStaff(ctx.caller, 'acceptOffer');
  const chat = await deps.store.getChat(frame.chatId);
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  // A retry after success announces again, whole: the first attempt may have died mid-announcement, and every step repeats safely.
  if (chat.status === 'assigned' && chat.agentId === ctx.caller.userId) {
    const again = await announceAssignment(deps, { ...chat, agentId: chat.agentId, agentName: chat.agentName ?? ctx.caller.name, assignedAt: chat.assignedAt ?? deps.clock.now() });
    return { chat: toSummary(again) };
  }
  if (chat.status !== 'queued' || chat.offeredTo !== ctx.caller.userId) throw new ConflictError('The chat is not offered to you (the offer ended)', 'chatId');
  const now = deps.clock.now();
  if (now > (chat.offerExpiresAt ?? 0)) throw new ConflictError('The offer has expired', 'chatId');
  // The name the profile holds: it is written from the caller's identity on every connect (agent-profile.ts), so no read.
  const agentName = profileFromCaller(ctx.caller, deps.config, undefined).name;
  try {
    await deps.store.acceptOffer(chat, agentName, now);
  } catch (error) {
    if (error instanceof OfferLostError) throw new ConflictError('The chat is not offered to you (the offer ended)', 'chatId', { cause: error });
    throw error;
  }
  const { offeredTo: _to, offerExpiresAt: _expires, ...rest } = chat;
  const after = await announceAssignment(deps, { ...rest, status: 'assigned', agentId: ctx.caller.userId, agentName, assignedAt: now });
  await offerEnded(deps, ctx.caller.userId, chat.chatId, 'accepted', ctx.connectionId);
  return { chat: toSummary(after) };
}

/**
 * Ends the chat's current offer without Accept: back to the queue (routing re-plans on
 * chat.offer.rejected), or missed when the queue limit has passed meanwhile.
 */
async function endOffer(deps: Deps, chat: ChatRecord, reason: 'declined' | 'expired', exceptConnectionId?: string): Promise<void> {
  const agentId = chat.offeredTo as string;
  const now = deps.clock.now();
  const missed = now >= chat.createdAt + deps.config.routing.queueLimitSeconds * 1000;
  // An offer that lapsed while the agent had no console open was never seen: they did not pass on
  // the chat, and may be offered it again once they are back (online).
  const passed = reason === 'declined' || (await deps.store.listConnections(agentId)).length > 0;
  await deps.store.endOffer(chat, missed ? 'missed' : 'requeue', now, passed);
  await deps.publisher.publish([offerRejected(chat, agentId, reason, now)]);
  await offerEnded(deps, agentId, chat.chatId, reason, exceptConnectionId);
  if (missed) await announceMissed(deps, chat, now);
}

export async function declineOffer(deps: Deps, ctx: SocketContext, frame: FrameOf<'declineOffer'>): Promise<AckPayloads['declineOffer']> {
  requireStaff(ctx.caller, 'declineOffer');
  const chat = await deps.store.getChat(frame.chatId);
  if (!chat) throw new NotFoundError('No such chat', 'chatId');
  if (chat.status !== 'queued' || chat.offeredTo !== ctx.caller.userId) throw new ConflictError('The chat is not offered to you (the offer ended)', 'chatId');
  try {
    await endOffer(deps, chat, 'declined', ctx.connectionId);
  } catch (error) {
    if (error instanceof OfferLostError) throw new ConflictError('The chat is not offered to you (the offer ended)', 'chatId', { cause: error });
    throw error;
  }
  return {};
}

/** chat.missed, and the visitor's `chat` frame with status `missed` (the widget offers the offline form). */
async function announceMissed(deps: Deps, chat: ChatRecord, now: number): Promise<void> {
  await deps.publisher.publish([chatMissed(chat, 'queue-timeout', now)]);
  const { offeredTo: _to, offerExpiresAt: _expires, ...rest } = chat;
  await deliver(deps, [chat.visitorId], { type: 'chat', chat: toSummary({ ...rest, status: 'missed', closedAt: now }) });
  await queueMoved(deps, chat.department);
}

/** An offer's Accept window ended: if that offer still stands, it lapses (missed by the agent). */
async function offerExpired(deps: Deps, chat: ChatRecord, attempt: number): Promise<void> {
  if (chat.status !== 'queued' || !chat.offeredTo || chat.offerAttempt !== attempt) return;
  // An offer whose write lost its race left a timer with the same attempt as the offer made next
  // (scheduled first, so it is due earlier): that offer ends at its own expiry, by its own timer.
  if (deps.clock.now() < (chat.offerExpiresAt ?? 0)) return;
  try {
    await endOffer(deps, chat, 'expired');
  } catch (error) {
    if (!(error instanceof OfferLostError)) throw error;
  }
}

/** The queue limit passed: a chat still waiting unoffered becomes missed (an offered one waits for its answer). */
async function queueLimitReached(deps: Deps, chat: ChatRecord): Promise<void> {
  if (chat.status !== 'queued' || chat.offeredTo) return;
  const now = deps.clock.now();
  try {
    await deps.store.markMissed(chat, now);
  } catch (error) {
    if (error instanceof AssignmentConflictError) return;
    throw error;
  }
  await announceMissed(deps, chat, now);
}

/** Runs a timer that is due; one that arrived early (SQS delays at most 15 minutes) is sent again for the rest. */
export async function fireTimer(deps: Deps, timer: Timer, dueAt: number): Promise<void> {
  if (deps.clock.now() < dueAt) return deps.timers.schedule(timer, dueAt);
  if (timer.kind === 'sla') return void (await checkSlaTimer(deps, slaTimerOf(timer, dueAt)));
  if (timer.kind === 'live-stats') return void (await pushLiveStats(deps));
  if (timer.kind === 'presence-grace') return graceEnded(deps, timer.agentId, timer.disconnectedAt);
  if (timer.kind === 'queue-positions') return void (await queuePushDue(deps, timer.department));
  const chat = await deps.store.getChat(timer.chatId);
  if (!chat) {
    console.warn(`[timers] ${timer.kind} for unknown chat ${timer.chatId}: ignored`);
    return;
  }
  if (timer.kind === 'offer-expiry') return offerExpired(deps, chat, timer.attempt);
  return queueLimitReached(deps, chat);
}

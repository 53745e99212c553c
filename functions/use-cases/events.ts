/**
 * Builders for the events use cases publish. Ids are deterministic, so a retried handler
 * republishes the same eventId and consumers count it once.
 */
import type { EventDetail } from '../contracts/events';
import type { ChatMessage } from '../contracts/frames';
import type { Ticket } from '../contracts/http';
import type { ChatRecord } from '../domain/chat';
import { firstResponseMs, messageEventId } from '../domain/messages';
import { breachKey, type SlaBreach } from '../domain/sla';

function stamp(eventId: string, now: number) {
  return { eventId, version: 1 as const, occurredAt: new Date(now).toISOString() };
}

export function messageCreated(chat: ChatRecord, message: ChatMessage, firstResponse: boolean): { detailType: 'message.created'; detail: EventDetail<'message.created'> } {
  return {
    detailType: 'message.created',
    detail: {
      ...stamp(messageEventId(chat.chatId, message.seq), message.createdAt),
      chatId: chat.chatId,
      seq: message.seq,
      senderRole: message.senderRole,
      senderId: message.senderId,
      ...(chat.agentId ? { agentId: chat.agentId } : {}),
      department: chat.department,
      ...(firstResponse ? { firstResponseMs: firstResponseMs(chat, message.createdAt) } : {}),
      length: message.text.length,
      ...(message.cannedId ? { cannedId: message.cannedId } : {}),
      ...(message.attachments ? { attachments: message.attachments.length } : {}),
    },
  };
}

export function chatRequested(chat: ChatRecord): { detailType: 'chat.requested'; detail: EventDetail<'chat.requested'> } {
  return {
    detailType: 'chat.requested',
    detail: { ...stamp(`${chat.chatId}:requested`, chat.createdAt), chatId: chat.chatId, visitorId: chat.visitorId, department: chat.department },
  };
}

/**
 * One id per assignment, the same on every retry of it: a chat transferred back to a queue and
 * assigned again is a new assignment (the transfer count tells them apart; the first keeps the
 * plain `<chatId>:assigned`).
 */
export function chatAssigned(chat: ChatRecord, agentId: string, now: number): { detailType: 'chat.assigned'; detail: EventDetail<'chat.assigned'> } {
  return {
    detailType: 'chat.assigned',
    detail: {
      ...stamp(`${chat.chatId}:assigned${chat.transfers ? `:${chat.transfers}` : ''}`, now),
      chatId: chat.chatId,
      agentId,
      visitorId: chat.visitorId,
      department: chat.department,
      waitMs: Math.max(0, now - chat.createdAt),
    },
  };
}

export function chatOffered(chat: ChatRecord, agentId: string, expiresAt: number, attempt: number, now: number): { detailType: 'chat.offered'; detail: EventDetail<'chat.offered'> } {
  return {
    detailType: 'chat.offered',
    detail: {
      ...stamp(`${chat.chatId}:offered:${attempt}`, now),
      chatId: chat.chatId,
      agentId,
      visitorId: chat.visitorId,
      department: chat.department,
      expiresAt: new Date(expiresAt).toISOString(),
      attempt,
    },
  };
}

export function offerRejected(chat: ChatRecord, agentId: string, reason: 'declined' | 'expired', now: number): { detailType: 'chat.offer.rejected'; detail: EventDetail<'chat.offer.rejected'> } {
  return {
    detailType: 'chat.offer.rejected',
    detail: { ...stamp(`${chat.chatId}:offer:${chat.offerAttempt ?? 0}:${reason}`, now), chatId: chat.chatId, agentId, department: chat.department, reason },
  };
}

export function chatMissed(chat: ChatRecord, reason: EventDetail<'chat.missed'>['reason'], now: number): { detailType: 'chat.missed'; detail: EventDetail<'chat.missed'> } {
  return {
    detailType: 'chat.missed',
    detail: { ...stamp(`${chat.chatId}:missed`, now), chatId: chat.chatId, visitorId: chat.visitorId, department: chat.department, waitMs: Math.max(0, now - chat.createdAt), reason },
  };
}

/** One per breached timer: a repeated timer delivery republishes the same eventId. */
export function slaBreached(breach: SlaBreach): { detailType: 'sla.breached'; detail: EventDetail<'sla.breached'> } {
  return {
    detailType: 'sla.breached',
    detail: {
      ...stamp(`${breach.chatId}:sla:${breachKey(breach)}`, breach.detectedAt),
      chatId: breach.chatId,
      target: breach.target,
      targetSeconds: breach.targetSeconds,
      deadline: new Date(breach.deadline).toISOString(),
      actual: new Date(breach.detectedAt).toISOString(),
      department: breach.department,
      ...(breach.agentId ? { agentId: breach.agentId } : {}),
    },
  };
}

/**
 * The event of a ticket's latest status change (its statusVersion names it, so a retry publishes
 * the same id): `ticket.resolved` or `ticket.reopened`.
 */
export function ticketStatusChanged(ticket: Ticket): { detailType: 'ticket.resolved'; detail: EventDetail<'ticket.resolved'> } | { detailType: 'ticket.reopened'; detail: EventDetail<'ticket.reopened'> } {
  const at = ticket.statusChangedAt ?? ticket.createdAt;
  const common = {
    ...stamp(`${ticket.ticketId}:status:${ticket.statusVersion ?? 0}`, at),
    ticketId: ticket.ticketId,
    visitorId: ticket.visitorId,
    department: ticket.department,
    agentId: ticket.statusChangedBy ?? '',
  };
  return ticket.status === 'resolved'
    ? { detailType: 'ticket.resolved', detail: { ...common, openMs: Math.max(0, at - ticket.createdAt) } }
    : { detailType: 'ticket.reopened', detail: common };
}

/** A ticket an erasure deletes: no visitor id (the contact is being erased), only whether it was still open. */
export function ticketDeleted(ticket: { ticketId: string; department: string; open: boolean }, now: number): { detailType: 'ticket.deleted'; detail: EventDetail<'ticket.deleted'> } {
  return { detailType: 'ticket.deleted', detail: { ...stamp(`${ticket.ticketId}:deleted`, now), ticketId: ticket.ticketId, department: ticket.department, wasOpen: ticket.open } };
}

/** One per ticket: a retried request republishes the same eventId. */
export function ticketCreated(ticket: Ticket, reason: EventDetail<'ticket.created'>['reason']): { detailType: 'ticket.created'; detail: EventDetail<'ticket.created'> } {
  return {
    detailType: 'ticket.created',
    detail: {
      ...stamp(`${ticket.ticketId}:created`, ticket.createdAt),
      ticketId: ticket.ticketId,
      visitorId: ticket.visitorId,
      department: ticket.department,
      reason,
      ...(ticket.chatId ? { chatId: ticket.chatId } : {}),
    },
  };
}

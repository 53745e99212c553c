/**
 * The Parley event catalog: one typed definition per detail-type, shared by the publisher
 * and every subscriber (ours and a developer's). Documented in docs/events.md.
 * Delivery is at least once: consumers de-duplicate on `detail.eventId`.
 */
import * as z from 'zod';
import { agentStatusSchema, outcomeSchema } from './frames';

export const EVENT_SOURCE = 'parley';

const base = {
  /** Stable id of this state change; the same on every redelivery. */
  eventId: z.string().min(1),
  version: z.literal(1),
  /** ISO-8601 time of the state change. */
  occurredAt: z.iso.datetime(),
};

export const eventDetails = {
  'chat.requested': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    department: z.string().optional(),
    /** Skills the chat requires (e.g. a language); only agents having all of them are eligible. */
    skills: z.array(z.string()).optional(),
    /** Higher is more urgent (absent = 0); queued chats are taken highest priority first, then oldest. */
    priority: z.number().int().min(0).optional(),
    /** true when the site or an agent invited the visitor (a proactive chat), false when the visitor asked. */
    proactive: z.boolean().optional(),
  }),
  'chat.offered': z.object({
    ...base,
    chatId: z.string(),
    agentId: z.string(),
    visitorId: z.string(),
    department: z.string().optional(),
    /** ISO-8601: when the offer lapses and routing moves on to the next eligible agent. */
    expiresAt: z.iso.datetime(),
    /** 1 for the first agent offered, 2 for the next, … */
    attempt: z.number().int().min(1),
  }),
  'chat.offer.rejected': z.object({
    ...base,
    chatId: z.string(),
    agentId: z.string(),
    department: z.string().optional(),
    /** `expired` counts as a missed chat for this agent; `declined` does not. */
    reason: z.enum(['declined', 'expired']),
  }),
  'chat.assigned': z.object({
    ...base,
    chatId: z.string(),
    agentId: z.string(),
    visitorId: z.string(),
    department: z.string().optional(),
    /** ms from request to assignment */
    waitMs: z.number().int().min(0),
  }),
  'message.created': z.object({
    ...base,
    chatId: z.string(),
    seq: z.number().int().min(1),
    senderRole: z.enum(['visitor', 'agent', 'system']),
    senderId: z.string(),
    /** The agent who owns the chat when the message was written (for per-agent metrics). */
    agentId: z.string().optional(),
    /** Set on the agent's first reply: ms since the visitor requested the chat (the first-response time). */
    firstResponseMs: z.number().int().min(0).optional(),
    length: z.number().int().min(0),
    /** The canned response this message was written from, if any (the canned-usage metric). */
    cannedId: z.string().optional(),
    /** Number of attachments on the message. */
    attachments: z.number().int().min(0).optional(),
    /** The chat's department (per-department first-response times). */
    department: z.string().optional(),
  }),
  'chat.transferred': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    fromAgentId: z.string(),
    /** Set when transferred to a named agent. */
    toAgentId: z.string().optional(),
    /** The department the chat now belongs to. */
    toDepartment: z.string().optional(),
    fromDepartment: z.string().optional(),
    reason: z.string(),
    /** Transferred to a department as urgent: it goes ahead of everything waiting there. */
    urgent: z.boolean().optional(),
  }),
  'chat.tagged': z.object({
    ...base,
    chatId: z.string(),
    agentId: z.string().optional(),
    department: z.string().optional(),
    /** The chat's whole tag set after the change. */
    tags: z.array(z.string()),
  }),
  'chat.missed': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    department: z.string().optional(),
    /** ms from request until the chat was given up */
    waitMs: z.number().int().min(0),
    reason: z.enum(['queue-timeout', 'no-agents', 'outside-hours', 'visitor-left']),
  }),
  'ticket.created': z.object({
    ...base,
    ticketId: z.string(),
    visitorId: z.string(),
    /** The chat the ticket came from, when it came from one. */
    chatId: z.string().optional(),
    department: z.string().optional(),
    reason: z.enum(['outside-hours', 'no-agents', 'missed', 'visitor']),
  }),
  'ticket.resolved': z.object({
    ...base,
    ticketId: z.string(),
    visitorId: z.string(),
    department: z.string(),
    /** Who marked it resolved. */
    agentId: z.string(),
    /** ms from the ticket's creation to this resolution. */
    openMs: z.number().int().min(0),
  }),
  'ticket.deleted': z.object({
    ...base,
    ticketId: z.string(),
    department: z.string(),
    /** It was still open: it leaves the backlog. */
    wasOpen: z.boolean(),
  }),
  'ticket.reopened': z.object({
    ...base,
    ticketId: z.string(),
    visitorId: z.string(),
    department: z.string(),
    /** Who reopened it. */
    agentId: z.string(),
  }),
  'sla.breached': z.object({
    ...base,
    chatId: z.string(),
    target: z.enum(['firstResponse', 'queueTime', 'agentReply']),
    targetSeconds: z.number().int().min(1),
    /** ISO-8601: when the target was due. */
    deadline: z.iso.datetime(),
    /** ISO-8601: when the breach was detected (≤ 2 s after the deadline). */
    actual: z.iso.datetime(),
    department: z.string().optional(),
    agentId: z.string().optional(),
  }),
  'chat.rated': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    agentId: z.string().optional(),
    department: z.string().optional(),
    /** The chat's tags when it was answered (per-tag ratings and CSAT). */
    tags: z.array(z.string()).optional(),
    rating: z.number().int().min(1).max(5),
    /** Whether a comment was left (the text itself is read through the API). */
    commented: z.boolean().optional(),
  }),
  'survey.answered': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    agentId: z.string().optional(),
    department: z.string().optional(),
    /** The chat's tags when it was answered (per-tag ratings and CSAT). */
    tags: z.array(z.string()).optional(),
    /** csat 1–5, nps 0–10, ces 1–5 */
    survey: z.enum(['csat', 'nps', 'ces']),
    score: z.number().int().min(0).max(10),
  }),
  'widget.loaded': z.object({
    ...base,
    visitorId: z.string(),
    /** true on the visitor's first load of the UTC day (the unique-visitors count) */
    firstOfDay: z.boolean(),
  }),
  'conversion.recorded': z.object({
    ...base,
    conversionId: z.string(),
    visitorId: z.string(),
    /** The visitor's last chat within the attribution window, if any. */
    chatId: z.string().optional(),
    agentId: z.string().optional(),
    proactive: z.boolean().optional(),
    value: z.number().min(0),
    currency: z.string().length(3).optional(),
    /** true on the first conversion attributed to `chatId` (converted chats are counted once). */
    firstForChat: z.boolean().optional(),
  }),
  'team.feedback.sent': z.object({
    ...base,
    feedbackId: z.string(),
    /** The staff member who sent it. */
    authorId: z.string(),
    kind: z.enum(['suggestion', 'problem', 'praise']),
  }),
  'visitor.blocked': z.object({
    ...base,
    visitorId: z.string(),
    agentId: z.string(),
    chatId: z.string().optional(),
  }),
  'chat.closed': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    agentId: z.string().optional(),
    /** The agent the chat was being offered to when it closed, never assigned: their seat is free again. */
    offeredTo: z.string().optional(),
    department: z.string().optional(),
    closedBy: z.enum(['visitor', 'agent', 'system']),
    outcome: outcomeSchema.optional(),
    tags: z.array(z.string()).default([]),
    /** ms from request to close */
    durationMs: z.number().int().min(0),
    /** ms from assignment to close (the handle time); absent when no agent took the chat. */
    handleMs: z.number().int().min(0).optional(),
    /** Messages the visitor and the agents wrote in the chat (messages per chat). */
    visitorMessages: z.number().int().min(0).optional(),
    agentMessages: z.number().int().min(0).optional(),
    /** Agent messages written from a canned response. */
    cannedMessages: z.number().int().min(0).optional(),
  }),
  'agent.status.changed': z.object({
    ...base,
    agentId: z.string(),
    status: agentStatusSchema,
    previous: agentStatusSchema,
    /** true when the change came from the last console disconnecting, not from the agent */
    automatic: z.boolean().default(false),
  }),
} as const;

export type EventType = keyof typeof eventDetails;
export const EVENT_TYPES = Object.keys(eventDetails) as EventType[];
export type EventDetail<T extends EventType> = z.infer<(typeof eventDetails)[T]>;

/** An event as a publisher hands it over (`detail` fully typed by its detail-type). */
export type ParleyEvent = { [T in EventType]: { detailType: T; detail: EventDetail<T> } }[EventType];

/** The envelope EventBridge delivers to a Lambda target (the fields our handlers read). */
export const eventEnvelopeSchema = z.object({
  id: z.string(),
  source: z.literal(EVENT_SOURCE),
  'detail-type': z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  time: z.string(),
  detail: z.unknown(),
});

/** Parses an EventBridge delivery into a typed event, or throws a ZodError naming the field. */
export function parseEvent(raw: unknown): ParleyEvent {
  const envelope = eventEnvelopeSchema.parse(raw);
  const detailType = envelope['detail-type'];
  const detail = eventDetails[detailType].parse(envelope.detail);
  return { detailType, detail } as ParleyEvent;
}

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
  }),
  'chat.closed': z.object({
    ...base,
    chatId: z.string(),
    visitorId: z.string(),
    agentId: z.string().optional(),
    department: z.string().optional(),
    closedBy: z.enum(['visitor', 'agent', 'system']),
    outcome: outcomeSchema.optional(),
    tags: z.array(z.string()).default([]),
    /** ms from request to close */
    durationMs: z.number().int().min(0),
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

/**
 * Delayed work: the messages the timer queue carries (an SQS queue with a per-message delay in
 * the cloud, the local runtime's copy of it on a laptop) to the `timers` function. One queue and
 * one function for every kind of timer; each kind names what it is for and carries what its
 * handler needs to find out, when it fires, whether it still matters.
 */
import * as z from 'zod';
import { SLA_TARGETS } from './config';

export const timerSchema = z.discriminatedUnion('kind', [
  /** An offer's Accept window ends: if the chat is still offered at this attempt, it moves on. */
  z.object({ kind: z.literal('offer-expiry'), chatId: z.string().min(1), attempt: z.number().int().min(1) }),
  /** A chat's queue limit ends: if nobody has taken it, it becomes missed. */
  z.object({ kind: z.literal('queue-limit'), chatId: z.string().min(1) }),
  /** An agent's reconnect grace ends: if they are still without a socket since `disconnectedAt`, they are set away. */
  z.object({ kind: z.literal('presence-grace'), agentId: z.string().min(1), disconnectedAt: z.number().int().min(0) }),
  /** A department's queue moved within a second of its last positions push: push them once more, now. */
  z.object({ kind: z.literal('queue-positions'), department: z.string().min(1) }),
  /** The live numbers changed within a second of their last push: push them once more, now. */
  z.object({ kind: z.literal('live-stats') }),
  /** An SLA target is due (the message's dueAt is its deadline): a breach unless it was met. */
  z.object({
    kind: z.literal('sla'),
    chatId: z.string().min(1),
    department: z.string().min(1),
    target: z.enum(SLA_TARGETS),
    targetSeconds: z.number().int().min(1),
    startedAt: z.number().int().min(0),
  }),
]);
export type Timer = z.infer<typeof timerSchema>;

/** SQS delays a message by at most 15 minutes; a later timer is re-sent when it arrives early. */
export const MAX_TIMER_DELAY_SECONDS = 900;

/** The queue message: the timer and when it is due (epoch ms), so an early arrival can wait again. */
export const timerMessageSchema = z.object({ timer: timerSchema, dueAt: z.number().int() });
export type TimerMessage = z.infer<typeof timerMessageSchema>;

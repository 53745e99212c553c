/**
 * Timers over an SQS queue with a per-message delay (docs/decisions.md, "Timers"): SendMessage
 * with DelaySeconds rounded up (never early), capped at SQS's 15 minutes; a timer due later
 * arrives early and the timers function sends it again for the rest. Several timers decided
 * together go in one SendMessageBatch (ten at most per request, each with its own delay).
 */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { MAX_TIMER_DELAY_SECONDS, type Timer, type TimerMessage } from '../contracts/timers';
import type { Clock, Timers } from '../use-cases/ports';

/** SQS takes at most this many entries per SendMessageBatch. */
const MAX_BATCH = 10;

export function delaySeconds(dueAt: number, now: number): number {
  return Math.min(MAX_TIMER_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt - now) / 1000)));
}

export class SqsTimers implements Timers {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly clock: Clock,
  ) {}

  async schedule(timer: Timer, dueAt: number): Promise<void> {
    const message: TimerMessage = { timer, dueAt };
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds(dueAt, this.clock.now()) }));
  }

  /** A batch answers 200 even when entries failed: any failed entry throws, so the caller's retry sends them again (a timer firing twice is harmless). */
  async scheduleAll(timers: readonly TimerMessage[]): Promise<void> {
    if (timers.length === 1) return this.schedule((timers[0] as TimerMessage).timer, (timers[0] as TimerMessage).dueAt);
    for (let start = 0; start < timers.length; start += MAX_BATCH) {
      const now = this.clock.now();
      const Entries = timers.slice(start, start + MAX_BATCH).map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds(message.dueAt, now) }));
      const { Failed = [] } = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries }));
      if (Failed.length > 0) {
        const first = Failed[0];
        throw new Error(`SQS refused ${Failed.length} of ${Entries.length} timers (first: ${first?.Code ?? 'unknown'}: ${first?.Message ?? ''})`);
      }
    }
  }
}

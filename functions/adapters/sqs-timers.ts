/**
 * Timers over an SQS queue with a per-message delay (docs/decisions.md, "Timers"): SendMessage
 * with DelaySeconds rounded up (never early), capped at SQS's 15 minutes; a timer due later
 * arrives early and the timers function sends it again for the rest.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { MAX_TIMER_DELAY_SECONDS, type Timer, type TimerMessage } from '../contracts/timers';
import type { Clock, Timers } from '../use-cases/ports';

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
}

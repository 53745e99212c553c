/**
 * The local copy of the timer queue (an SQS queue with per-message delays in the cloud): takes the
 * real SendMessage call from the real SQS client, holds each message for its DelaySeconds, then
 * invokes the manifest's timers function with an SQS-shaped event of one record. A failed record
 * (thrown, or named in batchItemFailures) comes back after a visibility timeout, up to a receive
 * limit, then is dead-lettered (logged), as the cloud queue's redrive policy does.
 *
 * Left out on purpose: batching several records per invocation, long polling, FIFO. `idle()` waits
 * for deliveries under way, not for delays still running (a 30 s offer timeout would stall every test).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../../functions/manifest';
import type { Invoker } from './functions';

export const LOCAL_TIMER_QUEUE = 'parley-timers';

export interface TimerQueueOptions {
  readonly spec: FunctionSpec;
  readonly invoker: Invoker;
  /** Receives per message before it is dead-lettered. @default 5 */
  readonly maxReceives?: number;
  /** Wait before a failed message is delivered again. @default 1000 */
  readonly visibilityTimeoutMs?: number;
}

export interface TimerQueue {
  /** Accepts a message; returns its id and the MD5 of its body, as SQS does. */
  send(body: string, delaySeconds: number): { MessageId: string; MD5OfMessageBody: string };
  busy(): boolean;
  idle(): Promise<void>;
  /** Drops every message still waiting (the runtime is stopping). */
  close(): void;
  readonly deadLetters: readonly { messageId: string; body: string; error: string }[];
}

export function createTimerQueue(options: TimerQueueOptions): TimerQueue {
  const maxReceives = options.maxReceives ?? 5;
  const visibilityMs = options.visibilityTimeoutMs ?? 1000;
  const waiting = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const deadLetters: { messageId: string; body: string; error: string }[] = [];
  let closed = false;

  function later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      waiting.delete(timer);
      if (!closed) run();
    }, ms);
    waiting.add(timer);
  }

  async function receive(messageId: string, body: string, receiveCount: number): Promise<void> {
    const event = {
      Records: [
        {
          messageId,
          receiptHandle: `${messageId}:${receiveCount}`,
          body,
          attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()) },
          messageAttributes: {},
          md5OfBody: createHash('md5').update(body).digest('hex'),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${LOCAL_TIMER_QUEUE}`,
          awsRegion: 'us-east-1',
        },
      ],
    };
    let error: string | undefined;
    try {
      const result = (await options.invoker.invoke(options.spec, event)) as { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      if (result?.batchItemFailures?.some((f) => f.itemIdentifier === messageId)) error = 'reported as a batch item failure';
    } catch (thrown) {
      error = String(thrown);
    }
    if (error === undefined) return;
    if (receiveCount >= maxReceives) {
      deadLetters.push({ messageId, body, error });
      console.error(`[parley-local] dead-lettered timer ${messageId} after ${receiveCount} receives: ${error}`);
      return;
    }
    later(visibilityMs, () => deliver(messageId, body, receiveCount + 1));
  }

  function deliver(messageId: string, body: string, receiveCount: number): void {
    const delivery = receive(messageId, body, receiveCount);
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  }

  return {
    send(body, delaySeconds) {
      const messageId = randomUUID();
      later(delaySeconds * 1000, () => deliver(messageId, body, 1));
      return { MessageId: messageId, MD5OfMessageBody: createHash('md5').update(body).digest('hex') };
    },
    busy: () => inFlight.size > 0,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    close() {
      closed = true;
      for (const timer of waiting) clearTimeout(timer);
      waiting.clear();
    },
    deadLetters,
  };
}

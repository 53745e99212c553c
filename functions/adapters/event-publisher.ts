/**
 * Publishes Parley events with PutEvents: at most 10 entries per call (the API's limit), and
 * entries that fail on their own (throttling, internal errors) are sent again a few times.
 * What still fails after that is an error: the caller's invocation fails and is retried.
 */
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type ParleyEvent } from '../contracts/events';
import type { Publisher } from '../use-cases/ports';

const BATCH = 10;
const MAX_ATTEMPTS = 3;

export class EventPublisher implements Publisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async publish(events: readonly ParleyEvent[]): Promise<void> {
    const entries = events.map((e): PutEventsRequestEntry => ({ Source: EVENT_SOURCE, DetailType: e.detailType, Detail: JSON.stringify(e.detail), EventBusName: this.busName }));
    for (let start = 0; start < entries.length; start += BATCH) await this.putBatch(entries.slice(start, start + BATCH));
  }

  private async putBatch(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const result = await this.client.send(new PutEventsCommand({ Entries: pending }));
      const failed = pending.filter((_, i) => result.Entries?.[i]?.ErrorCode !== undefined);
      if (failed.length === 0) return;
      if (attempt >= MAX_ATTEMPTS) {
        const codes = result.Entries?.map((e) => e.ErrorCode).filter(Boolean).join(', ');
        throw new Error(`PutEvents: ${failed.length} entries failed after ${attempt} attempts (${codes})`);
      }
      pending = failed;
      await this.sleep(50 * 2 ** attempt);
    }
  }
}

/**
 * Post-chat feedback in the single table: `FEEDBACK#<kind>` items in the chat's partition
 * (kind = rating, csat, nps, ces), so each chat holds at most one of each: the conditional put
 * is the once-per-chat rule, and a repeat reads the original back.
 */
import type { ChatFeedback } from '../contracts/frames';
import type { FeedbackStore } from '../use-cases/ports';
import { putOnce } from './conditions';
import { keys } from './keys';
import { retention, type Table } from './table';

export class DynamoFeedback implements FeedbackStore {
  constructor(private readonly table: Table) {}

  async saveFeedback(feedback: ChatFeedback): Promise<{ stored: ChatFeedback; created: boolean }> {
    return putOnce(this.table, keys.feedback(feedback.chatId, feedback.kind), feedback, { type: 'feedback', ...retention(this.table, feedback.createdAt) });
  }
}

/**
 * The timers function: an SQS batch of due timers (contracts/timers.ts). Each record is parsed
 * and run on its own; a malformed one is logged and dropped (retrying cannot fix it), a failed
 * one is reported back so SQS retries only it (ReportBatchItemFailures).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { timerMessageSchema } from '../../contracts/timers';
import { fireTimer } from '../../use-cases/offers';
import type { Deps } from '../../use-cases/ports';
import { appDeps, type Lazy } from '../app-deps';

export const createHandler =
  (deps: Lazy<Deps>) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const parsed = timerMessageSchema.safeParse(body);
      if (!parsed.success) {
        console.error(`[timers] dropped malformed timer ${record.messageId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        continue;
      }
      try {
        await fireTimer(deps(), parsed.data.timer, parsed.data.dueAt);
      } catch (error) {
        console.error(`[timers] ${parsed.data.timer.kind} ${record.messageId} failed:`, error);
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };

export const handler = createHandler(appDeps);

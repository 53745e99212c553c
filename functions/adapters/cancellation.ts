/**
 * Reads which items of a cancelled TransactWriteItems failed their condition, so each store
 * method can translate the cancellation into the domain error it means.
 */
import type { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

// By name, not instanceof: a bundle may hold two copies of the client package.
function isCancellation(error: unknown): error is TransactionCanceledException {
  return error instanceof Error && error.name === 'TransactionCanceledException';
}

/** For a conditional-check cancellation: one boolean per transaction item (true = its condition failed). Otherwise undefined. */
export function failedConditions(error: unknown): boolean[] | undefined {
  if (!isCancellation(error)) return undefined;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.map((r) => r.Code === 'ConditionalCheckFailed');
  return failed.some(Boolean) ? failed : undefined;
}

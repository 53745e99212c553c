/**
 * A push gate in one item: at most one push per `gapMs`, and never a change left unpushed
 * (domain/live-stats.ts, livePushDecision, is the same rule in memory). Shared by the live
 * numbers (one item) and the queue positions (one item per department). One conditional write
 * when it pushes now or is covered (a failed condition returns the item, so its `dueAt` is known
 * without a second write), two when it sets a push for later (one when the caller knows it pushed
 * within the gap).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LivePushDecision } from '../domain/live-stats';
import type { Table } from './table';
import { conditionFailed } from './conditions';

type Key = Record<string, string>;

function dueAtOf(item: unknown): { dueAt?: number } {
  const raw = (item as { dueAt?: unknown } | undefined)?.dueAt;
  const value = typeof raw === 'object' && raw !== null && 'N' in raw ? Number((raw as { N: unknown }).N) : Number(raw);
  return raw !== undefined && Number.isFinite(value) ? { dueAt: value } : {};
}

/**
 * Decides, atomically, whether a change at `now` pushes now, sets a push for `now + gapMs`, or is
 * covered by one set. `pushedWithinGap`: the caller knows a push went less than `gapMs` ago (it
 * wrote that push's `sentAt` itself), so pushing now would be refused: only the second write is tried.
 */
export async function claimPush(table: Table, key: Key, now: number, gapMs: number, pushedWithinGap = false): Promise<LivePushDecision> {
  const conditional = async (input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'Key'>): Promise<{ ok: true } | { ok: false; dueAt?: number }> => {
    try {
      await table.client.send(new UpdateCommand({ TableName: table.name, Key: key, ...input, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return { ok: true };
    } catch (error) {
      if (conditionFailed(error)) return { ok: false, ...dueAtOf((error as { Item?: unknown }).Item) };
      throw error;
    }
  };
  if (!pushedWithinGap) {
    const pushNow = await conditional({
      UpdateExpression: 'SET sentAt = :now',
      ConditionExpression: 'attribute_not_exists(sentAt) OR sentAt <= :cut',
      ExpressionAttributeValues: { ':now': now, ':cut': now - gapMs },
    });
    if (pushNow.ok) return { kind: 'now' };
    if (pushNow.dueAt !== undefined && pushNow.dueAt >= now) return { kind: 'covered', dueAt: pushNow.dueAt };
  }
  const dueAt = now + gapMs;
  const setLater = await conditional({
    UpdateExpression: 'SET dueAt = :due',
    ConditionExpression: 'attribute_not_exists(dueAt) OR dueAt < :now',
    ExpressionAttributeValues: { ':due': dueAt, ':now': now },
  });
  if (setLater.ok) return { kind: 'later', dueAt };
  return setLater.dueAt === undefined ? { kind: 'covered' } : { kind: 'covered', dueAt: setLater.dueAt };
}

/** Notes a push at `now` (and that no push is set any more). */
export async function markPushed(table: Table, key: Key, now: number): Promise<void> {
  await table.client.send(new UpdateCommand({ TableName: table.name, Key: key, UpdateExpression: 'SET sentAt = :now REMOVE dueAt', ExpressionAttributeValues: { ':now': now } }));
}

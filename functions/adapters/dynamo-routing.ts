/**
 * Offers, queue changes and handle times in the single table (docs/decisions.md, "Offers").
 * Every change of who holds a chat is one TransactWriteItems whose conditions name the exact
 * state it was decided on (chat still queued, unoffered or offered to this agent at this attempt;
 * agent online and under capacity), so concurrent and repeated routing never double-offers,
 * loses a chat or goes over capacity.
 */
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatRecord } from '../domain/chat';
import type { LivePushDecision } from '../domain/live-stats';
import { QUEUE_PUSH_GAP_MS } from '../domain/queue';
import { AssignmentConflictError, OfferLostError } from '../domain/errors';
import { priorityOf } from '../domain/routing';
import type { NewOffer, RoutingStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { claimSeat, conditionFailed } from './conditions';
import { keys, queueKeys } from './keys';
import { claimPush, markPushed } from './push-gate';
import type { Table } from './table';

/** The push gate of a department's queue positions (push-gate.ts). */
const queuePushKey = (department: string) => ({ pk: `DEPT#${department}#QUEUEPUSH`, sk: 'PUSH' });

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

/** The chat is queued with no offer, and its offer count is still what the caller read. */
/** Handle times older than this no longer feed the estimate (a department that closed nothing for 90 days starts afresh). */
const HANDLE_TIME_TTL_SECONDS = 90 * 86_400;

const UNOFFERED_AT_ATTEMPT = '#status = :queued AND attribute_not_exists(offeredTo) AND (attribute_not_exists(offerAttempt) OR offerAttempt = :prevAttempt)';
/** The chat is queued and offered to this agent at this attempt. */
const OFFERED_TO = '#status = :queued AND offeredTo = :agentId AND offerAttempt = :attempt';

function conflict(error: unknown): never {
  const failed = failedConditions(error);
  if (failed) throw new AssignmentConflictError(failed[0] === true, failed[1] === true, { cause: error });
  throw error;
}

export class DynamoRouting implements RoutingStore {
  constructor(private readonly table: Table) {}

  private async transact(items: TransactItems): Promise<void> {
    await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
  }

  async offerChat({ chat, agent, expiresAt, attempt, now }: NewOffer): Promise<void> {
    const items: TransactItems = [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression: 'SET offeredTo = :agentId, offerExpiresAt = :expiresAt, offerAttempt = :attempt REMOVE gsi1pk, gsi1sk',
          ConditionExpression: UNOFFERED_AT_ATTEMPT,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':agentId': agent.agentId, ':expiresAt': expiresAt, ':attempt': attempt, ':prevAttempt': attempt - 1 },
        },
      },
      claimSeat(this.table.name, keys.agentProfile(agent.agentId), now),
      { Put: { TableName: this.table.name, Item: { ...keys.agentOffer(agent.agentId, chat.chatId), type: 'offer', chatId: chat.chatId, attempt, expiresAt } } },
    ];
    await this.transact(items).catch(conflict);
  }

  async acceptOffer(chat: ChatRecord, agentName: string, now: number): Promise<void> {
    const agentId = chat.offeredTo as string;
    const items: TransactItems = [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression: 'SET #status = :assigned, agentId = :agentId, agentName = :agentName, assignedAt = :now REMOVE offeredTo, offerExpiresAt',
          ConditionExpression: OFFERED_TO,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':assigned': 'assigned', ':agentId': agentId, ':agentName': agentName, ':now': now, ':attempt': chat.offerAttempt },
        },
      },
      { Delete: { TableName: this.table.name, Key: keys.agentOffer(agentId, chat.chatId) } },
      { Put: { TableName: this.table.name, Item: { ...keys.agentChat(agentId, chat.chatId), type: 'agentChat', chatId: chat.chatId, assignedAt: now } } },
    ];
    await this.transact(items).catch((error: unknown) => this.lost(error, chat));
  }

  async endOffer(chat: ChatRecord, outcome: 'requeue' | 'missed', now: number, passed = true): Promise<void> {
    const agentId = chat.offeredTo as string;
    const requeue = queueKeys(chat.department, chat.createdAt, chat.chatId, priorityOf(chat));
    const pass = passed ? 'passedBy = list_append(if_not_exists(passedBy, :none), :agent), ' : '';
    const set = outcome === 'requeue' ? `SET ${pass}gsi1pk = :gpk, gsi1sk = :gsk` : `SET ${pass}#status = :missed, closedAt = :now`;
    const values =
      outcome === 'requeue' ? { ':gpk': requeue.gsi1pk, ':gsk': requeue.gsi1sk } : { ':missed': 'missed', ':now': now };
    const items: TransactItems = [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression: `${set} REMOVE offeredTo, offerExpiresAt`,
          ConditionExpression: OFFERED_TO,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':agentId': agentId, ':attempt': chat.offerAttempt, ...(passed ? { ':none': [], ':agent': [agentId] } : {}), ...values },
        },
      },
      {
        Update: {
          TableName: this.table.name,
          Key: keys.agentProfile(agentId),
          UpdateExpression: 'SET activeChats = activeChats - :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      { Delete: { TableName: this.table.name, Key: keys.agentOffer(agentId, chat.chatId) } },
    ];
    await this.transact(items).catch((error: unknown) => this.lost(error, chat));
  }

  private lost(error: unknown, chat: ChatRecord): never {
    if (failedConditions(error)?.[0]) throw new OfferLostError(`chat ${chat.chatId} is no longer offered to ${chat.offeredTo ?? 'anyone'} at attempt ${chat.offerAttempt ?? 0}`, { cause: error });
    throw error;
  }

  async markMissed(chat: ChatRecord, now: number): Promise<void> {
    await this.table.client
      .send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression: 'SET #status = :missed, closedAt = :now REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :queued AND attribute_not_exists(offeredTo)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':missed': 'missed', ':now': now },
        }),
      )
      .catch((error: unknown) => {
        if (conditionFailed(error)) throw new AssignmentConflictError(true, false, { cause: error });
        throw error;
      });
  }

  async raisePriority(chatId: string, priority: number): Promise<boolean> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.chat(chatId), ConsistentRead: true }));
    const chat = Item as (ChatRecord & { gsi1pk?: string }) | undefined;
    if (chat?.status !== 'queued' || priorityOf(chat) >= priorityOf({ priority })) return false;
    // In the queue index: the sort key moves with the priority. Offered (out of the index): only
    // the priority, which the requeue after a lapsed offer uses. The condition pins which it was.
    const inQueue = chat.gsi1pk !== undefined;
    const { gsi1sk } = queueKeys(chat.department, chat.createdAt, chat.chatId, priority);
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.chat(chatId),
          UpdateExpression: inQueue ? 'SET #priority = :p, gsi1sk = :gsk' : 'SET #priority = :p',
          ConditionExpression: `#status = :queued AND (attribute_not_exists(#priority) OR #priority < :p) AND ${inQueue ? 'attribute_exists(gsi1pk)' : 'attribute_not_exists(gsi1pk)'}`,
          ExpressionAttributeNames: { '#status': 'status', '#priority': 'priority' },
          ExpressionAttributeValues: { ':queued': 'queued', ':p': priority, ...(inQueue ? { ':gsk': gsi1sk } : {}) },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return this.raisePriority(chatId, priority);
      throw error;
    }
  }

  /**
   * One item per closed chat, keyed by when it closed: a plain Put, so closes never contend (the
   * earlier single list item was read, changed and written back at a version: with a burst of
   * closes every writer but one lost and re-read, O(N²) calls — the 200-chat chaos run's largest
   * cost). A redelivery writes the same item again. Old items expire (TTL).
   */
  async recordHandleTime(department: string, chatId: string, handleMs: number, closedAt: number): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.handleTime(department, closedAt, chatId), type: 'handleTime', ms: handleMs, ttl: Math.floor(closedAt / 1000) + HANDLE_TIME_TTL_SECONDS },
      }),
    );
  }

  async setQueueNotice(chatId: string, notice: string, readAt: number): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.name,
          Key: keys.chat(chatId),
          UpdateExpression: 'SET queueNotice = :notice, queueNoticeAt = :at',
          // Not older than what was told, and not the same again (consumers racing on one burst all see the old notice).
          ConditionExpression: '#status = :queued AND (attribute_not_exists(queueNoticeAt) OR queueNoticeAt <= :at) AND (attribute_not_exists(queueNotice) OR queueNotice <> :notice)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':notice': notice, ':queued': 'queued', ':at': readAt },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async recentHandleTimes(department: string, count: number): Promise<number[]> {
    // An estimate: an eventually consistent read (half the cost) is plenty.
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.handleTimes(department) }, ScanIndexForward: false, Limit: count, ProjectionExpression: 'ms' }),
    );
    return Items.map((i) => Number(i.ms));
  }


  claimQueuePush(department: string, now: number): Promise<LivePushDecision> {
    return claimPush(this.table, queuePushKey(department), now, QUEUE_PUSH_GAP_MS);
  }

  markQueuePushed(department: string, now: number): Promise<void> {
    return markPushed(this.table, queuePushKey(department), now);
  }
}

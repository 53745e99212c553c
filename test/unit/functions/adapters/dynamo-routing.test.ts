import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoRouting } from '../../../../functions/adapters/dynamo-routing';
import { AssignmentConflictError, OfferLostError } from '../../../../functions/domain/errors';
import { onlineAgent, queuedChat, T0 } from '../fakes';
import { cancelled, testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const routing = new DynamoRouting({ client, name: 'parley' });

afterEach(() => ddb.reset());

const transactItems = () => ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
const offered = queuedChat({ offeredTo: 'a1', offerAttempt: 2, offerExpiresAt: T0 + 30_000 });

describe('DynamoRouting.offerChat', () => {
  it('offers only a queued, unoffered chat at the attempt it was read at, to an online agent under capacity, in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await routing.offerChat({ chat: queuedChat({ offerAttempt: 1 }), agent: onlineAgent(), expiresAt: T0 + 30_000, attempt: 2, now: T0 });

    const items = transactItems();
    expect(items[0]?.Update).toMatchObject({
      Key: { pk: 'CHAT#c1', sk: 'META' },
      UpdateExpression: 'SET offeredTo = :agentId, offerExpiresAt = :expiresAt, offerAttempt = :attempt REMOVE gsi1pk, gsi1sk',
      ConditionExpression: '#status = :queued AND attribute_not_exists(offeredTo) AND (attribute_not_exists(offerAttempt) OR offerAttempt = :prevAttempt)',
      ExpressionAttributeValues: expect.objectContaining({ ':attempt': 2, ':prevAttempt': 1 }),
    });
    expect(items[1]?.Update).toMatchObject({
      Key: { pk: 'AGENT#a1', sk: 'PROFILE' },
      UpdateExpression: 'SET activeChats = activeChats + :one, lastAssignedAt = :now',
      ConditionExpression: '#status = :online AND attribute_not_exists(disconnectedAt) AND activeChats < maxChats',
    });
    expect(items[2]?.Put?.Item).toMatchObject({ pk: 'AGENT#a1', sk: 'OFFER#c1', attempt: 2 });
  });

  it.each([
    [['ConditionalCheckFailed', 'None', 'None'], true, false],
    [['None', 'ConditionalCheckFailed', 'None'], false, true],
    [['ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'], true, true],
  ])('translates cancellation %j into AssignmentConflictError(chatLost %s, agentLost %s)', async (codes, chatLost, agentLost) => {
    ddb.on(TransactWriteCommand).rejects(cancelled(...codes));

    const error = await routing.offerChat({ chat: queuedChat(), agent: onlineAgent(), expiresAt: T0, attempt: 1, now: T0 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AssignmentConflictError);
    expect(error).toMatchObject({ chatLost, agentLost });
  });
});

describe('DynamoRouting.acceptOffer', () => {
  it('assigns the chat only while it is offered to this agent at this attempt; the seat was taken at the offer', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await routing.acceptOffer(offered, 'Alice', T0);

    const items = transactItems();
    expect(items[0]?.Update).toMatchObject({
      UpdateExpression: 'SET #status = :assigned, agentId = :agentId, agentName = :agentName, assignedAt = :now REMOVE offeredTo, offerExpiresAt',
      ConditionExpression: '#status = :queued AND offeredTo = :agentId AND offerAttempt = :attempt',
      ExpressionAttributeValues: expect.objectContaining({ ':agentId': 'a1', ':attempt': 2 }),
    });
    expect(items[1]?.Delete?.Key).toEqual({ pk: 'AGENT#a1', sk: 'OFFER#c1' });
    expect(items[2]?.Put?.Item).toMatchObject({ pk: 'AGENT#a1', sk: 'CHAT#c1' });
    expect(items.some((i) => i.Update?.Key?.sk === 'PROFILE')).toBe(false);
  });

  it('raises OfferLostError when the offer moved on', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));

    await expect(routing.acceptOffer(offered, 'Alice', T0)).rejects.toBeInstanceOf(OfferLostError);
  });
});

describe('DynamoRouting.endOffer', () => {
  it('requeues the chat in priority order, remembers who passed, and frees the seat', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await routing.endOffer({ ...offered, priority: 3 }, 'requeue', T0);

    const items = transactItems();
    expect(items[0]?.Update).toMatchObject({
      UpdateExpression: 'SET passedBy = list_append(if_not_exists(passedBy, :none), :agent), gsi1pk = :gpk, gsi1sk = :gsk REMOVE offeredTo, offerExpiresAt',
      ConditionExpression: '#status = :queued AND offeredTo = :agentId AND offerAttempt = :attempt',
      ExpressionAttributeValues: expect.objectContaining({ ':agent': ['a1'], ':gpk': 'QUEUE#support', ':gsk': `9996#${T0}#c1` }),
    });
    expect(items[1]?.Update).toMatchObject({ Key: { pk: 'AGENT#a1', sk: 'PROFILE' }, UpdateExpression: 'SET activeChats = activeChats - :one' });
    expect(items[2]?.Delete?.Key).toEqual({ pk: 'AGENT#a1', sk: 'OFFER#c1' });
  });

  it('requeues without remembering the agent when they never saw the offer, and names no value it does not use', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await routing.endOffer(offered, 'requeue', T0, false);

    const update = transactItems()[0]?.Update;
    expect(update?.UpdateExpression).toBe('SET gsi1pk = :gpk, gsi1sk = :gsk REMOVE offeredTo, offerExpiresAt');
    expect(Object.keys(update?.ExpressionAttributeValues ?? {}).sort()).toEqual([':agentId', ':attempt', ':gpk', ':gsk', ':queued']);
  });

  it('marks the chat missed instead when the queue limit has passed', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    await routing.endOffer(offered, 'missed', T0);

    expect(transactItems()[0]?.Update?.UpdateExpression).toBe('SET passedBy = list_append(if_not_exists(passedBy, :none), :agent), #status = :missed, closedAt = :now REMOVE offeredTo, offerExpiresAt');
  });

  it('raises OfferLostError when the offer was already answered', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));

    await expect(routing.endOffer(offered, 'requeue', T0)).rejects.toBeInstanceOf(OfferLostError);
  });
});

describe('DynamoRouting.raisePriority', () => {
  it('moves a queued chat up its queue index', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...queuedChat(), gsi1pk: 'QUEUE#support' } });
    ddb.on(UpdateCommand).resolves({});

    expect(await routing.raisePriority('c1', 5)).toBe(true);

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      UpdateExpression: 'SET #priority = :p, gsi1sk = :gsk',
      ConditionExpression: '#status = :queued AND (attribute_not_exists(#priority) OR #priority < :p) AND attribute_exists(gsi1pk)',
      ExpressionAttributeValues: { ':queued': 'queued', ':p': 5, ':gsk': `9994#${T0}#c1` },
    });
  });

  it.each([
    ['an assigned chat', { ...queuedChat({ status: 'assigned' }) }],
    ['a chat already as urgent', { ...queuedChat({ priority: 5 }), gsi1pk: 'QUEUE#support' }],
  ])('leaves %s alone', async (_name, item) => {
    ddb.on(GetCommand).resolves({ Item: item });

    expect(await routing.raisePriority('c1', 5)).toBe(false);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('re-reads when the chat changed between the read and the write', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: { ...queuedChat(), gsi1pk: 'QUEUE#support' } }).resolves({ Item: queuedChat({ status: 'assigned' }) });
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));

    expect(await routing.raisePriority('c1', 5)).toBe(false);
  });
});

describe('DynamoRouting handle times', () => {
  it('writes one item per closed chat, keyed by when it closed: no read, no version, so closes never contend', async () => {
    ddb.on(PutCommand).resolves({});

    await routing.recordHandleTime('support', 'c1', 2000, 1_700_000_000_000);

    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    const input = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).toEqual({ pk: 'DEPT#support#HANDLED', sk: '001700000000000#c1', type: 'handleTime', ms: 2000, ttl: 1_700_000_000 + 90 * 86_400 });
    expect(input?.ConditionExpression).toBeUndefined();
  });

  it('reads the newest N, newest first', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ms: 3000 }, { ms: 1000 }] });

    expect(await routing.recentHandleTimes('support', 20)).toEqual([3000, 1000]);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':pk': 'DEPT#support#HANDLED' }, ScanIndexForward: false, Limit: 20 });
  });
});

describe('DynamoRouting queue push gate', () => {
  it('pushes now when the department’s last push is a second old, else sets one for the end of the second, else is covered by the one set', async () => {
    const refused = (item: Record<string, unknown>) => Object.assign(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }), { Item: item });
    ddb
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(refused({ sentAt: { N: String(T0) } }))
      .resolvesOnce({})
      .rejectsOnce(refused({ sentAt: { N: String(T0) }, dueAt: { N: String(T0 + 1300) } }));

    const decisions = [await routing.claimQueuePush('support', T0), await routing.claimQueuePush('support', T0 + 300), await routing.claimQueuePush('support', T0 + 500)];

    const calls = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(calls[0]).toMatchObject({ Key: { pk: 'DEPT#support#QUEUEPUSH', sk: 'PUSH' }, ConditionExpression: 'attribute_not_exists(sentAt) OR sentAt <= :cut', ExpressionAttributeValues: { ':now': T0, ':cut': T0 - 1000 } });
    expect(calls[2]).toMatchObject({ UpdateExpression: 'SET dueAt = :due', ExpressionAttributeValues: { ':due': T0 + 1300 } });
    expect(decisions).toEqual([{ kind: 'now' }, { kind: 'later', dueAt: T0 + 1300 }, { kind: 'covered', dueAt: T0 + 1300 }]);
  });
});

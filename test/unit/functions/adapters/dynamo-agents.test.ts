import { BatchGetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoAgents } from '../../../../functions/adapters/dynamo-agents';
import { onlineAgent, T0 } from '../fakes';
import { testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const agents = new DynamoAgents({ client, name: 'parley' });

afterEach(() => ddb.reset());

describe('DynamoAgents', () => {
  it.each([
    ['online', { gsi1pk: 'ONLINE#billing', gsi1sk: 'a1' }],
    ['away', {}],
  ] as const)('going %s writes the profile and each department’s presence item', async (status, indexKeys) => {
    ddb.on(TransactWriteCommand).resolves({});

    await agents.setAgentStatus(onlineAgent({ departments: ['support', 'billing'] }), status, T0);

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({ Key: { pk: 'AGENT#a1', sk: 'PROFILE' }, ExpressionAttributeValues: { ':status': status } });
    expect(items[2]?.Put?.Item).toEqual({ pk: 'AGENT#a1', sk: 'DEPT#billing', type: 'presence', agentId: 'a1', department: 'billing', status, ...indexKeys });
  });

  it('keeps status, load and capacity of an existing profile when an agent connects again', async () => {
    ddb.on(UpdateCommand).resolves({});

    await agents.upsertAgent({ agentId: 'a1', name: 'Alice', departments: ['support'], maxChats: 3 });

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.UpdateExpression).toContain(
      'maxChats = if_not_exists(maxChats, :maxChats), #status = if_not_exists(#status, :offline), activeChats = if_not_exists(activeChats, :zero)',
    );
  });

  it('finds a department’s online agents through the index, then their profiles', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ agentId: 'a1' }, { agentId: 'a2' }] });
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ pk: 'AGENT#a1', sk: 'PROFILE', ...onlineAgent() }] } });

    const found = await agents.listOnlineAgents('support');

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'ONLINE#support' } });
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley?.Keys).toEqual([
      { pk: 'AGENT#a1', sk: 'PROFILE' },
      { pk: 'AGENT#a2', sk: 'PROFILE' },
    ]);
    expect(found).toEqual([onlineAgent()]);
  });

  it('ends the reconnect grace only while the agent is still online and disconnected since exactly then', async () => {
    const cancelled = Object.assign(new Error('cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] });
    ddb.on(TransactWriteCommand).rejects(cancelled);

    const written = await agents.setAgentStatus(onlineAgent({ disconnectedAt: T0 }), 'away', T0 + 60_000, true, T0);

    const profile = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems?.[0]?.Update;
    expect(profile).toMatchObject({ ConditionExpression: '#status = :online AND disconnectedAt = :since', ExpressionAttributeValues: { ':since': T0, ':status': 'away', ':auto': true } });
    expect(profile?.UpdateExpression).toMatch(/ REMOVE disconnectedAt$/);
    expect(written).toBe(false);
  });

  it('marks an online agent disconnected once (an earlier time is kept), and nothing for one not online', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(UpdateCommand).resolvesOnce({ Attributes: { disconnectedAt: T0 } }).rejectsOnce(Object.assign(new Error('no'), { name: 'ConditionalCheckFailedException' }));

    const first = await agents.markDisconnected('a1', T0 + 5);
    const notOnline = await agents.markDisconnected('a1', T0 + 9);

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: 'AGENT#a1', sk: 'PROFILE' },
      UpdateExpression: 'SET disconnectedAt = if_not_exists(disconnectedAt, :at)',
      ConditionExpression: '#status = :online',
      ReturnValues: 'UPDATED_NEW',
    });
    expect([first, notOnline]).toEqual([T0, undefined]);
  });

  it('clears the mark on reconnect and says whether there was one', async () => {
    ddb.on(UpdateCommand).resolvesOnce({ Attributes: { disconnectedAt: T0 } }).rejectsOnce(Object.assign(new Error('no'), { name: 'ConditionalCheckFailedException' }));

    const back = await agents.markReconnected('a1');
    const again = await agents.markReconnected('a1');

    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({ UpdateExpression: 'REMOVE disconnectedAt', ConditionExpression: 'attribute_exists(disconnectedAt)', ReturnValues: 'UPDATED_OLD' });
    expect([back, again]).toEqual([T0, undefined]);
  });

  it('marks the online presence items of a closing socket before the profile (an unmarked item must mean no disconnectedAt)', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'AGENT#a1', sk: 'DEPT#support', gsi1pk: 'ONLINE#support', agentId: 'a1' }, { pk: 'AGENT#a1', sk: 'DEPT#old', agentId: 'a1' }] });
    ddb.on(UpdateCommand).resolves({ Attributes: { disconnectedAt: T0 } });

    await agents.markDisconnected('a1', T0);

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ExpressionAttributeValues: { ':pk': 'AGENT#a1', ':prefix': 'DEPT#' }, ConsistentRead: true });
    expect(ddb.commandCalls(UpdateCommand).map((c) => [c.args[0].input.Key, c.args[0].input.UpdateExpression])).toEqual([
      [{ pk: 'AGENT#a1', sk: 'DEPT#support' }, 'SET socketClosed = :yes'],
      [{ pk: 'AGENT#a1', sk: 'PROFILE' }, 'SET disconnectedAt = if_not_exists(disconnectedAt, :at)'],
    ]);
  });

  it('answers whether anyone is present from the index alone when an online agent has no socket-close mark', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ agentId: 'a1', socketClosed: true }, { agentId: 'a2' }] });

    expect(await agents.anyonePresent('support', T0, 60_000)).toBe(true);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'ONLINE#support' } });
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it.each([
    ['within the grace', T0 + 59_999, true],
    ['after it', T0 + 60_000, false],
  ])('reads the marked agents’ profiles when every one is marked: present %s', async (_when, now, present) => {
    ddb.on(QueryCommand).resolves({ Items: [{ agentId: 'a1', socketClosed: true }] });
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [{ pk: 'AGENT#a1', sk: 'PROFILE', ...onlineAgent({ disconnectedAt: T0 }) }] } });

    expect(await agents.anyonePresent('support', now, 60_000)).toBe(present);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input.RequestItems?.parley?.Keys).toEqual([{ pk: 'AGENT#a1', sk: 'PROFILE' }]);
  });

  it('nobody online is nobody present, with no profile read', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    expect(await agents.anyonePresent('support', T0, 60_000)).toBe(false);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});

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
});

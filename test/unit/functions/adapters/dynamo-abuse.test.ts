import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoAbuse } from '../../../../functions/adapters/dynamo-abuse';
import { T0 } from '../fakes';
import { testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const abuse = new DynamoAbuse({ client, name: 'parley' });
const nowSeconds = T0 / 1000;

afterEach(() => ddb.reset());

describe('DynamoAbuse.findBlock', () => {
  it('finds a block DynamoDB first left unprocessed, by asking again', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { parley: [] }, UnprocessedKeys: { parley: { Keys: [{ pk: 'BLOCK#ip:1', sk: 'META' }] } } })
      .resolvesOnce({ Responses: { parley: [{ pk: 'BLOCK#ip:1', sk: 'META', subject: 'ip:1', visitorId: 'v1', agentId: 'a1', createdAt: T0 }] } });

    expect(await abuse.findBlock(['ip:1'], nowSeconds)).toMatchObject({ subject: 'ip:1' });
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(2);
  });

  it('throws rather than let a visitor through when the block stays unread', async () => {
    ddb.on(BatchGetCommand).resolves({ Responses: { parley: [] }, UnprocessedKeys: { parley: { Keys: [{ pk: 'BLOCK#ip:1', sk: 'META' }] } } });

    await expect(abuse.findBlock(['ip:1'], nowSeconds)).rejects.toThrow('1 of 1 keys unread after 5 tries');
  });
});

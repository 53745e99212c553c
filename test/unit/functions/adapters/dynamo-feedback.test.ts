import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoFeedback } from '../../../../functions/adapters/dynamo-feedback';
import type { ChatFeedback } from '../../../../functions/contracts/frames';
import { T0 } from '../fakes';
import { testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const store = new DynamoFeedback({ client, name: 'parley' });
const rating: ChatFeedback = { chatId: 'c1', kind: 'rating', score: 4, comment: 'quick', createdAt: T0 };

afterEach(() => ddb.reset());

describe('DynamoFeedback', () => {
  it('writes one item per chat and kind, only if there is none yet', async () => {
    ddb.on(PutCommand).resolves({});

    const saved = await store.saveFeedback(rating);

    expect(saved).toEqual({ stored: rating, created: true });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'CHAT#c1', sk: 'FEEDBACK#rating', type: 'feedback', score: 4, comment: 'quick' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('reads the stored answer back when the chat already has one of that kind', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { pk: 'CHAT#c1', sk: 'FEEDBACK#nps', type: 'feedback', chatId: 'c1', kind: 'nps', score: 9, createdAt: T0 } });

    const saved = await store.saveFeedback({ chatId: 'c1', kind: 'nps', score: 3, createdAt: T0 + 5 });

    expect(saved).toEqual({ stored: { chatId: 'c1', kind: 'nps', score: 9, createdAt: T0 }, created: false });
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ Key: { pk: 'CHAT#c1', sk: 'FEEDBACK#nps' }, ConsistentRead: true });
  });

  it('passes other failures on', async () => {
    ddb.on(PutCommand).rejects(new Error('throttled'));

    await expect(store.saveFeedback(rating)).rejects.toThrow('throttled');
  });
});

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoNotes } from '../../../../functions/adapters/dynamo-notes';
import type { ChatNote } from '../../../../functions/contracts/frames';
import { T0 } from '../fakes';
import { testClient } from './dynamo-fixtures';

const client = testClient();
const ddb = mockClient(client);
const notes = new DynamoNotes({ client, name: 'parley' });
const note: ChatNote = { chatId: 'c1', clientNoteId: 'n1', authorId: 'a1', text: 'VIP', afterSeq: 4, createdAt: T0 };

afterEach(() => ddb.reset());

describe('DynamoNotes', () => {
  it('writes a note outside the message seq range, only if its clientNoteId is new', async () => {
    ddb.on(PutCommand).resolves({});

    const stored = await notes.addNote(note);

    expect(stored).toEqual(note);
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: 'CHAT#c1', sk: 'NOTE#n1', type: 'note', text: 'VIP' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('returns the stored original when the clientNoteId was used', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { pk: 'CHAT#c1', sk: 'NOTE#n1', type: 'note', ...note, text: 'first text' } });

    const stored = await notes.addNote({ ...note, text: 'retried text' });

    expect(stored).toEqual({ ...note, text: 'first text' });
  });

  it('lists a chat’s notes oldest first, without keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'CHAT#c1', sk: 'NOTE#n2', type: 'note', ...note, clientNoteId: 'n2', createdAt: T0 + 5 }, { pk: 'CHAT#c1', sk: 'NOTE#n1', type: 'note', ...note }] });

    const listed = await notes.listNotes('c1');

    expect(listed.map((n) => n.clientNoteId)).toEqual(['n1', 'n2']);
    expect(listed[0]).toEqual(note);
    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({ ':pk': 'CHAT#c1', ':prefix': 'NOTE#' });
  });
});

/**
 * Post-chat rating and surveys through the real local runtime (real sockets, DynamoDB Local):
 * the chat's visitor rates once the chat has ended; a retry gets the stored answer back, a
 * change is refused, other people are refused, and an open chat cannot be rated yet.
 */
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatFeedback, ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, useRuntime, type Visitor } from './harness';

const local = useRuntime();
let alice: Client;
let mia: Visitor;
let other: Visitor;
let chatId: string;

/** The feedback items stored in the chat's partition, as `kind:score`. */
async function storedFeedback(id: string): Promise<string[]> {
  const dynamo = new DynamoDBClient({ endpoint: local.runtime.urls.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const { Items = [] } = await dynamo.send(
    new QueryCommand({
      TableName: local.runtime.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': { S: `CHAT#${id}` }, ':prefix': { S: 'FEEDBACK#' } },
      ConsistentRead: true,
    }),
  );
  dynamo.destroy();
  return Items.map((i) => `${i.kind?.S}:${i.score?.N}`).sort();
}

beforeAll(async () => {
  alice = await onlineAgent(local.runtime, 'alice@demo.parley');
  [mia, other] = await Promise.all([connectVisitor(local.runtime), connectVisitor(local.runtime)]);
  local.keep(alice, mia.client, other.client);
  const { chat } = await mia.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Where is my order?', clientMessageId: newId('m') });
  chatId = chat.chatId;
  await alice.waitFor('chat', (f) => f.chat.chatId === chatId && f.chat.status === 'assigned');
});

describe('rating and surveys after a chat', () => {
  it('refuses feedback while the chat is still open', async () => {
    const rating = await mia.client.request({ action: 'rateChat', chatId, rating: 5 });
    const survey = await mia.client.request({ action: 'answerSurvey', chatId, survey: 'csat', score: 5 });

    expect(rating).toMatchObject({ type: 'error', code: 'conflict', field: 'chatId' });
    expect(survey).toMatchObject({ type: 'error', code: 'conflict', field: 'chatId' });
    expect(await storedFeedback(chatId)).toEqual([]);
  });

  it('takes the visitor’s rating and survey answers once the chat has ended', async () => {
    await alice.ack({ action: 'closeChat', chatId, outcome: 'resolved' });

    const rated = await mia.client.ack<{ feedback: ChatFeedback }>({ action: 'rateChat', chatId, rating: 4, comment: '  Quick, thanks!  ' });
    const csat = await mia.client.ack<{ feedback: ChatFeedback }>({ action: 'answerSurvey', chatId, survey: 'csat', score: 5 });
    const nps = await mia.client.ack<{ feedback: ChatFeedback }>({ action: 'answerSurvey', chatId, survey: 'nps', score: 10 });
    await local.runtime.idle();

    expect(rated.feedback).toMatchObject({ chatId, kind: 'rating', score: 4, comment: 'Quick, thanks!' });
    expect(csat.feedback).toMatchObject({ kind: 'csat', score: 5 });
    expect(nps.feedback).toMatchObject({ kind: 'nps', score: 10 });
    expect(await storedFeedback(chatId)).toEqual(['csat:5', 'nps:10', 'rating:4']);
  });

  it('answers a retry with the stored rating, and refuses to change it', async () => {
    const retry = await mia.client.ack<{ feedback: ChatFeedback }>({ action: 'rateChat', chatId, rating: 4, comment: 'Quick, thanks!' });
    const change = await mia.client.request({ action: 'rateChat', chatId, rating: 1 });
    const surveyChange = await mia.client.request({ action: 'answerSurvey', chatId, survey: 'nps', score: 3 });

    expect(retry.feedback).toMatchObject({ kind: 'rating', score: 4, comment: 'Quick, thanks!' });
    expect(change).toMatchObject({ type: 'error', code: 'conflict', field: 'rating' });
    expect(surveyChange).toMatchObject({ type: 'error', code: 'conflict', field: 'score' });
    expect(await storedFeedback(chatId)).toEqual(['csat:5', 'nps:10', 'rating:4']);
  });

  it('refuses another visitor and the agent, a survey switched off, and scores out of range', async () => {
    const byOther = await other.client.request({ action: 'rateChat', chatId, rating: 1 });
    const byAgent = await alice.request({ action: 'answerSurvey', chatId, survey: 'csat', score: 1 });
    const offSurvey = await mia.client.request({ action: 'answerSurvey', chatId, survey: 'ces', score: 3 });
    const outOfRange = await mia.client.request({ action: 'answerSurvey', chatId, survey: 'csat', score: 9 });
    const badRating = await mia.client.request({ action: 'rateChat', chatId, rating: 'five' });
    const unknownChat = await mia.client.request({ action: 'rateChat', chatId: 'c-nope', rating: 3 });

    expect(byOther).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId' });
    expect(byAgent).toMatchObject({ type: 'error', code: 'forbidden', field: 'chatId' });
    expect(offSurvey).toMatchObject({ type: 'error', code: 'bad_request', field: 'survey' });
    expect(outOfRange).toMatchObject({ type: 'error', code: 'bad_request', field: 'score' });
    expect(badRating).toMatchObject({ type: 'error', code: 'bad_request', field: 'rating' });
    expect(unknownChat).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await storedFeedback(chatId)).toEqual(['csat:5', 'nps:10', 'rating:4']);
  });
});

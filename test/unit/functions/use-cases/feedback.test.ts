import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../../functions/contracts/auth';
import type { Survey } from '../../../../functions/contracts/frames';
import { answerSurvey, rateChat } from '../../../../functions/use-cases/feedback';
import { agent, errorOf, queuedChat, supervisor, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;

const rate = (caller: Caller, rating: number, comment?: string, chatId = 'c1') =>
  rateChat(deps, { caller, connectionId: 'x' }, { action: 'rateChat', requestId: 'r', chatId, rating, ...(comment === undefined ? {} : { comment }) });
const answer = (caller: Caller, survey: Survey, score: number) =>
  answerSurvey(deps, { caller, connectionId: 'x' }, { action: 'answerSurvey', requestId: 'r', chatId: 'c1', survey, score });

beforeEach(() => {
  deps = testDeps();
  deps.store.chats.set('c1', queuedChat({ status: 'closed', agentId: 'a1', agentName: 'Alice', assignedAt: T0 + 1000, closedAt: T0 + 60_000 }));
  deps.clock.set(T0 + 90_000);
});

describe('rateChat', () => {
  it('stores the visitor’s rating and publishes chat.rated with the chat’s agent and department', async () => {
    const ack = await rate(visitor(), 4, 'Quick and kind');

    expect(ack.feedback).toEqual({ chatId: 'c1', kind: 'rating', score: 4, comment: 'Quick and kind', createdAt: T0 + 90_000 });
    expect(deps.publisher.events).toEqual([
      {
        detailType: 'chat.rated',
        detail: {
          eventId: 'c1:rated',
          version: 1,
          occurredAt: new Date(T0 + 90_000).toISOString(),
          chatId: 'c1',
          visitorId: 'v1',
          agentId: 'a1',
          department: 'support',
          rating: 4,
          commented: true,
        },
      },
    ]);
  });

  it('answers a retry with the stored rating and the same eventId (the bus de-duplicates)', async () => {
    const first = await rate(visitor(), 5);
    deps.clock.set(T0 + 95_000);

    const again = await rate(visitor(), 5);

    expect(again).toEqual(first);
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual(['c1:rated', 'c1:rated']);
    expect(deps.publisher.events[1]?.detail.occurredAt).toBe(deps.publisher.events[0]?.detail.occurredAt);
  });

  it('refuses to change a rating, keeps the first and publishes nothing more', async () => {
    await rate(visitor(), 2);

    const change = await errorOf(rate(visitor(), 5, 'changed my mind'));

    expect(change).toBe('conflict:rating');
    expect(deps.store.feedback.get('c1|rating')?.score).toBe(2);
    expect(deps.publisher.events).toHaveLength(1);
  });

  it.each<[string, () => Promise<unknown>, string]>([
    ['another visitor', () => rate(visitor('v2'), 5), 'forbidden:chatId'],
    ['the chat’s agent', () => rate(agent(), 5), 'forbidden:chatId'],
    ['a supervisor', () => rate(supervisor(), 5), 'forbidden:chatId'],
    ['an unknown chat', () => rate(visitor(), 5, undefined, 'nope'), 'not_found:chatId'],
    ['a rating of 0', () => rate(visitor(), 0), 'bad_request:rating'],
    ['a rating of 6', () => rate(visitor(), 6), 'bad_request:rating'],
  ])('refuses %s, writing nothing', async (_case, act, expected) => {
    expect(await errorOf(act())).toBe(expected);
    expect(deps.store.feedback.size).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });

  it.each(['queued', 'assigned'] as const)('refuses a %s chat: feedback comes after it ends', async (status) => {
    deps.store.chats.set('c1', queuedChat({ status }));

    expect(await errorOf(rate(visitor(), 5))).toBe('conflict:chatId');
    expect(deps.store.feedback.size).toBe(0);
  });

  it('refuses when ratings are switched off in the config', async () => {
    deps.config = { ...deps.config, widget: { ...deps.config.widget, rating: false } };

    expect(await errorOf(rate(visitor(), 5))).toBe('bad_request:rating');
  });
});

describe('answerSurvey', () => {
  it('stores one answer per survey and publishes survey.answered for each', async () => {
    await answer(visitor(), 'csat', 5);
    await answer(visitor(), 'nps', 0);
    await answer(visitor(), 'ces', 2);

    expect(deps.publisher.events.map((e) => [e.detailType, e.detail.eventId, 'score' in e.detail ? e.detail.score : undefined])).toEqual([
      ['survey.answered', 'c1:survey:csat', 5],
      ['survey.answered', 'c1:survey:nps', 0],
      ['survey.answered', 'c1:survey:ces', 2],
    ]);
    expect(deps.publisher.events[1]?.detail).toMatchObject({ survey: 'nps', agentId: 'a1', visitorId: 'v1', department: 'support' });
  });

  it.each<[Survey, number]>([
    ['csat', 0],
    ['csat', 6],
    ['ces', 0],
    ['ces', 6],
  ])('refuses a %s score of %i (NPS alone goes 0–10)', async (survey, score) => {
    expect(await errorOf(answer(visitor(), survey, score))).toBe('bad_request:score');
    expect(deps.publisher.events).toEqual([]);
  });

  it('refuses a survey switched off in the config, and a second, different answer', async () => {
    deps.config = { ...deps.config, surveys: { csat: true, nps: false, ces: false } };
    expect(await errorOf(answer(visitor(), 'nps', 9))).toBe('bad_request:survey');

    await answer(visitor(), 'csat', 4);
    expect(await errorOf(answer(visitor(), 'csat', 1))).toBe('conflict:score');
    expect(deps.store.feedback.get('c1|csat')?.score).toBe(4);
  });

  it('refuses anyone but the chat’s visitor before saying anything about the config', async () => {
    deps.config = { ...deps.config, surveys: { csat: false, nps: false, ces: false } };

    expect(await errorOf(answer(visitor('v2'), 'csat', 4))).toBe('forbidden:chatId');
  });
});

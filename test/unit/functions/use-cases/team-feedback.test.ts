import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../../functions/contracts/auth';
import { listTeamFeedback, sendTeamFeedback } from '../../../../functions/use-cases/team-feedback';
import { agent, errorOf, supervisor, T0, testDeps, type TestDeps, visitor } from '../fakes';

const ctx = (caller: Caller) => ({ caller, connectionId: 'k1' });
const admin: Caller = { ...agent('ad1', 'Ada', 'sales'), role: 'admin' };
const send = (clientFeedbackId: string, text: string, kind: 'suggestion' | 'problem' | 'praise' = 'suggestion') => ({ action: 'sendTeamFeedback' as const, requestId: 'r1', clientFeedbackId, kind, text });
const list = { action: 'listTeamFeedback' as const, requestId: 'r2' };

let deps: TestDeps;

beforeEach(() => {
  deps = testDeps();
});

describe('team feedback', () => {
  it('stores what an agent sends with who sent it and publishes team.feedback.sent without the text', async () => {
    const { feedback } = await sendTeamFeedback(deps, ctx(agent()), send('f1', 'Could #shortcuts work in notes too?'));

    expect(feedback).toEqual({ feedbackId: expect.any(String), kind: 'suggestion', text: 'Could #shortcuts work in notes too?', authorId: 'a1', authorName: 'Alice', authorRole: 'agent', createdAt: T0 });
    expect(deps.publisher.events).toEqual([
      { detailType: 'team.feedback.sent', detail: { eventId: `${feedback.feedbackId}:sent`, version: 1, occurredAt: new Date(T0).toISOString(), feedbackId: feedback.feedbackId, authorId: 'a1', kind: 'suggestion' } },
    ]);
    expect(JSON.stringify(deps.publisher.events)).not.toContain('shortcuts');
  });

  it('returns the original on a retry and stores it once; the event goes again with the same id', async () => {
    const first = await sendTeamFeedback(deps, ctx(agent()), send('f1', 'The queue sound is too quiet'));
    deps.clock.set(T0 + 5000);
    const again = await sendTeamFeedback(deps, ctx(agent()), send('f1', 'The queue sound is too quiet'));

    expect(again.feedback).toEqual(first.feedback);
    expect(deps.store.teamFeedback.size).toBe(1);
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual([`${first.feedback.feedbackId}:sent`, `${first.feedback.feedbackId}:sent`]);
  });

  it('masks a card number pasted into it', async () => {
    const { feedback } = await sendTeamFeedback(deps, ctx(agent()), send('f1', 'A visitor typed 4111 1111 1111 1111 in the chat', 'problem'));

    expect(feedback.text).not.toContain('4111 1111 1111 1111');
  });

  it('lists the team’s feedback newest first to admins only', async () => {
    await sendTeamFeedback(deps, ctx(agent()), send('f1', 'First'));
    deps.clock.set(T0 + 1000);
    await sendTeamFeedback(deps, ctx(supervisor()), send('f2', 'Great week, team', 'praise'));

    const { feedback } = await listTeamFeedback(deps, ctx(admin), list);

    expect(feedback.map((f) => [f.text, f.authorName, f.authorRole, f.kind])).toEqual([
      ['Great week, team', 'Sam', 'supervisor', 'praise'],
      ['First', 'Alice', 'agent', 'suggestion'],
    ]);
    expect(await errorOf(listTeamFeedback(deps, ctx(supervisor()), list))).toBe('forbidden:action');
    expect(await errorOf(listTeamFeedback(deps, ctx(agent()), list))).toBe('forbidden:action');
  });

  it('is refused to visitors, and nothing is stored or published', async () => {
    expect(await errorOf(sendTeamFeedback(deps, ctx(visitor('v1')), send('f1', 'hi')))).toBe('forbidden:action');
    expect(deps.store.teamFeedback.size).toBe(0);
    expect(deps.publisher.events).toEqual([]);
  });
});

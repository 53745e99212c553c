/**
 * Who gets the credit, through the real use cases and the real metrics consumer (in-memory
 * store): a chat Alice takes and transfers to Bob, who closes it; the visitor then rates it and
 * answers the CSAT and NPS surveys. The rating and surveys are Bob's (the agent who had the chat
 * when it ended), and so are its close and handle time; Bob took it by transfer; Alice's numbers
 * have the transfer only. Every event the use cases publish is fed to the consumer, as the bus does.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { sumCounters } from '../../../../functions/domain/metrics';
import { closeChat } from '../../../../functions/use-cases/close-chat';
import { answerSurvey, rateChat } from '../../../../functions/use-cases/feedback';
import { recordMetrics } from '../../../../functions/use-cases/record-metrics';
import { runReport } from '../../../../functions/use-cases/reports';
import { transferChat } from '../../../../functions/use-cases/transfer-chat';
import { reportQuerySchema } from '../../../../functions/contracts/reports';
import { agent, onlineAgent, queuedChat, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;
let fed = 0;

/** Feeds the consumer every event published since the last call. */
async function deliverEvents(): Promise<void> {
  const events = deps.publisher.events.slice(fed) as ParleyEvent[];
  fed = deps.publisher.events.length;
  for (const event of events) await recordMetrics(deps, event);
}

const counters = (dim: 'AGENT', value: string) =>
  sumCounters(...[...deps.store.metrics].filter(([key]) => key.startsWith(`${dim}|`) && key.endsWith(`|${value}`)).map(([, c]) => c));

beforeEach(async () => {
  deps = testDeps();
  fed = 0;
  deps.store.agents.set('a1', onlineAgent({ agentId: 'a1', name: 'Alice', activeChats: 1 }));
  deps.store.agents.set('a2', onlineAgent({ agentId: 'a2', name: 'Bob' }));
  deps.store.chats.set('c1', queuedChat({ status: 'assigned', agentId: 'a1', agentName: 'Alice', assignedAt: T0 + 10_000 }));
  // Alice's assignment, as routing announced it.
  await recordMetrics(deps, { detailType: 'chat.requested', detail: { eventId: 'c1:requested', version: 1, occurredAt: new Date(T0).toISOString(), chatId: 'c1', visitorId: 'v1', department: 'support' } });
  await recordMetrics(deps, { detailType: 'chat.assigned', detail: { eventId: 'c1:assigned', version: 1, occurredAt: new Date(T0 + 10_000).toISOString(), chatId: 'c1', visitorId: 'v1', agentId: 'a1', department: 'support', waitMs: 10_000 } });
});

describe('credit after a transfer', () => {
  it('gives the rating, CSAT and NPS to the agent who had the chat when it ended', async () => {
    deps.clock.set(T0 + 60_000);
    await transferChat(deps, { caller: agent('a1'), connectionId: 'k1' }, { action: 'transferChat', requestId: 'r1', chatId: 'c1', toAgentId: 'a2', reason: 'a billing question' });
    deps.clock.set(T0 + 300_000);
    await closeChat(deps, { caller: agent('a2', 'Bob'), connectionId: 'k2' }, { action: 'closeChat', requestId: 'r2', chatId: 'c1', outcome: 'resolved', tags: ['billing'] });
    deps.clock.set(T0 + 320_000);
    await rateChat(deps, { caller: visitor(), connectionId: 'k3' }, { action: 'rateChat', requestId: 'r3', chatId: 'c1', rating: 5 });
    await answerSurvey(deps, { caller: visitor(), connectionId: 'k3' }, { action: 'answerSurvey', requestId: 'r4', chatId: 'c1', survey: 'csat', score: 4 });
    await answerSurvey(deps, { caller: visitor(), connectionId: 'k3' }, { action: 'answerSurvey', requestId: 'r5', chatId: 'c1', survey: 'nps', score: 10 });
    await deliverEvents();

    expect(counters('AGENT', 'a2')).toMatchObject({ takenByTransfer: 1, closed: 1, 'closed.resolved': 1, ratingCount: 1, ratingSum: 5, csatCount: 1, csatSum: 4, npsCount: 1, npsPromoters: 1 });
    expect(counters('AGENT', 'a1')).toMatchObject({ assigned: 1, transfers: 1 });
    expect(Object.keys(counters('AGENT', 'a1')).filter((k) => /^(rating|csat|nps|closed)/.test(k))).toEqual([]);
    const day = new Date(T0).toISOString().slice(0, 10);
    const { body } = await runReport(deps.store, { role: 'supervisor', userId: 's1' }, reportQuerySchema.parse({ report: 'agents', from: day, to: day }));
    expect((body.agents as { agentName: string; chatsTaken: number; csatAvg: number | null; npsScore: number | null }[]).map((a) => [a.agentName, a.chatsTaken, a.csatAvg, a.npsScore])).toEqual([
      ['Bob', 1, 4, 100],
      ['Alice', 1, null, null],
    ]);
  });

  it('counts a chat once for the team when routing re-assigns it after a transfer to a department (its own assignment event id)', async () => {
    deps.clock.set(T0 + 60_000);
    await transferChat(deps, { caller: agent('a1'), connectionId: 'k1' }, { action: 'transferChat', requestId: 'r1', chatId: 'c1', toDepartment: 'billing', reason: 'an invoice' });
    await deliverEvents();
    // Routing's re-assignment (event id as routing numbers it: <chatId>:assigned:<transfers>).
    await recordMetrics(deps, { detailType: 'chat.assigned', detail: { eventId: 'c1:assigned:1', version: 1, occurredAt: new Date(T0 + 90_000).toISOString(), chatId: 'c1', visitorId: 'v1', agentId: 'a2', department: 'billing', waitMs: 90_000 } });

    const day = new Date(T0).toISOString().slice(0, 10);
    const { body } = await runReport(deps.store, { role: 'supervisor', userId: 's1' }, reportQuerySchema.parse({ report: 'summary', from: day, to: day }));
    const summary = body.summary as { totalChats: { assigned: number }; pickup: { avgSeconds: number } };

    expect(summary.totalChats.assigned).toBe(1);
    expect(summary.pickup.avgSeconds).toBe(10);
    expect(counters('AGENT', 'a2')).toEqual({ takenByTransfer: 1 });
    expect((await runReport(deps.store, { role: 'supervisor', userId: 's1' }, reportQuerySchema.parse({ report: 'agents', from: day, to: day }))).body.agents).toEqual(
      expect.arrayContaining([expect.objectContaining({ agentId: 'a2', chatsTaken: 1, takenByTransfer: 1, avgPickupSeconds: null })]),
    );
  });
});

/**
 * Live numbers through the real local runtime: a supervisor's console socket gets `liveStats`
 * frames as an agent goes online, a visitor asks, the agent takes the chat, answers and closes
 * it (metrics consumer → DynamoDB Local → push through the connections API, at most one a second,
 * the last change pushed by the timer queue). GET /reports?report=live gives the same numbers.
 */
import { describe, expect, it } from 'vitest';
import type { ChatSummary, LiveStats } from '../../functions/contracts/frames';
import { agentToken, connectAgent, connectVisitor, newId, onlineAgent, useRuntime, WAIT_MS } from './harness';

const local = useRuntime();

async function liveNow(token: string): Promise<{ status: number; live?: LiveStats }> {
  const res = await fetch(`${local.runtime.urls.http}/reports?report=live`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(WAIT_MS) });
  return { status: res.status, ...(res.ok ? ((await res.json()) as { live: LiveStats }) : {}) };
}

describe('live numbers', () => {
  it('are pushed to a supervisor as they change, and GET /reports?report=live agrees', async () => {
    const { runtime } = local;
    const samToken = await agentToken(runtime, 'sam@demo.parley');
    const sam = await connectAgent(runtime, 'sam@demo.parley');
    local.keep(sam);
    const before = (await liveNow(samToken)).live as LiveStats;

    const bob = await onlineAgent(runtime, 'bob@demo.parley');
    bob.autoAccept = false;
    local.keep(bob);
    await sam.waitFor('liveStats', (f) => f.stats.agents.online === before.agents.online + 1);

    const visitor = await connectVisitor(runtime);
    local.keep(visitor.client);
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Is my order on its way?', clientMessageId: newId('m') });
    const waiting = await sam.waitFor('liveStats', (f) => f.stats.queued === before.queued + 1);
    expect(waiting.stats.oldestQueuedAt).toBe(before.oldestQueuedAt ?? chat.createdAt);
    expect(waiting.stats.today.chats).toBe(before.today.chats + 1);

    await bob.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    await bob.ack({ action: 'acceptOffer', chatId: chat.chatId });
    const taken = await sam.waitFor('liveStats', (f) => f.stats.queued === before.queued && f.stats.active === before.active + 1);
    expect(taken.stats.agents.busy).toBe(before.agents.busy + 1);

    await bob.ack({ action: 'sendMessage', chatId: chat.chatId, text: 'Yes, it left today.', clientMessageId: newId('m') });
    const answered = await sam.waitFor('liveStats', (f) => f.stats.today.frtAvgSeconds !== null);
    await bob.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
    const closed = await sam.waitFor('liveStats', (f) => f.stats.active === before.active && f.stats.agents.busy === before.agents.busy);
    await runtime.idle();

    const now = (await liveNow(samToken)).live as LiveStats;
    expect(answered.stats.today.frtAvgSeconds).toBeGreaterThanOrEqual(0);
    expect({ ...now, at: 0 }).toEqual({ ...closed.stats, at: 0 });
    expect(now).toMatchObject({ queued: before.queued, active: before.active, agents: { online: before.agents.online + 1, busy: before.agents.busy }, today: { chats: before.today.chats + 1 } });
  });

  it('are for supervisors and admins: an agent asking gets 403', async () => {
    const bobToken = await agentToken(local.runtime, 'bob@demo.parley');

    expect((await liveNow(bobToken)).status).toBe(403);
    expect((await liveNow(await agentToken(local.runtime, 'ada@demo.parley'))).status).toBe(200);
  });
});

/**
 * Offers through the real local runtime: an offer nobody answers lapses after the (short, test)
 * offer timeout and goes to the next agent by the same timer path the cloud uses (SQS delay →
 * timers function); a declined one moves on at once; a chat nobody takes within the queue limit
 * becomes missed and the visitor is told.
 */
import { describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectVisitor, newId, onlineAgent, resume, useRuntime } from './harness';

const events: { type: string; detail: Record<string, unknown> }[] = [];
const local = useRuntime({
  config: {
    routing: { offerTimeoutSeconds: 1, queueLimitSeconds: 6 },
    // Billing is never open (no opening spans), to show a chat outside business hours.
    departments: [
      { id: 'support', name: 'Support' },
      { id: 'billing', name: 'Billing', hours: { timezone: 'Europe/Helsinki', weekly: {} } },
      { id: 'sales', name: 'Sales' },
    ],
  },
  onEvent: (e) => void events.push({ type: e['detail-type'], detail: e.detail }),
});
const eventsOf = (chatId: string) => events.filter((e) => e.detail.chatId === chatId).map((e) => [e.type, e.detail.reason]);

async function agentAtDesk(username: string): Promise<Client> {
  const agent = await onlineAgent(local.runtime, username);
  agent.autoAccept = false;
  local.keep(agent);
  return agent;
}

describe('offers: lapse, decline, accept, queue limit', () => {
  it('re-routes an unanswered offer to the next agent after the offer timeout, and the first agent sees it as missed', async () => {
    // Arrange
    const [alice, dave] = [await agentAtDesk('alice@demo.parley'), await agentAtDesk('dave@demo.parley')];
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);

    // Act
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Anyone there?', clientMessageId: newId('m') });
    // Both idle and never offered a chat: the tie goes to the lower id, u-alice.
    const first = await alice.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    const ended = await alice.waitFor('offerEnded', (f) => f.chatId === chat.chatId);
    const second = await dave.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    const accepted = await dave.ack<{ chat: ChatSummary }>({ action: 'acceptOffer', chatId: chat.chatId });

    // Assert
    expect(first.offer.attempt).toBe(1);
    expect(ended.reason).toBe('expired');
    expect(second.offer.attempt).toBe(2);
    expect(accepted.chat).toMatchObject({ status: 'assigned', agentId: 'u-dave' });
    await visitor.client.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
    expect(await alice.request({ action: 'acceptOffer', chatId: chat.chatId })).toMatchObject({ type: 'error', code: 'conflict' });
    await dave.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
  });

  it('moves a declined chat on at once; when everyone passed it waits, and at the queue limit the visitor is told it was missed', async () => {
    // Arrange
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);
    const agents = [await agentAtDesk('erin@demo.parley')];

    // Act
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Still there?', clientMessageId: newId('m') });
    const offer = await agents[0]!.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    await agents[0]!.ack({ action: 'declineOffer', chatId: chat.chatId });
    const missed = await visitor.client.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'missed', 20_000);

    // Assert
    expect(offer.offer.attempt).toBe(1);
    expect(missed.chat.status).toBe('missed');
    expect((await resume(visitor.client, chat.chatId)).chat.status).toBe('missed');
    expect(await agents[0]!.request({ action: 'declineOffer', chatId: chat.chatId })).toMatchObject({ type: 'error', code: 'conflict' });
  });
});

describe('offline form: GET /availability and POST /tickets with the visitor token', () => {
  const call = (path: string, token: string | undefined, init: RequestInit = {}) =>
    fetch(`${local.runtime.urls.http}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: AbortSignal.timeout(15_000) });

  it('answers availability per department, and refuses a caller without a visitor token', async () => {
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);

    const ok = await call('/availability', visitor.session.token);
    const anonymous = await call('/availability', undefined);

    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { departments: { id: string; online: boolean; withinHours: boolean }[] };
    expect(body.departments.find((d) => d.id === 'support')).toMatchObject({ online: true, withinHours: true });
    expect(body.departments.find((d) => d.id === 'sales')).toMatchObject({ online: false, withinHours: true });
    expect(anonymous.status).toBe(401);
  });

  it('makes a new chat nobody can serve offline at once: with an email it is a ticket already; without, the form’s ticket names why', async () => {
    // Arrange: nobody from Sales is online (Carol is offline); Billing is closed.
    const [mia, noa] = [await connectVisitor(local.runtime), await connectVisitor(local.runtime)];
    local.keep(mia.client, noa.client);

    // Act
    const nobody = await mia.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Bulk prices?', email: 'mia@example.com', department: 'sales', clientMessageId: newId('m') });
    const closed = await noa.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'My invoice', department: 'billing', clientMessageId: newId('m') });
    const form = await call('/tickets', noa.session.token, { method: 'POST', body: JSON.stringify({ email: 'noa@example.com', message: 'My invoice', chatId: closed.chat.chatId }) });
    await local.runtime.idle();

    // Assert
    expect(nobody.chat).toMatchObject({ status: 'offline', offlineReason: 'no-agents', ticketId: `t_${nobody.chat.chatId}` });
    expect(eventsOf(nobody.chat.chatId)).toEqual([['chat.requested', undefined], ['message.created', undefined], ['chat.missed', 'no-agents'], ['ticket.created', 'no-agents']]);
    expect(closed.chat).toMatchObject({ status: 'offline', offlineReason: 'outside-hours' });
    expect(closed.chat).not.toHaveProperty('ticketId');
    expect(form.status).toBe(201);
    expect(eventsOf(closed.chat.chatId)).toEqual([['chat.requested', undefined], ['message.created', undefined], ['chat.missed', 'outside-hours'], ['ticket.created', 'outside-hours']]);
    expect((await resume(noa.client, closed.chat.chatId)).chat.status).toBe('offline');
  });

  it('takes a ticket (201 with its id) and names the bad field of a bad one', async () => {
    const visitor = await connectVisitor(local.runtime);
    local.keep(visitor.client);

    const created = await call('/tickets', visitor.session.token, { method: 'POST', body: JSON.stringify({ email: 'mia@example.com', message: 'Please call me', department: 'sales' }) });
    const bad = await call('/tickets', visitor.session.token, { method: 'POST', body: JSON.stringify({ email: 'not-an-email', message: 'x' }) });

    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ ticketId: expect.stringMatching(/^t_/) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'bad_request', field: 'email' } });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../../../functions/contracts/config';
import type { Caller } from '../../../../functions/contracts/auth';
import { availability, createTicket, listTickets } from '../../../../functions/use-cases/tickets';
import { agent, errorOf, onlineAgent, queuedChat, T0, testDeps, type TestDeps, visitor } from '../fakes';

let deps: TestDeps;

beforeEach(() => {
  deps = testDeps();
  deps.config = deploymentConfigSchema.parse({
    departments: [
      { id: 'support', name: 'Support' },
      // Closed all weekend: T0 is a Saturday.
      { id: 'billing', name: 'Billing', hours: { timezone: 'UTC', weekly: { mon: [['09:00', '17:00']] } } },
    ],
  });
});

describe('availability', () => {
  it('tells per department whether someone is online and whether it is within hours', async () => {
    deps.store.agents.set('a1', onlineAgent({ departments: ['support'] }));

    expect(await availability(deps)).toEqual({
      departments: [
        { id: 'support', name: 'Support', online: true, withinHours: true },
        { id: 'billing', name: 'Billing', online: false, withinHours: false },
      ],
    });
  });
});

describe('createTicket', () => {
  it('stores the ticket under the token’s visitor and publishes ticket.created', async () => {
    const { ticketId } = await createTicket(deps, 'v1', { email: 'mia@example.com', message: 'Call me back', name: 'Mia' });

    expect(deps.store.tickets.get(ticketId)).toEqual({ ticketId, visitorId: 'v1', department: 'support', email: 'mia@example.com', message: 'Call me back', name: 'Mia', createdAt: T0 });
    expect(deps.publisher.events).toEqual([expect.objectContaining({ detailType: 'ticket.created', detail: expect.objectContaining({ ticketId, visitorId: 'v1', reason: 'visitor' }) })]);
  });

  it('links a missed chat of the same visitor, in its department', async () => {
    deps.store.chats.set('c1', queuedChat({ status: 'missed', department: 'billing' }));

    const { ticketId } = await createTicket(deps, 'v1', { email: 'mia@example.com', message: 'Nobody answered', chatId: 'c1' });

    expect(deps.store.tickets.get(ticketId)).toMatchObject({ chatId: 'c1', department: 'billing' });
    expect(deps.publisher.events[0]).toMatchObject({ detail: { chatId: 'c1', reason: 'missed' } });
  });

  it.each([
    ['someone else’s chat', { chatId: 'c1' }, 'forbidden:chatId'],
    ['an unknown department', { department: 'nope' }, 'bad_request:department'],
  ])('refuses %s and writes nothing', async (_name, extra, expected) => {
    deps.store.chats.set('c1', queuedChat({ visitorId: 'v2', status: 'missed' }));

    expect(await errorOf(createTicket(deps, 'v1', { email: 'mia@example.com', message: 'hi', ...extra }))).toBe(expected);
    expect(deps.store.tickets.size).toBe(0);
  });
});

describe('listTickets', () => {
  const ctx = (caller: Caller) => ({ caller, connectionId: 'k1' });

  beforeEach(async () => {
    await createTicket(deps, 'v1', { email: 'mia@example.com', message: 'Support question' });
    deps.clock.set(deps.clock.now() + 1000);
    await createTicket(deps, 'v2', { email: 'noah@example.com', message: 'Invoice question', department: 'billing', name: 'Noah' });
    deps.clock.set(deps.clock.now() + 1000);
    await createTicket(deps, 'v3', { email: 'ola@example.com', message: 'Another support question' });
  });

  it('lists the tickets of the departments an agent serves, newest first, up to the limit', async () => {
    const support = await listTickets(deps, ctx(agent('a1', 'Alice', 'support')), { action: 'listTickets', requestId: 'r1' });
    const newest = await listTickets(deps, ctx(agent('a1', 'Alice', 'support,billing')), { action: 'listTickets', requestId: 'r2', limit: 2 });

    expect(support.tickets.map((t) => t.message)).toEqual(['Another support question', 'Support question']);
    expect(newest.tickets.map((t) => [t.message, t.department, t.name])).toEqual([
      ['Another support question', 'support', undefined],
      ['Invoice question', 'billing', 'Noah'],
    ]);
  });

  it('shows an admin every department’s tickets', async () => {
    const all = await listTickets(deps, ctx({ ...agent('ad1', 'Ada', 'sales'), role: 'admin' }), { action: 'listTickets', requestId: 'r1' });

    expect(all.tickets).toHaveLength(3);
  });

  it('is refused to visitors', async () => {
    expect(await errorOf(listTickets(deps, ctx(visitor('v1')), { action: 'listTickets', requestId: 'r1' }))).toBe('forbidden:action');
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { deploymentConfigSchema } from '../../../../functions/contracts/config';
import type { Caller } from '../../../../functions/contracts/auth';
import { availability, createTicket, listTickets, setTicketStatus } from '../../../../functions/use-cases/tickets';
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

  it('masks a card number in the message before storing it, as in chat messages', async () => {
    const { ticketId } = await createTicket(deps, 'v1', { email: 'mia@example.com', message: 'My card 4111 1111 1111 1111 was charged twice' });

    expect(deps.store.tickets.get(ticketId)?.message).not.toContain('4111 1111 1111 1111');
    expect(deps.store.tickets.get(ticketId)?.message).toMatch(/1111 was charged twice$/);
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

  it('lists only the open or only the resolved ones when asked', async () => {
    const [newest] = (await listTickets(deps, ctx(agent('a1', 'Alice', 'support')), { action: 'listTickets', requestId: 'r1' })).tickets;
    await setTicketStatus(deps, ctx(agent('a1', 'Alice', 'support')), { action: 'setTicketStatus', requestId: 'r2', ticketId: newest!.ticketId, status: 'resolved' });

    const open = await listTickets(deps, ctx(agent('a1', 'Alice', 'support')), { action: 'listTickets', requestId: 'r3', status: 'open' });
    const resolved = await listTickets(deps, ctx(agent('a1', 'Alice', 'support')), { action: 'listTickets', requestId: 'r4', status: 'resolved' });

    expect(open.tickets.map((t) => t.message)).toEqual(['Support question']);
    expect(resolved.tickets.map((t) => t.message)).toEqual(['Another support question']);
  });

  it('shows an admin every department’s tickets', async () => {
    const all = await listTickets(deps, ctx({ ...agent('ad1', 'Ada', 'sales'), role: 'admin' }), { action: 'listTickets', requestId: 'r1' });

    expect(all.tickets).toHaveLength(3);
  });

  it('is refused to visitors', async () => {
    expect(await errorOf(listTickets(deps, ctx(visitor('v1')), { action: 'listTickets', requestId: 'r1' }))).toBe('forbidden:action');
  });
});

describe('setTicketStatus', () => {
  const ctx = (caller: Caller) => ({ caller, connectionId: 'k1' });
  const alice = agent('a1', 'Alice', 'support');
  const frame = (ticketId: string, status: 'open' | 'resolved') => ({ action: 'setTicketStatus' as const, requestId: 'r1', ticketId, status });
  let ticketId: string;

  beforeEach(async () => {
    ({ ticketId } = await createTicket(deps, 'v1', { email: 'mia@example.com', message: 'Support question' }));
    deps.publisher.events.length = 0;
    deps.clock.set(T0 + 90 * 60_000);
  });

  it('marks a ticket resolved by an agent of its department and publishes ticket.resolved with how long it was open', async () => {
    const { ticket } = await setTicketStatus(deps, ctx(alice), frame(ticketId, 'resolved'));

    expect(ticket).toMatchObject({ ticketId, status: 'resolved', statusVersion: 1, statusChangedAt: T0 + 90 * 60_000, statusChangedBy: 'a1' });
    expect(deps.store.tickets.get(ticketId)).toEqual(ticket);
    expect(deps.publisher.events).toEqual([
      { detailType: 'ticket.resolved', detail: { eventId: `${ticketId}:status:1`, version: 1, occurredAt: new Date(T0 + 90 * 60_000).toISOString(), ticketId, visitorId: 'v1', department: 'support', agentId: 'a1', openMs: 90 * 60_000 } },
    ]);
  });

  it('writes nothing on a retry but publishes the same event again (the first try may have died before it)', async () => {
    await setTicketStatus(deps, ctx(alice), frame(ticketId, 'resolved'));
    const stored = structuredClone(deps.store.tickets.get(ticketId));
    deps.clock.set(T0 + 120 * 60_000);

    const { ticket } = await setTicketStatus(deps, ctx(agent('a2', 'Bob', 'support')), frame(ticketId, 'resolved'));

    expect(ticket).toEqual(stored);
    expect(deps.publisher.events.map((e) => e.detail.eventId)).toEqual([`${ticketId}:status:1`, `${ticketId}:status:1`]);
  });

  it('reopens a resolved ticket and resolves it again, each change its own event', async () => {
    await setTicketStatus(deps, ctx(alice), frame(ticketId, 'resolved'));
    await setTicketStatus(deps, ctx(alice), frame(ticketId, 'open'));
    deps.clock.set(T0 + 150 * 60_000);
    const { ticket } = await setTicketStatus(deps, ctx(alice), frame(ticketId, 'resolved'));

    expect(ticket).toMatchObject({ status: 'resolved', statusVersion: 3 });
    expect(deps.publisher.events.map((e) => [e.detailType, e.detail.eventId])).toEqual([
      ['ticket.resolved', `${ticketId}:status:1`],
      ['ticket.reopened', `${ticketId}:status:2`],
      ['ticket.resolved', `${ticketId}:status:3`],
    ]);
    expect(deps.publisher.events[2]?.detail).toMatchObject({ openMs: 150 * 60_000 });
  });

  it('takes a colleague’s simultaneous identical change as its own, and refuses one that went the other way', async () => {
    // Alice read the open ticket; a colleague's write lands before hers.
    const write = deps.store.setTicketStatus.bind(deps.store);
    deps.store.setTicketStatus = async (id, change) => {
      await write(id, { ...change, by: 'a2' });
      return write(id, change);
    };
    const same = await setTicketStatus(deps, ctx(alice), frame(ticketId, 'resolved'));
    // Now Alice reopens while the colleague resolves it again after reopening it himself.
    deps.store.setTicketStatus = async (id, change) => {
      await write(id, { ...change, by: 'a2' });
      await write(id, { ...change, status: 'resolved', fromVersion: change.fromVersion + 1, by: 'a2' });
      return write(id, change);
    };
    const other = await errorOf(setTicketStatus(deps, ctx(alice), frame(ticketId, 'open')));

    expect(same.ticket).toMatchObject({ status: 'resolved', statusVersion: 1, statusChangedBy: 'a2' });
    expect(other).toBe('conflict:ticketId');
    expect(deps.store.tickets.get(ticketId)).toMatchObject({ status: 'resolved', statusVersion: 3, statusChangedBy: 'a2' });
  });

  it('is not found for staff of another department or an unknown ticket, and refused to visitors; nothing is written', async () => {
    const before = structuredClone(deps.store.tickets.get(ticketId));

    expect(await errorOf(setTicketStatus(deps, ctx(agent('a3', 'Carol', 'sales')), frame(ticketId, 'resolved')))).toBe('not_found:ticketId');
    expect(await errorOf(setTicketStatus(deps, ctx(alice), frame('t-nope', 'resolved')))).toBe('not_found:ticketId');
    expect(await errorOf(setTicketStatus(deps, ctx(visitor('v1')), frame(ticketId, 'resolved')))).toBe('forbidden:action');
    expect(deps.store.tickets.get(ticketId)).toEqual(before);
    expect(deps.publisher.events).toEqual([]);
  });

  it('lets an admin handle any department’s ticket', async () => {
    const { ticket } = await setTicketStatus(deps, ctx({ ...agent('ad1', 'Ada', 'sales'), role: 'admin' }), frame(ticketId, 'resolved'));

    expect(ticket.status).toBe('resolved');
  });
});

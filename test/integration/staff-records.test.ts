/**
 * What staff keep in the table besides chats, against DynamoDB Local: a ticket's status (one
 * conditional update on its statusVersion, so of two changes made from the same read exactly one
 * lands, and a ticket that is gone is never recreated by a status change), and team feedback
 * (stored once per author and client id, a retried send getting the original back, listed newest
 * first through the index).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamFeedback } from '../../functions/contracts/frames';
import type { Ticket } from '../../functions/contracts/http';
import type { LocalDynamoDb } from '../../lib/local/dynamodb';
import type { Store } from '../../functions/use-cases/ports';
import { startLocalTable } from './local-table';

const T0 = Date.UTC(2026, 10, 22, 9);
let dynamo: LocalDynamoDb;
let store: Store;

beforeAll(async () => {
  ({ dynamo, store } = await startLocalTable('staff-records-test'));
});

afterAll(async () => {
  await dynamo?.stop();
});

const ticket = (ticketId: string): Ticket => ({ ticketId, visitorId: 'v1', email: 'mia@example.com', message: 'Call me back', department: 'support', createdAt: T0 });

describe('ticket status (DynamoDB Local)', () => {
  it('moves the status only from the version read: of two changes from the same read one lands', async () => {
    // Arrange
    await store.putTicket(ticket('t-a'));

    // Act
    const [first, second] = await Promise.all([
      store.setTicketStatus('t-a', { status: 'resolved', fromVersion: 0, by: 'u-alice', at: T0 + 1000 }),
      store.setTicketStatus('t-a', { status: 'resolved', fromVersion: 0, by: 'u-bob', at: T0 + 1000 }),
    ]);
    const reopened = await store.setTicketStatus('t-a', { status: 'open', fromVersion: 1, by: 'u-bob', at: T0 + 2000 });
    const stale = await store.setTicketStatus('t-a', { status: 'resolved', fromVersion: 1, by: 'u-alice', at: T0 + 3000 });

    // Assert
    expect([first, second].filter((t) => t !== undefined)).toHaveLength(1);
    expect(first ?? second).toMatchObject({ ticketId: 't-a', status: 'resolved', statusVersion: 1, statusChangedAt: T0 + 1000 });
    expect(reopened).toMatchObject({ status: 'open', statusVersion: 2, statusChangedBy: 'u-bob' });
    expect(stale).toBeUndefined();
    expect(await store.getTicket('t-a')).toEqual({ ...ticket('t-a'), status: 'open', statusVersion: 2, statusChangedAt: T0 + 2000, statusChangedBy: 'u-bob' });
    expect((await store.listTickets(10, 'open')).find((t) => t.ticketId === 't-a')?.status).toBe('open');
    expect((await store.listTickets(10, 'resolved')).find((t) => t.ticketId === 't-a')).toBeUndefined();
  });

  it('lists the open ones apart from the resolved ones, so an old open ticket is never pushed out by newer resolved ones', async () => {
    // Arrange: three tickets in a row; the two newest resolved.
    for (const [i, id] of ['t-old', 't-mid', 't-new'].entries()) await store.putTicket({ ...ticket(id), createdAt: T0 + 60_000 * (i + 1) });
    for (const id of ['t-mid', 't-new']) await store.setTicketStatus(id, { status: 'resolved', fromVersion: 0, by: 'u-alice', at: T0 + 600_000 });

    // Act
    const [open] = await store.listTickets(1, 'open');
    const resolved = await store.listTickets(10, 'resolved');
    const newest = await store.listTickets(2);

    // Assert
    expect(open?.ticketId).toBe('t-old');
    expect(resolved.map((t) => t.ticketId)).toEqual(['t-new', 't-mid']);
    expect(newest.map((t) => t.ticketId)).toEqual(['t-new', 't-mid']);
  });

  it('never writes a ticket that does not exist', async () => {
    // Act
    const changed = await store.setTicketStatus('t-none', { status: 'resolved', fromVersion: 0, by: 'u-alice', at: T0 });

    // Assert
    expect(changed).toBeUndefined();
    expect(await store.getTicket('t-none')).toBeUndefined();
  });
});

const feedback = (feedbackId: string, text: string, createdAt: number, authorId = 'u-alice'): TeamFeedback => ({ feedbackId, kind: 'suggestion', text, authorId, authorName: 'Alice', authorRole: 'agent', createdAt });

describe('team feedback (DynamoDB Local)', () => {
  it('keeps the first of two sends with the same client id, and lists newest first', async () => {
    // Act
    const first = await store.putTeamFeedback('f1', feedback('fb-1', 'Longer offer countdown, please', T0));
    const retried = await store.putTeamFeedback('f1', feedback('fb-2', 'Longer offer countdown, please', T0 + 5000));
    const other = await store.putTeamFeedback('f1', feedback('fb-3', 'Same client id, another author', T0 + 6000, 'u-bob'));
    const listed = await store.listTeamFeedback(10);

    // Assert
    expect(retried).toEqual(first);
    expect(other.feedbackId).toBe('fb-3');
    expect(listed.map((f) => f.feedbackId)).toEqual(['fb-3', 'fb-1']);
    expect(listed[1]).toEqual(first);
  });
});

/**
 * Offline-form tickets: one item each, listed newest first through gsi1, sorted by creation time:
 * the open ones under `TICKETS` (the backlog, however old), the resolved ones under
 * `TICKETS#resolved` (a status change moves the ticket between the two). Each list the console's
 * Tickets view shows is one Query and no Scan.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TicketStatus } from '../contracts/frames';
import type { Ticket } from '../contracts/http';
import type { TicketStatusChange, TicketStore } from '../use-cases/ports';
import { NOT_EXISTS, updateIfAllowed } from './conditions';
import { contactEmailItem } from './dynamo-contacts';
import { GSI1, keys, pad, stripKeys } from './keys';
import { retention, type Table } from './table';

/**
 * A ticket's own items, for a transaction: the ticket (once; listed newest first through gsi1)
 * and its index item in the visitor's partition. The contact's e-mail item is the caller's: a
 * chat that becomes a ticket already writes it for the same address.
 */
export function ticketItems(table: Table, ticket: Ticket) {
  const expires = retention(table, ticket.createdAt);
  return [
    {
      Put: {
        TableName: table.name,
        Item: { ...keys.ticket(ticket.ticketId), gsi1pk: listedUnder('open'), gsi1sk: `${pad(ticket.createdAt, 13)}#${ticket.ticketId}`, type: 'ticket', ...ticket, ...expires },
        ConditionExpression: NOT_EXISTS,
      },
    },
    { Put: { TableName: table.name, Item: { ...keys.visitorTicket(ticket.visitorId, ticket.ticketId), type: 'visitorTicket', ticketId: ticket.ticketId, ...expires } } },
  ];
}

/** The index partition a ticket of `status` is listed under. */
const listedUnder = (status: TicketStatus): string => (status === 'open' ? 'TICKETS' : 'TICKETS#resolved');

export class DynamoTickets implements TicketStore {
  constructor(private readonly table: Table) {}

  /** The ticket, and in the same transaction its contact's index items (the ticket, the e-mail) for export and erasure. */
  async putTicket(ticket: Ticket): Promise<void> {
    await this.table.client.send(
      new TransactWriteCommand({ TransactItems: [...ticketItems(this.table, ticket), contactEmailItem(this.table, ticket.visitorId, ticket.email, ticket.createdAt)] }),
    );
  }

  /** The newest first, of one status or (none given) of both, merged. */
  async listTickets(limit: number, status?: TicketStatus): Promise<Ticket[]> {
    const lists = await Promise.all((status ? [status] : (['open', 'resolved'] as const)).map((s) => this.newest(listedUnder(s), limit)));
    return lists.flat().sort((a, b) => b.createdAt - a.createdAt || b.ticketId.localeCompare(a.ticketId)).slice(0, limit);
  }

  private async newest(listed: string, limit: number): Promise<Ticket[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': listed }, ScanIndexForward: false, Limit: limit }),
    );
    return Items.map((i) => stripKeys<Ticket>(i));
  }

  async getTicket(ticketId: string): Promise<Ticket | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.ticket(ticketId), ConsistentRead: true }));
    return Item ? stripKeys<Ticket>(Item) : undefined;
  }

  /** One conditional update: the status moves only from the version the caller read (absent = 0). */
  async setTicketStatus(ticketId: string, change: TicketStatusChange): Promise<Ticket | undefined> {
    const first = change.fromVersion === 0;
    const after = await updateIfAllowed(this.table, {
      Key: keys.ticket(ticketId),
      UpdateExpression: 'SET #status = :status, statusVersion = :next, statusChangedAt = :at, statusChangedBy = :by, gsi1pk = :listed',
      ConditionExpression: first ? 'attribute_exists(pk) AND attribute_not_exists(statusVersion)' : 'statusVersion = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': change.status, ':next': change.fromVersion + 1, ':at': change.at, ':by': change.by, ':listed': listedUnder(change.status), ...(first ? {} : { ':from': change.fromVersion }) },
      ReturnValues: 'ALL_NEW',
    });
    return after ? stripKeys<Ticket>(after) : undefined;
  }
}

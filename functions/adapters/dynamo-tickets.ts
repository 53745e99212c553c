/**
 * Offline-form tickets: one item each, listed newest first through gsi1 (`TICKETS`, sorted by
 * creation time), so the console's Tickets view is one Query and no Scan.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Ticket } from '../contracts/http';
import type { TicketStore } from '../use-cases/ports';
import { NOT_EXISTS } from './conditions';
import { GSI1, keys, pad, stripKeys } from './keys';
import type { Table } from './table';

export class DynamoTickets implements TicketStore {
  constructor(private readonly table: Table) {}

  async putTicket(ticket: Ticket): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...keys.ticket(ticket.ticketId), gsi1pk: 'TICKETS', gsi1sk: `${pad(ticket.createdAt, 13)}#${ticket.ticketId}`, type: 'ticket', ...ticket },
        ConditionExpression: NOT_EXISTS,
      }),
    );
  }

  async listTickets(limit: number): Promise<Ticket[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'TICKETS' }, ScanIndexForward: false, Limit: limit }),
    );
    return Items.map((i) => stripKeys<Ticket>(i));
  }
}

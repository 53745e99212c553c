/**
 * One contact's data for the admin privacy API (GDPR export and erasure), found without a scan:
 * the contact's `VISITOR#<id>` partition indexes their chats, tickets and e-mail addresses, each
 * chat's own partition holds everything said in it, and gsi1 `EMAIL#<address>` finds a contact
 * by an address they gave.
 *
 * Erasure is resumable: it deletes dependents before the index items that lead to them (a
 * chat's files in the object store, its partition, then its `VISITOR#…/CHAT#…` item; the
 * profile last), so an erasure cut off
 * at any point is finished by running it again. The `ERASURE#<id>` marker keeps only ids,
 * times and counts. Left on purpose: metric rollups (aggregate counts, no ids) and processed-
 * event markers (ids only, removed by their TTL).
 */
import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactChatExport, ContactExport, ContactProfile, ErasureCounts, ErasureRecord, ExportedFile } from '../contracts/contacts';
import type { ChatFeedback, ChatMessage, ChatNote } from '../contracts/frames';
import type { Ticket } from '../contracts/http';
import type { BlockRecord } from '../domain/blocks';
import type { ChatRecord } from '../domain/chat';
import { addCounts, normalizeEmail } from '../domain/contacts';
import type { SlaBreach } from '../domain/sla';
import type { ContactOverview, ContactStore, ErasureHooks } from '../use-cases/ports';
import { connectionIdsOf, GSI1, keys, META, stripKeys } from './keys';
import { batchGet, queryAll, queryPrefix, retention, type Table } from './table';

/** The index item that finds a contact by an e-mail address they gave (a Put: written again, it stays one item). */
export function contactEmailItem(table: Table, visitorId: string, email: string, at: number) {
  const address = normalizeEmail(email);
  return {
    Put: {
      TableName: table.name,
      Item: { ...keys.contactEmail(visitorId, address), gsi1pk: `EMAIL#${address}`, gsi1sk: visitorId, type: 'contactEmail', visitorId, email: address, ...retention(table, at) },
    },
  };
}

type Key = { pk: string; sk: string };
const keyOf = (item: Record<string, unknown>): Key => ({ pk: String(item.pk), sk: String(item.sk) });
const WRITE_BATCH = 25;
const MAX_WRITE_ROUNDS = 8;
/** Tickets deleted per step: a step stays well inside one request's time. */
const TICKETS_PER_STEP = 25;

/** Sorts a chat partition's items into the export's records (sk prefixes of keys.ts). */
function chatExport(items: readonly Record<string, unknown>[]): ContactChatExport | undefined {
  const meta = items.find((i) => i.sk === META);
  if (!meta) return undefined;
  const of = <T>(prefix: string): T[] => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => stripKeys<T>(i));
  const converted = items.find((i) => i.sk === 'CONVERTED');
  const messages = of<ChatMessage>('MSG#');
  return {
    chat: stripKeys<ChatRecord>(meta),
    messages,
    notes: of<ChatNote>('NOTE#').sort((a, b) => a.createdAt - b.createdAt),
    feedback: of<ChatFeedback>('FEEDBACK#'),
    slaBreaches: of<SlaBreach>('SLA#'),
    ...(typeof converted?.conversionId === 'string' ? { conversionId: converted.conversionId } : {}),
    files: messages.flatMap((m): ExportedFile[] => (m.attachments ?? []).map((a) => ({ ...a, seq: m.seq }))),
  };
}

/** What an erasure of a chat partition deleted, by kind. */
function chatCounts(items: readonly Record<string, unknown>[]): ErasureCounts {
  const count = (prefix: string) => items.filter((i) => String(i.sk).startsWith(prefix)).length;
  const messages = count('MSG#');
  const notes = count('NOTE#');
  const feedback = count('FEEDBACK#');
  const chats = items.some((i) => i.sk === META) ? 1 : 0;
  return { chats, messages, notes, feedback, other: items.length - chats - messages - notes - feedback };
}

export class DynamoContacts implements ContactStore {
  constructor(private readonly table: Table) {}

  async findByEmail(email: string): Promise<string[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({ TableName: this.table.name, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `EMAIL#${normalizeEmail(email)}` }, Limit: 50 }),
    );
    return [...new Set(Items.map((i) => String(i.visitorId)))];
  }

  async overview(visitorId: string): Promise<ContactOverview | undefined> {
    const items = await queryAll(this.table, `VISITOR#${visitorId}`);
    if (items.length === 0) return undefined;
    const profile = items.find((i) => i.sk === 'PROFILE');
    const chatIds = items.filter((i) => String(i.sk).startsWith('CHAT#')).map((i) => String(i.chatId));
    const chats = (await batchGet(this.table, chatIds.map((id) => keys.chat(id)))).map((i) => stripKeys<ChatRecord>(i));
    return {
      visitorId,
      ...(profile ? { profile: this.profileOf(profile) } : {}),
      chats: chats.sort((a, b) => b.createdAt - a.createdAt),
      ticketIds: items.filter((i) => String(i.sk).startsWith('TICKET#')).map((i) => String(i.ticketId)),
    };
  }

  async readContact(visitorId: string, blockSubjects: readonly string[]): Promise<Omit<ContactExport, 'format' | 'version' | 'exportedAt' | 'linkedVisitors'>> {
    const items = await queryAll(this.table, `VISITOR#${visitorId}`);
    const profile = items.find((i) => i.sk === 'PROFILE');
    const refs = (prefix: string, field: string) => items.filter((i) => String(i.sk).startsWith(prefix)).map((i) => String(i[field]));
    const chats: ContactChatExport[] = [];
    for (const chatId of refs('CHAT#', 'chatId')) {
      const exported = chatExport(await queryAll(this.table, `CHAT#${chatId}`));
      if (exported) chats.push(exported);
    }
    const [tickets, blocks] = await Promise.all([
      batchGet(this.table, refs('TICKET#', 'ticketId').map((id) => keys.ticket(id))),
      batchGet(this.table, blockSubjects.map((subject) => keys.block(subject))),
    ]);
    return {
      visitorId,
      ...(profile ? { profile: this.profileOf(profile) } : {}),
      emails: refs('EMAIL#', 'email'),
      chats: chats.sort((a, b) => a.chat.createdAt - b.chat.createdAt),
      tickets: tickets.map((i) => stripKeys<Ticket>(i)).sort((a, b) => a.createdAt - b.createdAt),
      blocks: blocks.map((i) => stripKeys<BlockRecord>(i)),
    };
  }

  async aliasesOf(visitorId: string): Promise<string[]> {
    return (await queryPrefix(this.table, `VISITOR#${visitorId}`, 'ALIAS#')).map((i) => String(i.aliasId));
  }

  async unlinkAlias(visitorId: string, aliasId: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.name, Key: keys.visitorAlias(visitorId, aliasId) }));
  }

  async getErasure(visitorId: string): Promise<ErasureRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.erasure(visitorId), ConsistentRead: true }));
    return Item && stripKeys<ErasureRecord>(Item);
  }

  async beginErasure(visitorId: string, requestedBy: string, now: number): Promise<ErasureRecord> {
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.erasure(visitorId),
        UpdateExpression:
          'SET #type = :type, visitorId = :visitorId, #status = :running, requestedBy = :by, requestedAt = if_not_exists(requestedAt, :now), updatedAt = :now, deleted = if_not_exists(deleted, :none) REMOVE completedAt',
        ExpressionAttributeNames: { '#type': 'type', '#status': 'status' },
        ExpressionAttributeValues: { ':type': 'erasure', ':visitorId': visitorId, ':running': 'running', ':by': requestedBy, ':now': now, ':none': {} },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return stripKeys<ErasureRecord>(Attributes ?? {});
  }

  async eraseNext(visitorId: string, blockSubjects: readonly string[], hooks: ErasureHooks): Promise<ErasureCounts | undefined> {
    const blocks = await batchGet(this.table, blockSubjects.map((subject) => keys.block(subject)));
    if (blocks.length > 0) {
      await this.deleteKeys(blocks.map(keyOf));
      return { blocks: blocks.length };
    }
    const { Item: sockets } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.userConnections(visitorId), ConsistentRead: true }));
    if (sockets) {
      // Every socket it names, expired or not.
      const connectionIds = connectionIdsOf(sockets, 0);
      await this.deleteKeys([...connectionIds.map((id) => keys.connection(id)), keyOf(sockets)]);
      return { connections: connectionIds.length };
    }
    const tickets = await queryPrefix(this.table, `VISITOR#${visitorId}`, 'TICKET#', { limit: TICKETS_PER_STEP });
    if (tickets.length > 0) {
      // The tickets themselves say which were still open (the backlog counts those).
      const stored = await batchGet(this.table, tickets.map((t) => keys.ticket(String(t.ticketId))));
      await hooks.ticketsGoing(stored.map((t) => ({ ticketId: String(t.ticketId), department: String(t.department), open: t.status !== 'resolved' })));
      await this.deleteKeys(tickets.map((t) => keys.ticket(String(t.ticketId))));
      await this.deleteKeys(tickets.map(keyOf));
      return { tickets: tickets.length };
    }
    const [chatRef] = await queryPrefix(this.table, `VISITOR#${visitorId}`, 'CHAT#', { limit: 1 });
    if (chatRef) {
      const chatId = String(chatRef.chatId);
      const files = await hooks.eraseFiles(chatId);
      const items = await queryAll(this.table, `CHAT#${chatId}`);
      await this.deleteKeys([...items.map(keyOf), keys.metricState('chat', chatId)]);
      await this.deleteKeys([keyOf(chatRef)]);
      return { ...chatCounts(items), ...(files > 0 ? { files } : {}) };
    }
    const rest = await queryAll(this.table, `VISITOR#${visitorId}`);
    const state = await batchGet(this.table, [keys.metricState('visitor', visitorId)]);
    if (rest.length === 0 && state.length === 0) return undefined;
    // The profile last: while it exists, a resumed erasure still knows the contact's block subjects.
    const profileLast = [...rest.filter((i) => i.sk !== 'PROFILE'), ...state, ...rest.filter((i) => i.sk === 'PROFILE')];
    await this.deleteKeys(profileLast.map(keyOf));
    return { other: profileLast.length };
  }

  async recordErasure(visitorId: string, counts: ErasureCounts, now: number, done: boolean): Promise<ErasureRecord> {
    const current = await this.getErasure(visitorId);
    const deleted = addCounts(current?.deleted ?? {}, counts);
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: keys.erasure(visitorId),
        UpdateExpression: `SET deleted = :deleted, updatedAt = :now${done ? ', #status = :done, completedAt = :now' : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ...(done ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':deleted': deleted, ':now': now, ...(done ? { ':done': 'done' } : {}) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return stripKeys<ErasureRecord>(Attributes ?? {});
  }

  private profileOf(item: Record<string, unknown>): ContactProfile {
    const { visitorId: _id, ...profile } = stripKeys<ContactProfile & { visitorId?: string }>(item);
    return profile;
  }

  /** BatchWriteItem deletes in pages of 25, re-sending what DynamoDB leaves unprocessed; throws if some never go (the erasure resumes). */
  private async deleteKeys(keyList: readonly Key[]): Promise<void> {
    for (let start = 0; start < keyList.length; start += WRITE_BATCH) {
      let pending = keyList.slice(start, start + WRITE_BATCH).map((Key) => ({ DeleteRequest: { Key } }));
      for (let round = 0; pending.length > 0; round++) {
        if (round === MAX_WRITE_ROUNDS) throw new Error(`erasure: DynamoDB left ${pending.length} deletes unprocessed; run the erasure again`);
        const result = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.name]: pending } }));
        pending = (result.UnprocessedItems?.[this.table.name] ?? []) as typeof pending;
      }
    }
  }
}

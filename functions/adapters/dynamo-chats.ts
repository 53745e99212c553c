/**
 * Chats in the single table (docs/decisions.md, access patterns 4, 6, 7).
 * Every state change is one TransactWriteItems whose conditions make races safe; a lost
 * condition becomes a named domain error.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatRecord } from '../domain/chat';
import { ChatNotOpenError, DuplicateStartError } from '../domain/errors';
import type { ChatStore, CloseChat, NewChat } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { NOT_EXISTS } from './conditions';
import { contactEmailItem } from './dynamo-contacts';
import { messageItems } from './dynamo-messages';
import { ticketItems } from './dynamo-tickets';
import { GSI1, keys, queueKeys, stripKeys } from './keys';
import { batchGet, queryPrefix, retention, type Table } from './table';

export class DynamoChats implements Omit<ChatStore, 'appendMessage' | 'findMessageByClientId' | 'listMessages' | 'addNote' | 'listNotes' | 'transferToAgent' | 'requeueChat' | 'setTags' | 'listUsedTags'> {
  constructor(private readonly table: Table) {}

  private put(item: Record<string, unknown>, condition?: string) {
    return { Put: { TableName: this.table.name, Item: item, ...(condition ? { ConditionExpression: condition } : {}) } };
  }

  async getChat(chatId: string): Promise<ChatRecord | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.chat(chatId), ConsistentRead: true }));
    return Item && stripKeys<ChatRecord>(Item);
  }

  async createChat({ chat, firstMessage, startKey, ticket }: NewChat): Promise<void> {
    const expires = retention(this.table, chat.createdAt);
    const items = [
      this.put({ ...keys.chat(chat.chatId), ...(chat.status === 'queued' ? queueKeys(chat.department, chat.createdAt, chat.chatId, chat.priority) : {}), type: 'chat', ...chat, ...expires }, NOT_EXISTS),
      this.put({ ...keys.visitorChat(chat.visitorId, chat.createdAt, chat.chatId), type: 'visitorChat', chatId: chat.chatId, ...expires }),
      // Index 2 is the start key: the failed condition that means "a retry already made this chat".
      ...(startKey ? [this.put({ ...keys.visitorStart(chat.visitorId, startKey), type: 'start', chatId: chat.chatId, ...expires }, NOT_EXISTS)] : []),
      ...(firstMessage ? messageItems(this.table, firstMessage) : []),
      // An offline chat's ticket (its e-mail is the chat's, indexed just below).
      ...(ticket ? ticketItems(this.table, ticket) : []),
      // Last, so the condition indexes above stay put: the pre-chat e-mail finds the contact (GDPR lookup).
      ...(chat.visitorEmail ? [contactEmailItem(this.table, chat.visitorId, chat.visitorEmail, chat.createdAt)] : []),
    ];
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (startKey && failedConditions(error)?.[2]) throw new DuplicateStartError('startChat already made a chat', { cause: error });
      throw error;
    }
  }

  async findStartedChat(visitorId: string, startKey: string): Promise<string | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.visitorStart(visitorId, startKey), ConsistentRead: true }));
    return typeof Item?.chatId === 'string' ? Item.chatId : undefined;
  }

  async listVisitorChats(visitorId: string, limit: number): Promise<ChatRecord[]> {
    const items = await queryPrefix(this.table, `VISITOR#${visitorId}`, 'CHAT#', { newestFirst: true, limit });
    const chats = await this.getChats(items.map((i) => String(i.chatId)));
    return chats.sort((a, b) => b.createdAt - a.createdAt);
  }

  /** BatchGetItem in pages of 100, retrying what DynamoDB leaves unprocessed. */
  async getChats(chatIds: readonly string[]): Promise<ChatRecord[]> {
    return (await batchGet(this.table, chatIds.map((id) => keys.chat(id)))).map((i) => stripKeys<ChatRecord>(i));
  }

  async listQueue(department: string, limit: number): Promise<ChatRecord[]> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `QUEUE#${department}` },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return Items.map((i) => stripKeys<ChatRecord>(i));
  }

  /**
   * Closes an open chat. The condition pins the offer state that was read: a queued chat offered
   * to an agent frees that agent's seat too, so a close racing an offer fails (ChatNotOpenError)
   * and the caller re-reads instead of leaving a seat taken. That agent stays named on the closed
   * chat (`offeredTo`; no longer queued, so no offer): a retried announce of the close names them
   * too, and routing drains their departments.
   */
  async closeChat({ chat, closedBy, outcome, tags, now }: CloseChat): Promise<void> {
    const setOutcome = outcome ? ', outcome = :outcome' : '';
    const offered = chat.status === 'queued' ? chat.offeredTo : undefined;
    const offerCondition = chat.status !== 'queued' ? '' : offered ? ' AND offeredTo = :offered AND offerAttempt = :attempt' : ' AND attribute_not_exists(offeredTo)';
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression: `SET #status = :closed, closedAt = :now, closedBy = :by, tags = :tags${setOutcome} REMOVE gsi1pk, gsi1sk, offerExpiresAt`,
          ConditionExpression: `#status = :current${offerCondition}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':current': chat.status,
            ':closed': 'closed',
            ':now': now,
            ':by': closedBy,
            ':tags': tags,
            ...(outcome ? { ':outcome': outcome } : {}),
            ...(offered ? { ':offered': offered, ':attempt': chat.offerAttempt } : {}),
          },
        },
      },
    ];
    if (chat.status === 'assigned' && chat.agentId) items.push(...this.freeAgent(chat.agentId, keys.agentChat(chat.agentId, chat.chatId)));
    if (offered) items.push(...this.freeAgent(offered, keys.agentOffer(offered, chat.chatId)));
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (failedConditions(error)?.[0]) throw new ChatNotOpenError(`chat ${chat.chatId} is not open as read`, { cause: error });
      throw error;
    }
  }

  private freeAgent(agentId: string, item: { pk: string; sk: string }) {
    return [
      {
        Update: {
          TableName: this.table.name,
          Key: keys.agentProfile(agentId),
          UpdateExpression: 'SET activeChats = activeChats - :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      { Delete: { TableName: this.table.name, Key: item } },
    ];
  }
}

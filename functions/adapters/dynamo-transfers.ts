/**
 * Transfers and tags on the chat item (docs/decisions.md, access patterns 8 and 9). A transfer
 * is one TransactWriteItems: the chat moves only if it is still the old agent's, the new agent
 * is charged only if online with room, and the old agent is freed in the same commit.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { AssignmentConflictError, ChatChangedError } from '../domain/errors';
import type { ChatStore, RequeueChat, TransferToAgent } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { claimSeat } from './conditions';
import { keys, queueKeys } from './keys';
import { queryPrefix, type Table } from './table';

type Items = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

const STILL_THEIRS = '#status = :assigned AND agentId = :from';

export class DynamoTransfers implements Pick<ChatStore, 'transferToAgent' | 'requeueChat' | 'setTags' | 'listUsedTags'> {
  constructor(private readonly table: Table) {}

  async transferToAgent({ chat, to, now }: TransferToAgent): Promise<void> {
    await this.commit([
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression: 'SET agentId = :to, agentName = :name, assignedAt = :now, transfers = if_not_exists(transfers, :zero) + :one',
          ConditionExpression: STILL_THEIRS,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':assigned': 'assigned', ':from': chat.agentId, ':to': to.agentId, ':name': to.name, ':now': now, ':zero': 0, ':one': 1 },
        },
      },
      claimSeat(this.table.name, keys.agentProfile(to.agentId), now),
      { Put: { TableName: this.table.name, Item: { ...keys.agentChat(to.agentId, chat.chatId), type: 'agentChat', chatId: chat.chatId, assignedAt: now } } },
      ...this.freeAgent(chat.agentId, chat.chatId),
    ]);
  }

  async requeueChat({ chat, department, now, priority }: RequeueChat): Promise<void> {
    // Queued by its first request time: a transferred visitor has waited already.
    const queue = queueKeys(department, chat.createdAt, chat.chatId, priority ?? chat.priority);
    const setPriority = priority === undefined ? {} : { ':priority': priority };
    await this.commit([
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chat.chatId),
          UpdateExpression:
            `SET #status = :queued, department = :department, gsi1pk = :gpk, gsi1sk = :gsk, transfers = if_not_exists(transfers, :zero) + :one${priority === undefined ? '' : ', priority = :priority'} REMOVE agentId, agentName, assignedAt`,
          ConditionExpression: STILL_THEIRS,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':assigned': 'assigned', ':queued': 'queued', ':from': chat.agentId, ':department': department, ':gpk': queue.gsi1pk, ':gsk': queue.gsi1sk, ':zero': 0, ':one': 1, ...setPriority },
        },
      },
      ...this.freeAgent(chat.agentId, chat.chatId),
    ]);
  }

  async setTags(chatId: string, tags: readonly string[], prevVersion: number): Promise<void> {
    await this.commit([
      {
        Update: {
          TableName: this.table.name,
          Key: keys.chat(chatId),
          UpdateExpression: 'SET tags = :tags, tagsVersion = :next',
          ConditionExpression: prevVersion === 0 ? 'attribute_exists(pk) AND attribute_not_exists(tagsVersion)' : 'tagsVersion = :prev',
          ExpressionAttributeValues: { ':tags': tags, ':next': prevVersion + 1, ...(prevVersion === 0 ? {} : { ':prev': prevVersion }) },
        },
      },
      ...tags.map((tag) => ({ Put: { TableName: this.table.name, Item: { ...keys.usedTag(tag), type: 'tag', tag } } })),
    ]);
  }

  async listUsedTags(limit: number): Promise<string[]> {
    return (await queryPrefix(this.table, 'TAGS', 'TAG#', { limit })).map((i) => String(i.tag));
  }

  /** Runs the transaction; a failed first item (the chat) is ChatChangedError, a failed second (the new agent) an assignment conflict. */
  private async commit(items: Items): Promise<void> {
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) throw new ChatChangedError('The chat changed meanwhile', { cause: error });
      if (failed?.[1]) throw new AssignmentConflictError(false, true, { cause: error });
      throw error;
    }
  }

  private freeAgent(agentId: string, chatId: string): Items {
    return [
      { Update: { TableName: this.table.name, Key: keys.agentProfile(agentId), UpdateExpression: 'SET activeChats = activeChats - :one', ExpressionAttributeValues: { ':one': 1 } } },
      { Delete: { TableName: this.table.name, Key: keys.agentChat(agentId, chatId) } },
    ];
  }
}

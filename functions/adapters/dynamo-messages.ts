/**
 * Messages in the single table (docs/decisions.md, access patterns 1 and 3): the seq bump, the
 * message and its clientMessageId commit in one transaction, so seqs have no gaps and a
 * clientMessageId is used once. A lost condition becomes a named domain error.
 */
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatMessage } from '../contracts/frames';
import { DuplicateMessageError, SeqConflictError } from '../domain/errors';
import type { AppendMessage, ChatStore } from '../use-cases/ports';
import { failedConditions } from './cancellation';
import { NOT_EXISTS, OPEN_VALUES } from './conditions';
import { keys, SEQ_MAX, stripKeys } from './keys';
import type { Table } from './table';

/** The message item and its clientMessageId item, each written only if absent. */
export function messageItems(tableName: string, message: ChatMessage) {
  return [
    { Put: { TableName: tableName, Item: { ...keys.message(message.chatId, message.seq), type: 'message', ...message }, ConditionExpression: NOT_EXISTS } },
    { Put: { TableName: tableName, Item: { ...keys.clientMessage(message.chatId, message.clientMessageId), type: 'cmid', seq: message.seq }, ConditionExpression: NOT_EXISTS } },
  ];
}

export class DynamoMessages implements Pick<ChatStore, 'appendMessage' | 'findMessageByClientId' | 'listMessages'> {
  constructor(private readonly table: Table) {}

  async appendMessage(chatId: string, { message, prevSeq, firstResponseAt }: AppendMessage): Promise<void> {
    const first = firstResponseAt === undefined ? '' : ', firstResponseAt = :first';
    const update = {
      Update: {
        TableName: this.table.name,
        Key: keys.chat(chatId),
        UpdateExpression: `SET lastSeq = :next${first}`,
        ConditionExpression: 'lastSeq = :prev AND #status IN (:queued, :assigned)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':next': message.seq, ':prev': prevSeq, ...OPEN_VALUES, ...(firstResponseAt === undefined ? {} : { ':first': firstResponseAt }) },
      },
    };
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [update, ...messageItems(this.table.name, message)] }));
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[2]) throw new DuplicateMessageError(`clientMessageId ${message.clientMessageId} was used`, { cause: error });
      if (failed?.[0] || failed?.[1]) throw new SeqConflictError(`lastSeq of ${chatId} moved`, { cause: error });
      throw error;
    }
  }

  async findMessageByClientId(chatId: string, clientMessageId: string): Promise<ChatMessage | undefined> {
    const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.clientMessage(chatId, clientMessageId), ConsistentRead: true }));
    if (typeof Item?.seq !== 'number') return undefined;
    const found = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: keys.message(chatId, Item.seq), ConsistentRead: true }));
    return found.Item && stripKeys<ChatMessage>(found.Item);
  }

  async listMessages(chatId: string, afterSeq: number, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    const { Items = [] } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `CHAT#${chatId}`, ':from': keys.message(chatId, afterSeq + 1).sk, ':to': SEQ_MAX },
        ConsistentRead: true,
        Limit: limit + 1,
      }),
    );
    return { messages: Items.slice(0, limit).map((i) => stripKeys<ChatMessage>(i)), hasMore: Items.length > limit };
  }
}

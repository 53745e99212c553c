/**
 * Internal notes in the single table: `NOTE#<clientNoteId>` items in the chat's partition,
 * outside the `MSG#` seq range, so no message query (and no visitor) ever reads one. The
 * clientNoteId key makes a retried write find its original instead of adding a copy.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChatNote } from '../contracts/frames';
import type { ChatStore } from '../use-cases/ports';
import { conditionFailed, NOT_EXISTS } from './conditions';
import { keys, stripKeys } from './keys';
import { queryPrefix, retention, type Table } from './table';

export class DynamoNotes implements Pick<ChatStore, 'addNote' | 'listNotes'> {
  constructor(private readonly table: Table) {}

  async addNote(note: ChatNote): Promise<ChatNote> {
    const key = keys.note(note.chatId, note.clientNoteId);
    try {
      await this.table.client.send(new PutCommand({ TableName: this.table.name, Item: { ...key, type: 'note', ...note, ...retention(this.table, note.createdAt) }, ConditionExpression: NOT_EXISTS }));
      return note;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const { Item } = await this.table.client.send(new GetCommand({ TableName: this.table.name, Key: key, ConsistentRead: true }));
      if (!Item) throw error;
      return stripKeys<ChatNote>(Item);
    }
  }

  async listNotes(chatId: string): Promise<ChatNote[]> {
    const items = await queryPrefix(this.table, `CHAT#${chatId}`, 'NOTE#');
    return items.map((i) => stripKeys<ChatNote>(i)).sort((a, b) => a.createdAt - b.createdAt);
  }
}

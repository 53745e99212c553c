/**
 * Internal notes in the single table: `NOTE#<clientNoteId>` items in the chat's partition,
 * outside the `MSG#` seq range, so no message query (and no visitor) ever reads one. The
 * clientNoteId key makes a retried write find its original instead of adding a copy.
 */
import type { ChatNote } from '../contracts/frames';
import type { ChatStore } from '../use-cases/ports';
import { putOnce } from './conditions';
import { keys, stripKeys } from './keys';
import { queryPrefix, retention, type Table } from './table';

export class DynamoNotes implements Pick<ChatStore, 'addNote' | 'listNotes'> {
  constructor(private readonly table: Table) {}

  async addNote(note: ChatNote): Promise<ChatNote> {
    return (await putOnce(this.table, keys.note(note.chatId, note.clientNoteId), note, { type: 'note', ...retention(this.table, note.createdAt) })).stored;
  }

  async listNotes(chatId: string): Promise<ChatNote[]> {
    const items = await queryPrefix(this.table, `CHAT#${chatId}`, 'NOTE#');
    return items.map((i) => stripKeys<ChatNote>(i)).sort((a, b) => a.createdAt - b.createdAt);
  }
}

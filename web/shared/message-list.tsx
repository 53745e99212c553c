/**
 * A chat transcript: consecutive messages from the same side form one group with one time
 * stamp; system messages are centred lines. Pending (unacknowledged) messages show last, faded.
 * The list is an ARIA log so screen readers announce new messages. Internal notes (console
 * only) sit after the message group they were written after, marked apart from the chat.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ChatMessage, ChatNote } from '../sdk/types';
import type { OutboxEntry } from '../sdk/socket-client';
import { clockTime } from './format';

export interface MessageListProps {
  readonly messages: readonly ChatMessage[];
  readonly pending: readonly OutboxEntry[];
  /** The side shown on the right ("mine"). */
  readonly self: 'visitor' | 'agent';
  readonly label: string;
  readonly notes?: readonly ChatNote[];
}

interface Group {
  readonly key: string;
  readonly side: ChatMessage['senderRole'];
  readonly name?: string;
  readonly items: readonly ChatMessage[];
}

function groupMessages(messages: readonly ChatMessage[]): Group[] {
  const groups: Group[] = [];
  for (const message of messages) {
    const last = groups.at(-1);
    const sameRun = last && last.side === message.senderRole && message.senderRole !== 'system';
    if (sameRun && last) groups[groups.length - 1] = { ...last, items: [...last.items, message] };
    else groups.push({ key: `g${message.seq}`, side: message.senderRole, name: message.senderName, items: [message] });
  }
  return groups;
}

/** The notes to show after each group (index -1: before the first), by the seq they follow. */
function placeNotes(groups: readonly Group[], notes: readonly ChatNote[]): Map<number, ChatNote[]> {
  const placed = new Map<number, ChatNote[]>();
  for (const note of notes) {
    const index = groups.findLastIndex((g) => (g.items[0]?.seq ?? 0) <= note.afterSeq);
    placed.set(index, [...(placed.get(index) ?? []), note]);
  }
  return placed;
}

function Notes({ notes }: { notes: readonly ChatNote[] | undefined }) {
  return (
    <>
      {(notes ?? []).map((n) => (
        <div key={n.clientNoteId} class="note" data-note={n.clientNoteId}>
          <span class="note-label">Internal note{n.authorName ? ` · ${n.authorName}` : ''}</span>
          <p>{n.text}</p>
          <time class="stamp">{clockTime(n.createdAt)}</time>
        </div>
      ))}
    </>
  );
}

export function MessageList({ messages, pending, self, label, notes = [] }: MessageListProps) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'end' }), [messages.length, pending.length, notes.length]);
  const groups = groupMessages(messages);
  const placed = placeNotes(groups, notes);
  return (
    <div class="transcript" role="log" aria-label={label} aria-live="polite">
      <Notes notes={placed.get(-1)} />
      {groups.map((group, index) => [
        group.side === 'system' ? (
          group.items.map((m) => (
            <p key={m.seq} class="system-line">
              {m.text} <time>{clockTime(m.createdAt)}</time>
            </p>
          ))
        ) : (
          <div key={group.key} class={`group ${group.side === self ? 'mine' : 'theirs'}`}>
            {group.side !== self && group.name ? <span class="sender">{group.name}</span> : null}
            {group.items.map((m) => (
              <p key={m.seq} class="bubble" data-seq={m.seq}>
                {m.text}
              </p>
            ))}
            <time class="stamp">{clockTime(group.items.at(-1)?.createdAt ?? 0)}</time>
          </div>
        ),
        <Notes key={`notes-${group.key}`} notes={placed.get(index)} />,
      ])}
      {pending.length > 0 ? (
        <div class="group mine pending">
          {pending.map((p) => (
            <p key={p.clientMessageId} class="bubble">
              {p.text}
            </p>
          ))}
          <span class="stamp">Sending…</span>
        </div>
      ) : null}
      <div ref={end} />
    </div>
  );
}

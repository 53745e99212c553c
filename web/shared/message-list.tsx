/**
 * A chat transcript: consecutive messages from the same side form one group with one time
 * stamp; system messages are centred lines. Pending (unacknowledged) messages show last, faded.
 * The list is an ARIA log so screen readers announce new messages. Internal notes (console
 * only) sit after the message group they were written after, marked apart from the chat.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Attachment, ChatMessage, ChatNote } from '../sdk/types';
import type { OutboxEntry } from '../sdk/socket-client';
import { clockTime } from './format';

/** A message not acknowledged yet; `failed` once the client gave up waiting (the visitor may retry). */
export interface PendingMessage extends OutboxEntry {
  readonly failed?: boolean;
  /** Files the message names (the widget's outbox). */
  readonly attachments?: readonly Attachment[];
}

export interface MessageListProps {
  readonly messages: readonly ChatMessage[];
  readonly pending: readonly PendingMessage[];
  /** Words for the pending states (the widget passes its translations). */
  readonly labels?: { readonly sending: string; readonly failed: string; readonly retry: string };
  /** Resends a failed message (same clientMessageId, so it can never arrive twice). */
  readonly onRetry?: (clientMessageId: string) => void;
  /** The side shown on the right ("mine"). */
  readonly self: 'visitor' | 'agent';
  readonly label: string;
  readonly notes?: readonly ChatNote[];
  /** Where to put the scroll on first show (the console restores it per chat); the end otherwise. */
  readonly initialScrollTop?: number;
  readonly onScrollTop?: (top: number) => void;
  /** The language time stamps are written in (the widget's locale); the browser's when absent. */
  readonly locale?: string;
  /** Shows a message's files (the console: previews and links, web/shared/file-list.tsx); their names when absent. */
  readonly files?: (message: ChatMessage) => ComponentChildren;
}

interface Group {
  readonly key: string;
  readonly side: ChatMessage['senderRole'];
  readonly name?: string;
  readonly items: readonly ChatMessage[];
}

const iso = (ms: number) => new Date(ms).toISOString();

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
          <time class="stamp" dateTime={iso(n.createdAt)}>{clockTime(n.createdAt)}</time>
        </div>
      ))}
    </>
  );
}

/** Files by name only (the widget, for now: previews and links would take it past its size budget). */
const fileNames = (m: ChatMessage): string => `${m.text ? ' ' : ''}${m.attachments?.map((a) => a.name).join(', ') ?? ''}`;

const PENDING_LABELS = { sending: 'Sending…', failed: 'Not sent.', retry: 'Retry' };

export function MessageList({ messages, pending, self, label, notes = [], labels = PENDING_LABELS, onRetry, initialScrollTop, onScrollTop, locale, files = fileNames }: MessageListProps) {
  const end = useRef<HTMLDivElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const restored = useRef(initialScrollTop === undefined);
  useEffect(() => {
    if (!restored.current && box.current && initialScrollTop !== undefined) {
      restored.current = true;
      box.current.scrollTop = initialScrollTop;
      return;
    }
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length, pending.length, notes.length]);
  const groups = groupMessages(messages);
  const placed = placeNotes(groups, notes);
  return (
    <div class="transcript" role="log" aria-label={label} aria-live="polite" ref={box} onScroll={onScrollTop ? (e) => onScrollTop(e.currentTarget.scrollTop) : undefined}>
      <Notes notes={placed.get(-1)} />
      {groups.map((group, index) => [
        group.side === 'system' ? (
          group.items.map((m) => (
            <p key={m.seq} class="system-line">
              {m.text} <time dateTime={iso(m.createdAt)}>{clockTime(m.createdAt, locale)}</time>
            </p>
          ))
        ) : (
          <div key={group.key} class={`group ${group.side === self ? 'mine' : 'theirs'}`}>
            {group.side !== self && group.name ? <span class="sender">{group.name}</span> : null}
            {group.items.map((m) => (
              <p key={m.seq} class="bubble" data-seq={m.seq}>
                {m.text}
                {m.attachments ? files(m) : null}
              </p>
            ))}
            <time class="stamp" dateTime={iso(group.items.at(-1)?.createdAt ?? 0)}>{clockTime(group.items.at(-1)?.createdAt ?? 0, locale)}</time>
          </div>
        ),
        <Notes key={`notes-${group.key}`} notes={placed.get(index)} />,
      ])}
      {pending.map((p) => (
        <div key={p.clientMessageId} class={`group mine pending${p.failed ? ' failed' : ''}`} data-pending={p.failed ? 'failed' : 'sending'}>
          <p class="bubble">{p.text || p.attachments?.map((a) => a.name).join(', ')}</p>
          {p.failed ? (
            <span class="stamp failed-note">
              {labels.failed}{' '}
              {onRetry ? (
                <button type="button" class="retry" onClick={() => onRetry(p.clientMessageId)}>
                  {labels.retry}
                </button>
              ) : null}
            </span>
          ) : (
            <span class="stamp">{labels.sending}</span>
          )}
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}

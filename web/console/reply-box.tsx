/**
 * The agent's reply box: the shared Composer plus `#shortcut` suggestions. Typing `#` and a few
 * letters lists the matching canned responses (↑/↓ to move, Enter or Tab to insert, Esc to
 * dismiss); inserting asks the server to fill the placeholders from this chat, and the reply
 * that goes out remembers which response it came from. An unknown shortcut is the server's
 * clear error, shown under the box.
 */
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { CannedResponse } from '../sdk/types';
import { Composer } from '../shared/composer';
import { t } from './strings';

const TRIGGER = /(^|\s)#([a-z0-9_-]*)$/;
const MAX_SUGGESTIONS = 6;

export interface ReplyBoxProps {
  readonly chatId: string;
  readonly canned: readonly CannedResponse[];
  readonly initialDraft: string;
  readonly onDraft: (text: string) => void;
  readonly inputRef: { current: HTMLTextAreaElement | null };
  readonly onTyping: (isTyping: boolean) => void;
  readonly onSend: (text: string, cannedId: string | undefined) => void;
  /** The server fills the response from this chat; rejects with its error (unknown shortcut). */
  readonly fill: (shortcut: string) => Promise<{ text: string; cannedId: string; missing: string[] }>;
  readonly onError: (message: string | undefined) => void;
  /** Beside the send button (the attach button). */
  readonly tools?: ComponentChildren;
}

/** The `#query` being typed at the end of the draft, if any. */
export function shortcutQuery(draft: string): string | undefined {
  return TRIGGER.exec(draft)?.[2];
}

/** Canned responses whose shortcut starts with the query, then those whose title or text has it. */
export function suggestions(canned: readonly CannedResponse[], query: string): CannedResponse[] {
  const q = query.toLowerCase();
  const starts = canned.filter((c) => c.shortcut.startsWith(q));
  const mentions = canned.filter((c) => !c.shortcut.startsWith(q) && (c.title.toLowerCase().includes(q) || c.text.toLowerCase().includes(q)));
  // A personal response hides the team's with the same shortcut, as on the server.
  const seen = new Set<string>();
  return [...starts, ...mentions].filter((c) => !seen.has(c.shortcut) && seen.add(c.shortcut)).slice(0, MAX_SUGGESTIONS);
}

export function ReplyBox({ chatId, canned, initialDraft, onDraft, inputRef, onTyping, onSend, fill, onError, tools }: ReplyBoxProps) {
  const [draft, setDraft] = useState(initialDraft);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string>();
  const [warning, setWarning] = useState<string>();
  const cannedId = useRef<string>();
  const query = shortcutQuery(draft);
  const open = query !== undefined && dismissed !== draft;
  const list = open ? suggestions(canned, query) : [];

  const replaceDraft = (text: string) => {
    const box = inputRef.current;
    if (!box) return;
    // Through the DOM input event, so the Composer's own state and typing signal follow.
    box.value = text;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.focus();
  };

  const insert = async (shortcut: string) => {
    onError(undefined);
    try {
      const filled = await fill(shortcut);
      cannedId.current = filled.cannedId;
      setWarning(filled.missing.length > 0 ? t('canned.missing', { names: filled.missing.map((m) => `{{${m}}}`).join(', ') }) : undefined);
      replaceDraft(draft.replace(TRIGGER, (_whole, space: string) => `${space}${filled.text}`));
    } catch (error) {
      onError(error instanceof Error ? error.message : t('error.generic'));
    }
  };

  const onKey = (event: KeyboardEvent): boolean => {
    if (!open) return false;
    if (event.key === 'Escape') {
      setDismissed(draft);
      return true;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.length === 0) return false;
      setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
      return true;
    }
    if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
      // With no match the server still answers: an unknown shortcut is its clear error.
      if (!query) return false;
      void insert(list[active]?.shortcut ?? query);
      return true;
    }
    return false;
  };

  return (
    <>
      {warning ? (
        <p class="canned-warning" role="status">
          {warning}
        </p>
      ) : null}
      <Composer
        key={chatId}
        label="Reply"
        autoFocus
        placeholder="Type a reply… (Enter to send, # for canned responses, ? for shortcuts)"
        initialDraft={initialDraft}
        inputRef={inputRef}
        onDraft={(text) => {
          setDraft(text);
          setActive(0);
          onDraft(text);
          if (!text) setWarning(undefined);
        }}
        onKey={onKey}
        onTyping={onTyping}
        tools={tools}
        onSend={(text) => {
          onSend(text, cannedId.current);
          cannedId.current = undefined;
        }}
      >
        {open ? (
          <ul class="suggestions" role="listbox" aria-label={t('canned.title')}>
            {list.length === 0 ? <li class="muted">{t('canned.none', { query })}</li> : null}
            {list.map((c, i) => (
              <li
                key={c.cannedId}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onMouseDown={(event) => {
                  event.preventDefault();
                  void insert(c.shortcut);
                }}
              >
                <strong>#{c.shortcut}</strong> <span>{c.title}</span>
                <span class="muted">{c.scope === 'shared' ? t('canned.scope.shared') : t('canned.scope.personal')}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </Composer>
    </>
  );
}

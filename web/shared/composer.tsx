/**
 * The message box: Enter sends, Shift+Enter adds a line, typing is signalled (throttled by
 * `createTypingSignal`); the sent message itself ends the indicator on the other side. Kept as one component for the
 * console and the widget so both behave the same under the fingers.
 */
import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MAX_PREVIEW_CHARS } from '../../functions/contracts/frames';
import { createTypingSignal, WIDGET_PREVIEW_MS } from '../sdk/typing';

const MAX_CHARS = 4000;
/** The contract's limit (a type-only import keeps the schemas out of the bundle). */
const PREVIEW_CHARS: typeof MAX_PREVIEW_CHARS = 1000;

export interface ComposerProps {
  readonly label: string;
  readonly placeholder: string;
  readonly disabled?: boolean;
  /** Focus the box when it appears (the console, on opening a chat). */
  readonly autoFocus?: boolean;
  readonly onSend: (text: string) => void;
  readonly onTyping: (isTyping: boolean, preview?: string) => void;
  /** Send the draft itself with the typing signal (the widget: the agent reads along). */
  readonly preview?: boolean;
  /** The send button's text (the widget passes its translation). @default 'Send' */
  readonly sendLabel?: string;
  /** Extra class for the form (the console's amber note mode). */
  readonly variant?: string;
  /** The draft to start from (the console keeps each chat's draft when you switch chats). */
  readonly initialDraft?: string;
  /** Every change of the draft, including the clear after sending. */
  readonly onDraft?: (text: string) => void;
  /** Sees each key first (the console's `#shortcut` suggestions); true = handled, the box does nothing more. */
  readonly onKey?: (event: KeyboardEvent, draft: string) => boolean;
  /** The textarea, for focus shortcuts and for replacing the draft from outside. */
  readonly inputRef?: Ref<HTMLTextAreaElement>;
  /** Shown just above the box (suggestions). */
  readonly children?: ComponentChildren;
  /** Shown beside the send button (the attach button). */
  readonly tools?: ComponentChildren;
}

export function Composer({ label, placeholder, disabled, autoFocus, preview, variant, sendLabel = 'Send', onSend, onTyping, initialDraft, onDraft, onKey, inputRef, children, tools }: ComposerProps) {
  const [draft, setDraftState] = useState(initialDraft ?? '');
  const setDraft = (text: string) => {
    setDraftState(text);
    onDraft?.(text);
  };
  // Parents pass a fresh callback each render; the signal must outlive renders or its throttle
  // state (and a pending "stopped typing") would reset on every keystroke.
  const typingRef = useRef(onTyping);
  typingRef.current = onTyping;
  const signal = useMemo(
    () =>
      createTypingSignal({
        send: (isTyping, draft) => typingRef.current(isTyping, draft),
        now: () => Date.now(),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
        ...(preview ? { previewMs: WIDGET_PREVIEW_MS } : {}),
      }),
    [],
  );
  useEffect(() => () => signal.stop(), [signal]);

  const submit = () => {
    const text = draft.trim();
    if (!text || disabled) return;
    signal.sent();
    onSend(text);
    setDraft('');
  };

  return (
    <form
      class={variant ? `composer ${variant}` : 'composer'}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {children}
      <textarea
        ref={inputRef}
        aria-label={label}
        placeholder={placeholder}
        rows={2}
        autoFocus={autoFocus}
        maxLength={MAX_CHARS}
        value={draft}
        disabled={disabled}
        onInput={(event) => {
          setDraft(event.currentTarget.value);
          if (event.currentTarget.value) signal.input(preview ? event.currentTarget.value.slice(0, PREVIEW_CHARS) : undefined);
          else signal.stop();
        }}
        onKeyDown={(event) => {
          if (onKey?.(event, draft)) {
            event.preventDefault();
            return;
          }
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      {tools}
      <button type="submit" class="send" disabled={disabled || !draft.trim()}>
        {sendLabel}
      </button>
    </form>
  );
}

import { useState } from 'preact/hooks';
import type { ChatThread } from '../sdk/chat-state';
import type { OutboxEntry } from '../sdk/socket-client';
import type { Outcome } from '../sdk/types';
import { Composer } from '../shared/composer';
import { MessageList } from '../shared/message-list';
import { useTypingVisible } from '../shared/use-typing-visible';

const OUTCOMES: Record<Outcome, string> = {
  resolved: 'Resolved',
  escalated: 'Escalated',
  unresolved: 'Unresolved',
  converted: 'Converted',
};

export interface ChatViewProps {
  readonly thread: ChatThread;
  readonly departmentName: string | undefined;
  readonly outbox: readonly OutboxEntry[];
  readonly onSend: (text: string) => Promise<void>;
  readonly onTyping: (isTyping: boolean) => void;
  readonly onNote: (text: string) => Promise<void>;
  readonly onClose: (outcome: Outcome) => Promise<void>;
  /** Blocks this chat's visitor (after the agent confirms). */
  readonly onBlock: () => Promise<void>;
}

export function ChatView({ thread, departmentName, outbox, onSend, onTyping, onNote, onClose, onBlock }: ChatViewProps) {
  const [error, setError] = useState<string>();
  const [noting, setNoting] = useState(false);
  const typing = useTypingVisible(thread);
  const closed = thread.chat?.status === 'closed';
  const name = thread.chat?.visitorName || 'Visitor';
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : 'That did not work. Please try again.');
  return (
    <section class="chat-view" aria-label={`Chat with ${name}`}>
      <header class="chat-head">
        <div>
          <h2>{name}</h2>
          <p class="muted">{closed ? `Closed${thread.chat?.outcome ? ` · ${OUTCOMES[thread.chat.outcome]}` : ''}` : (departmentName ?? 'Chat')}</p>
        </div>
        {!closed ? <CloseChat onClose={(o) => onClose(o).catch(fail)} /> : null}
        {!closed ? <BlockVisitor name={name} onBlock={() => onBlock().catch(fail)} /> : null}
      </header>
      <MessageList messages={thread.messages} notes={thread.notes} pending={outbox.filter((e) => e.chatId === thread.chatId)} self="agent" label="Messages" />
      <p class="typing" aria-live="polite">
        {typing && !closed ? (thread.otherPreview ? `${name} is typing: ${thread.otherPreview}` : `${name} is typing…`) : ''}
      </p>
      {error ? (
        <p class="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {closed ? (
        <p class="closed-note">This chat is closed.</p>
      ) : (
        <>
          <label class="note-mode">
            <input type="checkbox" checked={noting} onChange={(e) => setNoting(e.currentTarget.checked)} /> Internal note (only agents see it)
          </label>
          <Composer
            // A new key per mode: switching clears the draft and re-focuses.
            key={noting ? 'note' : 'reply'}
            label={noting ? 'Internal note' : 'Reply'}
            variant={noting ? 'noting' : undefined}
            autoFocus
            placeholder={noting ? 'Write a note for agents… the visitor never sees it' : 'Type a reply… (Enter to send, Shift+Enter for a new line)'}
            onSend={(text) => {
              setError(undefined);
              (noting ? onNote : onSend)(text).catch(fail);
            }}
            // Writing a note must not show the visitor "typing…".
            onTyping={noting ? () => undefined : onTyping}
          />
        </>
      )}
    </section>
  );
}

function CloseChat({ onClose }: { onClose: (outcome: Outcome) => void }) {
  const [outcome, setOutcome] = useState<Outcome>('resolved');
  return (
    <form
      class="close-chat"
      onSubmit={(event) => {
        event.preventDefault();
        onClose(outcome);
      }}
    >
      <label>
        Outcome
        <select value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as Outcome)}>
          {(Object.keys(OUTCOMES) as Outcome[]).map((o) => (
            <option key={o} value={o}>
              {OUTCOMES[o]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="danger">
        Close chat
      </button>
    </form>
  );
}

/** Two steps, so a slip of the mouse never blocks a customer: the button, then a confirm. */
function BlockVisitor({ name, onBlock }: { name: string; onBlock: () => void }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" class="block-visitor" onClick={() => setConfirming(true)}>
        Block visitor
      </button>
    );
  }
  return (
    <div class="block-confirm" role="group" aria-label="Confirm block">
      <span>Block {name}? They can't start new chats (this one closes).</span>
      <button type="button" class="danger" onClick={() => onBlock()}>
        Confirm block
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </div>
  );
}

import { useImperativeHandle, useRef, useState } from 'preact/hooks';
import type { Ref } from 'preact';
import type { ChatThread } from '../sdk/chat-state';
import type { OutboxEntry } from '../sdk/socket-client';
import type { AckPayloads, CannedResponse, Outcome } from '../sdk/types';
import { Composer } from '../shared/composer';
import { type ChatFiles, Files, FileTools } from '../shared/file-list';
import { MessageList } from '../shared/message-list';
import { useTypingVisible } from '../shared/use-typing-visible';
import { ReplyBox } from './reply-box';
import { t } from './strings';
import { TagsEditor } from './tags-editor';
import { TransferDialog } from './transfer-dialog';
import { FormError } from './form-error';

const OUTCOMES: Record<Outcome, string> = {
  resolved: 'Resolved',
  escalated: 'Escalated',
  unresolved: 'Unresolved',
  converted: 'Converted',
};

/** What the keyboard shortcuts can do to the open chat. */
export interface ChatControls {
  reply(): void;
  transfer(): void;
  close(): void;
  tags(): void;
}

export interface ChatViewProps {
  readonly thread: ChatThread;
  readonly departmentName: string | undefined;
  readonly outbox: readonly OutboxEntry[];
  readonly canned: readonly CannedResponse[];
  readonly tagChoices: readonly string[];
  readonly draft: string;
  readonly scrollTop: number | undefined;
  readonly controls: Ref<ChatControls>;
  readonly onDraft: (text: string) => void;
  readonly onScrollTop: (top: number) => void;
  readonly onSend: (text: string, cannedId: string | undefined) => Promise<void>;
  readonly onTyping: (isTyping: boolean) => void;
  readonly onNote: (text: string) => Promise<void>;
  readonly onClose: (outcome: Outcome) => Promise<void>;
  /** Blocks this chat's visitor (after the agent confirms). */
  readonly onBlock: () => Promise<void>;
  readonly onTags: (tags: string[]) => Promise<void>;
  readonly fillCanned: (shortcut: string) => Promise<AckPayloads['fillCanned']>;
  readonly loadTargets: () => Promise<AckPayloads['listTransferTargets']>;
  readonly onTransfer: (to: { toAgentId: string } | { toDepartment: string; urgent?: boolean }, reason: string) => Promise<void>;
  /**
   * Set when a supervisor looks at someone else's chat (opened from an SLA alert): whose it is.
   * They may write internal notes, tag, transfer or block, but not reply or close.
   */
  readonly observing?: string;
  /** Attachments: upload, send, and download URLs for this chat. */
  readonly files: ChatFiles;
}

export function ChatView(props: ChatViewProps) {
  const { thread, departmentName, outbox, onTyping, onNote, onClose, observing } = props;
  const [error, setError] = useState<string>();
  const [chosenNoting, setNoting] = useState(false);
  const noting = chosenNoting || observing !== undefined;
  const [transferring, setTransferring] = useState(false);
  const reply = useRef<HTMLTextAreaElement>(null);
  const tagInput = useRef<HTMLInputElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const typing = useTypingVisible(thread);
  const closed = thread.chat?.status === 'closed';
  const name = thread.chat?.visitorName || 'Visitor';
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic'));
  useImperativeHandle(props.controls, () => ({
    reply: () => {
      setNoting(false);
      reply.current?.focus();
    },
    transfer: () => !closed && setTransferring(true),
    close: () => closeButton.current?.focus(),
    tags: () => tagInput.current?.focus(),
  }));
  return (
    <section class="chat-view" aria-label={`Chat with ${name}`}>
      <header class="chat-head">
        <div>
          <h2>{name}</h2>
          <p class="muted">{closed ? `Closed${thread.chat?.outcome ? ` · ${OUTCOMES[thread.chat.outcome]}` : ''}` : (departmentName ?? 'Chat')}</p>
        </div>
        {!closed ? (
          <div class="head-actions">
            <button type="button" onClick={() => setTransferring(true)}>
              {t('transfer.open')}
            </button>
            {observing ? null : <CloseChat buttonRef={closeButton} onClose={(o) => onClose(o).catch(fail)} />}
            <BlockVisitor name={name} onBlock={() => props.onBlock().catch(fail)} />
          </div>
        ) : null}
      </header>
      <TagsEditor tags={thread.chat?.tags ?? []} choices={props.tagChoices} inputRef={tagInput} onChange={props.onTags} />
      <MessageList
        messages={thread.messages}
        notes={thread.notes}
        pending={outbox.filter((e) => e.chatId === thread.chatId)}
        self="agent"
        label="Messages"
        initialScrollTop={props.scrollTop}
        onScrollTop={props.onScrollTop}
        files={(m) => <Files message={m} resolve={props.files.url} />}
      />
      <p class="typing" aria-live="polite">
        {typing && !closed ? (thread.otherPreview ? `${name} is typing: ${thread.otherPreview}` : `${name} is typing…`) : ''}
      </p>
      <FormError error={error} />
      {closed ? (
        <p class="closed-note">This chat is closed.</p>
      ) : (
        <>
          {observing ? (
            <p class="note-mode">{t('observing', { whose: observing })}</p>
          ) : (
            <label class="note-mode">
              <input type="checkbox" checked={noting} onChange={(e) => setNoting(e.currentTarget.checked)} /> Internal note (only agents see it)
            </label>
          )}
          {noting ? (
            <Composer
              key="note"
              label="Internal note"
              variant="noting"
              autoFocus
              placeholder="Write a note for agents… the visitor never sees it"
              onSend={(text) => {
                setError(undefined);
                onNote(text).catch(fail);
              }}
              // Writing a note must not show the visitor "typing…".
              onTyping={() => undefined}
            />
          ) : (
            <ReplyBox
              chatId={thread.chatId}
              canned={props.canned}
              initialDraft={props.draft}
              onDraft={props.onDraft}
              inputRef={reply}
              onTyping={onTyping}
              fill={props.fillCanned}
              onError={setError}
              tools={<FileTools files={props.files} t={t} label={t('file.attach')} />}
              onSend={(text, cannedId) => {
                setError(undefined);
                props.onSend(text, cannedId).catch(fail);
              }}
            />
          )}
        </>
      )}
      {transferring ? <TransferDialog load={props.loadTargets} onTransfer={props.onTransfer} onDone={() => setTransferring(false)} /> : null}
    </section>
  );
}

function CloseChat({ onClose, buttonRef }: { onClose: (outcome: Outcome) => void; buttonRef: Ref<HTMLButtonElement> }) {
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
      <button type="submit" class="danger" ref={buttonRef}>
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

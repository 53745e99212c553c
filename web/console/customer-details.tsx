/**
 * The customer context panel: who the visitor is (name, email, the site's custom fields), where
 * they are (page, referrer, browser, language) and their previous conversations, each opened
 * read-only in a dialog. Fetched per chat with `getContact`; history with `readHistory` through
 * this chat, and its files with `getAttachment` through this chat too (docs/protocol.md).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatThread } from '../sdk/chat-state';
import type { AckPayloads, RuntimeConfig } from '../sdk/types';
import { type AttachmentUrl, Files } from '../shared/file-list';
import { clockTime } from '../shared/format';
import { MessageList } from '../shared/message-list';
import { browserName } from './browser-name';
import { t } from './strings';

export interface CustomerDetailsProps {
  readonly thread: ChatThread;
  readonly departments: RuntimeConfig['departments'];
  readonly loadContact: (chatId: string) => Promise<AckPayloads['getContact']>;
  readonly loadHistory: (chatId: string, viaChatId: string) => Promise<AckPayloads['readHistory']>;
  /** A download URL for a file of an earlier conversation, asked for through `viaChatId`. */
  readonly fileUrl: (chatId: string, viaChatId: string, ...file: Parameters<AttachmentUrl>) => ReturnType<AttachmentUrl>;
}

const day = (ms: number) => new Date(ms).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function CustomerDetails({ thread, departments, loadContact, loadHistory, fileUrl }: CustomerDetailsProps) {
  const [context, setContext] = useState<AckPayloads['getContact']>();
  const [open, setOpen] = useState<AckPayloads['readHistory']>();
  const [error, setError] = useState<string>();
  const closeHistory = useRef<HTMLButtonElement>(null);
  // Focus moves into the read-only dialog when it opens, so Esc closes it.
  useEffect(() => closeHistory.current?.focus(), [open]);
  const chat = thread.chat;
  useEffect(() => {
    setContext(undefined);
    loadContact(thread.chatId).then(setContext, (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic')));
  }, [thread.chatId]);
  const contact = context?.contact;
  const page = contact?.page ?? chat?.page;
  const name = contact?.name ?? chat?.visitorName;
  const email = contact?.email ?? chat?.visitorEmail;
  const department = chat?.department ? (departments.find((d) => d.id === chat.department)?.name ?? chat.department) : undefined;
  return (
    <aside class="details" aria-label="Customer details">
      <h2>{t('context.title')}</h2>
      <dl>
        <Row label={t('context.name')}>
          {name || t('context.notGiven')}
          {contact?.verified ? (
            <span class="badge verified" title={t('context.verifiedHint')}>
              {t('context.verified')}
            </span>
          ) : null}
        </Row>
        <Row label={t('context.email')}>{email ? <a href={`mailto:${email}`}>{email}</a> : t('context.notGiven')}</Row>
        <Row label={t('context.page')}>
          {page?.url ? (
            <a class="url" href={page.url} target="_blank" rel="noopener noreferrer">
              {page.title || page.url}
            </a>
          ) : (
            t('context.unknown')
          )}
        </Row>
        {page?.referrer ? <Row label={t('context.referrer')}>{page.referrer}</Row> : null}
        {page?.userAgent ? <Row label={t('context.browser')}>{browserName(page.userAgent)}</Row> : null}
        {page?.locale ? <Row label={t('context.locale')}>{page.locale}</Row> : null}
        {department ? <Row label={t('context.department')}>{department}</Row> : null}
        {chat ? <Row label={t('context.started')}>{clockTime(chat.createdAt)}</Row> : null}
      </dl>
      {contact?.fields && Object.keys(contact.fields).length > 0 ? (
        <>
          <h3>{t('context.fields')}</h3>
          <dl class="fields">
            {Object.entries(contact.fields).map(([key, value]) => (
              <Row key={key} label={key}>
                {value}
              </Row>
            ))}
          </dl>
        </>
      ) : null}
      <h3>{t('context.previous')}</h3>
      {error ? <p class="form-error">{error}</p> : null}
      {context && context.chats.length === 0 ? <p class="muted">{t('context.noPrevious')}</p> : null}
      <ul class="previous">
        {context?.chats.map((c) => (
          <li key={c.chatId}>
            <button type="button" class="link" onClick={() => void loadHistory(c.chatId, thread.chatId).then(setOpen, (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic')))}>
              {day(c.createdAt)} · {c.agentName ?? c.status}
              {c.outcome ? ` · ${c.outcome}` : ''}
            </button>
          </li>
        ))}
      </ul>
      {open ? (
        <div class="overlay" role="dialog" aria-modal="true" aria-label={t('history.title', { date: day(open.chat.createdAt) })} onKeyDown={(e) => e.key === 'Escape' && setOpen(undefined)}>
          <div class="dialog history">
            <h2>{t('history.title', { date: day(open.chat.createdAt) })}</h2>
            <MessageList
              messages={open.messages}
              notes={open.notes}
              pending={[]}
              self="agent"
              label={t('history.title', { date: day(open.chat.createdAt) })}
              files={(m) => <Files message={m} resolve={(seq, attachmentId) => fileUrl(open.chat.chatId, thread.chatId, seq, attachmentId)} />}
            />
            <div class="dialog-actions">
              <button type="button" ref={closeHistory} onClick={() => setOpen(undefined)}>
                {t('history.close')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </aside>
  );
}

/**
 * Settings → Privacy (admins): look a contact up by e-mail, visitor id or the site's user id,
 * download everything stored about them as JSON, or delete it after a confirmation that says
 * what goes. The erasure is resumable on the server; this view repeats it until it is done.
 */
import { useState } from 'preact/hooks';
import { dateTime } from '../shared/format';
import type { ContactSummary, ErasureCounts, ErasureRecord } from '../../functions/contracts/contacts';
import { type LookupBy, PrivacyError } from './privacy-api';
import { t } from './strings';
import { ViewPanel } from './view-panel';
import { FormError } from './form-error';

export interface PrivacyViewProps {
  readonly lookup: (by: LookupBy, value: string) => Promise<ContactSummary[]>;
  readonly exportContact: (visitorId: string) => Promise<{ name: string; text: string }>;
  readonly erase: (visitorId: string) => Promise<ErasureRecord>;
  readonly onBack: () => void;
}

const summary = (deleted: ErasureCounts) =>
  Object.entries(deleted)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ') || 'nothing was stored';
const who = (c: ContactSummary) => c.name ?? c.email ?? c.visitorId;

/** Hands a text to the browser as a file download (an object URL, revoked soon after). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function PrivacyView({ lookup, exportContact, erase, onBack }: PrivacyViewProps) {
  const [by, setBy] = useState<LookupBy>('email');
  const [value, setValue] = useState('');
  const [contacts, setContacts] = useState<ContactSummary[]>();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const fail = (e: unknown) => setError(e instanceof PrivacyError ? e.message : t('error.generic'));
  const find = async () => {
    setError(undefined);
    setBusy('find');
    await lookup(by, value).then(setContacts, fail);
    setBusy(undefined);
  };
  const replace = (record: ErasureRecord) =>
    setContacts((list) => list?.map((c) => (c.visitorId === record.visitorId ? { ...c, chats: 0, openChats: 0, tickets: 0, erasure: record } : c)));
  const remove = async (visitorId: string) => {
    setConfirming(undefined);
    setError(undefined);
    setBusy(visitorId);
    await erase(visitorId).then(replace, fail);
    setBusy(undefined);
  };
  return (
    <ViewPanel className="tickets-view privacy-view" title={t('privacy.title')} hint={t('privacy.hint')} onBack={onBack}>
      <form
        class="privacy-find"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <label>
          {t('privacy.by')}
          <select value={by} onChange={(e) => setBy(e.currentTarget.value as LookupBy)}>
            {(['email', 'visitorId', 'userId'] as const).map((option) => (
              <option key={option} value={option}>
                {t(`privacy.by.${option}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('privacy.value')}
          <input value={value} required maxLength={254} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy !== undefined}>
          {busy === 'find' ? t('privacy.searching') : t('privacy.find')}
        </button>
      </form>
      <FormError error={error} />
      {contacts?.length === 0 ? <p class="muted">{t('privacy.none')}</p> : null}
      {contacts && contacts.length > 0 ? (
        <ul class="canned-list tickets" aria-label={t('privacy.results')}>
          {contacts.map((contact) => (
            <li key={contact.visitorId} aria-label={t('privacy.contact', { who: who(contact) })}>
              <div class="ticket">
                <div class="ticket-head">
                  <strong>{contact.name ?? t('context.notGiven')}</strong>
                  {contact.email ? <span>{contact.email}</span> : null}
                  <code>{contact.visitorId}</code>
                </div>
                <p class="muted">{t('privacy.counts', { chats: String(contact.chats), open: String(contact.openChats), tickets: String(contact.tickets) })}</p>
                {contact.linkedVisitorIds?.length ? <p class="muted">{t('privacy.linked', { ids: contact.linkedVisitorIds.join(', ') })}</p> : null}
                {contact.erasure ? (
                  <p role="status">
                    {contact.erasure.status === 'done'
                      ? t('privacy.erased', { when: dateTime(contact.erasure.completedAt ?? contact.erasure.updatedAt), summary: summary(contact.erasure.deleted) })
                      : t('privacy.running', { when: dateTime(contact.erasure.requestedAt) })}
                  </p>
                ) : null}
                {confirming === contact.visitorId ? (
                  <div class="block-confirm" role="group" aria-label={t('privacy.confirmDelete')}>
                    <p>{t('privacy.confirm', { who: who(contact), chats: String(contact.chats), tickets: String(contact.tickets) })}</p>
                    <button type="button" class="danger" onClick={() => void remove(contact.visitorId)}>
                      {t('privacy.confirmDelete')}
                    </button>
                    <button type="button" class="ghost" onClick={() => setConfirming(undefined)}>
                      {t('privacy.cancel')}
                    </button>
                  </div>
                ) : (
                  <div class="dialog-actions">
                    <button
                      type="button"
                      class="ghost"
                      disabled={busy !== undefined || (contact.chats === 0 && contact.tickets === 0)}
                      onClick={() => void exportContact(contact.visitorId).then(({ name, text }) => download(name, text), fail)}
                    >
                      {t('privacy.export')}
                    </button>
                    <button type="button" class="danger" disabled={busy !== undefined} onClick={() => setConfirming(contact.visitorId)}>
                      {busy === contact.visitorId ? t('privacy.deleting') : t('privacy.delete')}
                    </button>
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </ViewPanel>
  );
}

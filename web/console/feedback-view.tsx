/**
 * Feedback from the team to the admins (PRODUCT.md, Team): anyone on staff sends an idea, a
 * problem or praise; admins also read what the team sent, newest first. A draft keeps one client
 * id until it is sent, so pressing Send again after a failure never stores it twice.
 */
import { useEffect, useState } from 'preact/hooks';
import { dateTime } from '../shared/format';
import type { TeamFeedback } from '../../functions/contracts/frames';
import { createId } from '../sdk/ids';
import { t } from './strings';
import { ViewPanel } from './view-panel';
import { FormError } from './form-error';

type Kind = TeamFeedback['kind'];

export interface FeedbackViewProps {
  readonly send: (draft: { clientFeedbackId: string; kind: Kind; text: string }) => Promise<TeamFeedback>;
  /** Admins only: the team's feedback, newest first. */
  readonly load?: () => Promise<readonly TeamFeedback[]>;
  readonly onBack: () => void;
}

const KINDS: readonly Kind[] = ['suggestion', 'problem', 'praise'];
const newDraft = () => ({ clientFeedbackId: createId('f', Math.random), kind: 'suggestion' as Kind, text: '' });

export function FeedbackView({ send, load, onBack }: FeedbackViewProps) {
  const [draft, setDraft] = useState(newDraft);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const [items, setItems] = useState<readonly TeamFeedback[]>();
  const [listError, setListError] = useState<string>();
  const message = (e: unknown) => (e instanceof Error ? e.message : t('error.generic'));
  const refresh = () => {
    if (!load) return;
    setListError(undefined);
    load().then(setItems, (e: unknown) => setListError(message(e)));
  };
  useEffect(refresh, []);
  return (
    <ViewPanel className="tickets-view feedback-view" title={t('feedback.title')} hint={t(load ? 'feedback.hint.admin' : 'feedback.hint')} onBack={onBack}
      actions={load ? <button type="button" class="ghost" onClick={refresh}>{t('tickets.refresh')}</button> : undefined}>
      <form
        class="canned-form"
        aria-label={t('feedback.form')}
        onSubmit={(event) => {
          event.preventDefault();
          setError(undefined);
          setSending(true);
          send(draft)
            .then((stored) => {
              setSent(true);
              setDraft(newDraft());
              setItems((list) => (list && !list.some((x) => x.feedbackId === stored.feedbackId) ? [stored, ...list] : list));
            }, (e: unknown) => setError(message(e)))
            .finally(() => setSending(false));
        }}
      >
        <label>
          {t('feedback.kind')}
          <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value as Kind })}>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`feedback.kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="wide">
          {t('feedback.text')}
          <textarea rows={4} maxLength={2000} value={draft.text} onInput={(e) => {
            setSent(false);
            setDraft({ ...draft, text: e.currentTarget.value });
          }} />
        </label>
        <FormError error={error} />
        {sent ? <p class="muted wide" role="status">{t('feedback.sent')}</p> : null}
        <div class="dialog-actions wide">
          <button type="submit" class="primary" disabled={sending || draft.text.trim() === ''}>
            {t('feedback.send')}
          </button>
        </div>
      </form>
      {load ? (
        <section aria-label={t('feedback.list')}>
          <h3 class="section-title">{t('feedback.list')}</h3>
          <FormError error={listError} />
          {items === undefined && !listError ? <p class="muted">{t('feedback.loading')}</p> : null}
          {items?.length === 0 ? <p class="muted">{t('feedback.empty')}</p> : null}
          {items && items.length > 0 ? (
            <ul class="canned-list tickets">
              {items.map((item) => (
                <li key={item.feedbackId} aria-label={t('feedback.item', { who: item.authorName })}>
                  <div class="ticket">
                    <div class="ticket-head">
                      <strong>{item.authorName}</strong>
                      <span class="badge state">{t(`feedback.role.${item.authorRole}`)}</span>
                      <span class={`badge kind-${item.kind}`}>{t(`feedback.kind.${item.kind}`)}</span>
                      <time class="muted" dateTime={new Date(item.createdAt).toISOString()}>
                        {dateTime(item.createdAt)}
                      </time>
                    </div>
                    <p>{item.text}</p>
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </ViewPanel>
  );
}

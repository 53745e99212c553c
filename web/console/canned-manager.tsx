/**
 * Managing canned responses: search, create, edit, delete. Everyone manages their own
 * ("Only me"); supervisors and admins also the team's. The server enforces the same rule and
 * its errors (a taken shortcut, a bad one) show in the form.
 */
import { useState } from 'preact/hooks';
import type { CannedResponse, CannedScope } from '../sdk/types';
import { t } from './strings';
import { ViewPanel } from './view-panel';

export interface CannedManagerProps {
  readonly canned: readonly CannedResponse[];
  readonly canShare: boolean;
  readonly onSave: (draft: { cannedId?: string; scope: CannedScope; shortcut: string; title: string; text: string }) => Promise<void>;
  readonly onDelete: (item: CannedResponse) => Promise<void>;
  readonly onBack: () => void;
}

type Draft = { cannedId?: string; scope: CannedScope; shortcut: string; title: string; text: string };
const EMPTY: Draft = { scope: 'personal', shortcut: '', title: '', text: '' };

export function CannedManager({ canned, canShare, onSave, onDelete, onBack }: CannedManagerProps) {
  const [query, setQuery] = useState('');
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<string>();
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic'));
  const q = query.trim().toLowerCase();
  const shown = canned.filter((c) => !q || c.shortcut.includes(q) || c.title.toLowerCase().includes(q) || c.text.toLowerCase().includes(q));
  const editable = (c: CannedResponse) => c.scope === 'personal' || canShare;
  return (
    <ViewPanel className="canned-manager" title={t('canned.title')} hint={t('canned.hint')} onBack={onBack}
      actions={
        <button type="button" class="primary" onClick={() => setDraft({ ...EMPTY })}>
          {t('canned.new')}
        </button>
      }>
      <input type="search" aria-label={t('canned.search')} placeholder={t('canned.search')} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      {draft ? (
        <form
          class="canned-form"
          onSubmit={(event) => {
            event.preventDefault();
            setError(undefined);
            onSave(draft).then(() => setDraft(undefined), fail);
          }}
        >
          <label>
            {t('canned.shortcut')}
            <input value={draft.shortcut} placeholder="greeting" onInput={(e) => setDraft({ ...draft, shortcut: e.currentTarget.value })} />
          </label>
          <label>
            {t('canned.name')}
            <input value={draft.title} onInput={(e) => setDraft({ ...draft, title: e.currentTarget.value })} />
          </label>
          <label>
            {t('canned.scope')}
            <select value={draft.scope} disabled={!canShare || draft.cannedId !== undefined} onChange={(e) => setDraft({ ...draft, scope: e.currentTarget.value as CannedScope })}>
              <option value="personal">{t('canned.scope.personal')}</option>
              {canShare ? <option value="shared">{t('canned.scope.shared')}</option> : null}
            </select>
          </label>
          <label class="wide">
            {t('canned.text')}
            <textarea rows={4} value={draft.text} onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })} />
          </label>
          <span class="muted wide">{t('canned.placeholders')}</span>
          {error ? (
            <p class="form-error wide" role="alert">
              {error}
            </p>
          ) : null}
          <div class="dialog-actions wide">
            <button type="button" class="ghost" onClick={() => setDraft(undefined)}>
              {t('canned.cancel')}
            </button>
            <button type="submit" class="primary">
              {t('canned.save')}
            </button>
          </div>
        </form>
      ) : null}
      {shown.length === 0 ? <p class="muted">{t('canned.empty')}</p> : null}
      <ul class="canned-list">
        {shown.map((c) => (
          <li key={c.cannedId}>
            <div>
              <strong>#{c.shortcut}</strong> {c.title} <span class="badge state">{c.scope === 'shared' ? t('canned.scope.shared') : t('canned.scope.personal')}</span>
              <p>{c.text}</p>
            </div>
            {editable(c) ? (
              <div class="head-actions">
                <button type="button" onClick={() => setDraft({ cannedId: c.cannedId, scope: c.scope, shortcut: c.shortcut, title: c.title, text: c.text })}>
                  {t('canned.edit')}
                </button>
                <button type="button" class="danger" onClick={() => void onDelete(c).catch(fail)}>
                  {t('canned.delete')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </ViewPanel>
  );
}

import { useRef, useState } from 'preact/hooks';
import type { RuntimeConfig } from '../sdk/types';
import { type FormErrors, type OfflineValues, validateOffline } from './forms';
import type { T } from './locale';

export interface OfflineFormProps {
  readonly t: T;
  readonly reason: 'hours' | 'nobody' | 'missed';
  readonly departments: RuntimeConfig['departments'];
  readonly initial?: Partial<OfflineValues>;
  readonly onSend: (values: OfflineValues) => Promise<void>;
}

/** "Leave us a message": becomes a ticket the console lists; the answer comes by email. */
export function OfflineForm({ t, reason, departments, initial, onSend }: OfflineFormProps) {
  const [errors, setErrors] = useState<FormErrors<'email' | 'message'>>({});
  const [sentTo, setSentTo] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  if (sentTo) {
    return (
      <div class="offline sent" role="status">
        <p>{t('offline.sent', { email: sentTo })}</p>
      </div>
    );
  }
  const invalid = (f: 'email' | 'message') => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': `err-off-${f}` } : {});
  return (
    <form
      ref={form}
      class="welcome offline"
      noValidate
      aria-labelledby="offline-title"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const field = (name: string) => String(data.get(name) ?? '').trim();
        const values: OfflineValues = { name: field('name'), email: field('email'), department: field('department'), message: field('message') };
        const found = validateOffline(values);
        setErrors(found);
        const first = Object.keys(found)[0];
        if (first) return void form.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
        setBusy(true);
        setFailure(undefined);
        onSend(values).then(
          () => setSentTo(values.email),
          (e: unknown) => setFailure(e instanceof Error ? e.message : t('error.generic')),
        ).finally(() => setBusy(false));
      }}
    >
      <h2 id="offline-title">{t('offline.title')}</h2>
      <p class="greeting">{t(reason === 'hours' ? 'offline.hours' : reason === 'missed' ? 'offline.missed' : 'offline.nobody')}</p>
      <div class="pair">
        <label>
          <span>
            {t('field.name')} <span class="optional">{t('field.optional')}</span>
          </span>
          <input name="name" autocomplete="name" maxLength={128} defaultValue={initial?.name} />
        </label>
        <label>
          <span>{t('field.email')}</span>
          <input name="email" type="email" autocomplete="email" maxLength={254} required defaultValue={initial?.email} {...invalid('email')} />
          {errors.email ? <span class="field-error" id="err-off-email">{t(errors.email)}</span> : null}
        </label>
      </div>
      {departments.length > 1 ? (
        <label>
          <span>
            {t('field.department')} <span class="optional">{t('field.optional')}</span>
          </span>
          <select name="department" defaultValue={initial?.department ?? ''}>
            <option value="">{t('field.departmentPick')}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label>
        <span>{t('field.message')}</span>
        <textarea name="message" rows={4} maxLength={4000} required defaultValue={initial?.message} {...invalid('message')} />
        {errors.message ? <span class="field-error" id="err-off-message">{t(errors.message)}</span> : null}
      </label>
      {failure ? <p class="field-error" role="alert">{failure}</p> : null}
      <button type="submit" class="primary" disabled={busy}>
        {t('offline.send')}
      </button>
    </form>
  );
}

import { useRef, useState } from 'preact/hooks';
import type { RuntimeConfig } from '../sdk/types';
import { type DepartmentAvailability, type FieldName, type FormErrors, validatePreChat, visibleFields } from './forms';
import type { T } from './locale';
import type { StartChatInput } from './use-visitor-chat';

export interface WelcomeProps {
  readonly t: T;
  readonly departments: RuntimeConfig['departments'];
  readonly preChat: RuntimeConfig['widget']['preChat'];
  readonly availability: readonly DepartmentAvailability[] | undefined;
  /** What the visitor typed before a failed start, so they need not type it again. */
  readonly draft: StartChatInput | undefined;
  readonly onStart: (input: StartChatInput) => void;
}

/** A field's label, with "(optional)" when the config lets the visitor leave it empty. */
function Label({ t, text, required }: { t: T; text: string; required: boolean }) {
  return (
    <span>
      {text} {required ? null : <span class="optional">{t('field.optional')}</span>}
    </span>
  );
}

function ErrorText({ t, id, error }: { t: T; id: string; error: FormErrors<FieldName>[FieldName] }) {
  return error ? (
    <span class="field-error" id={id}>
      {t(error)}
    </span>
  ) : null;
}

/** The pre-chat form: the fields the deployment config switches on, each optional or required. */
export function Welcome({ t, departments, preChat, availability, draft, onStart }: WelcomeProps) {
  const [errors, setErrors] = useState<FormErrors<FieldName>>({});
  const form = useRef<HTMLFormElement>(null);
  const shown = new Set(visibleFields(preChat, departments.length));
  const need = (f: FieldName) => preChat[f] === 'required';
  const invalid = (f: FieldName) => (errors[f] ? { 'aria-invalid': true, 'aria-describedby': `err-${f}` } : {});
  const offline = (id: string) => availability?.find((d) => d.id === id && !(d.online && d.withinHours));
  return (
    <form
      ref={form}
      class="welcome"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const field = (name: string) => String(data.get(name) ?? '').trim();
        const values = { text: field('text'), name: field('name'), email: field('email'), department: field('department') };
        const found = validatePreChat(values, preChat, departments.length);
        setErrors(found);
        const first = Object.keys(found)[0];
        if (first) {
          form.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
          return;
        }
        onStart(values);
      }}
    >
      <p class="greeting">
        <strong>{t('welcome.hi')}</strong>
        <br />
        {t('welcome.intro')}
      </p>
      {shown.has('question') ? (
        <label>
          <Label t={t} text={t('field.question')} required={need('question')} />
          <textarea name="text" data-field="question" rows={3} defaultValue={draft?.text} maxLength={4000} placeholder={t('field.questionPlaceholder')} required={need('question')} {...invalid('question')} />
          <ErrorText t={t} id="err-question" error={errors.question} />
        </label>
      ) : null}
      <div class="pair">
        {shown.has('name') ? (
          <label>
            <Label t={t} text={t('field.name')} required={need('name')} />
            <input name="name" data-field="name" autocomplete="name" maxLength={128} defaultValue={draft?.name} required={need('name')} {...invalid('name')} />
            <ErrorText t={t} id="err-name" error={errors.name} />
          </label>
        ) : null}
        {shown.has('email') ? (
          <label>
            <Label t={t} text={t('field.email')} required={need('email')} />
            <input name="email" data-field="email" type="email" autocomplete="email" maxLength={254} defaultValue={draft?.email} required={need('email')} {...invalid('email')} />
            <ErrorText t={t} id="err-email" error={errors.email} />
          </label>
        ) : null}
      </div>
      {shown.has('department') ? (
        <label>
          <Label t={t} text={t('field.department')} required={need('department')} />
          <select name="department" data-field="department" defaultValue={draft?.department ?? ''} required={need('department')} {...invalid('department')}>
            {need('department') ? <option value="">{t('field.departmentPick')}</option> : null}
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {offline(d.id) ? t('field.departmentOffline', { name: d.name }) : d.name}
              </option>
            ))}
          </select>
          <ErrorText t={t} id="err-department" error={errors.department} />
        </label>
      ) : null}
      <button type="submit" class="primary">
        {t('start')}
      </button>
    </form>
  );
}

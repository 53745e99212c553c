/**
 * The chat's tags as chips: pick one from the list (configured + used before) or type a new one
 * and press Enter; × removes. Every change sends the whole set; the server's limits come back
 * as a clear error under the chips.
 */
import { useState } from 'preact/hooks';
import { t } from './strings';
import { FormError } from './form-error';

export interface TagsEditorProps {
  readonly tags: readonly string[];
  readonly choices: readonly string[];
  readonly inputRef: { current: HTMLInputElement | null };
  readonly onChange: (tags: string[]) => Promise<void>;
}

export function TagsEditor({ tags, choices, inputRef, onChange }: TagsEditorProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const save = (next: string[]) => {
    setError(undefined);
    onChange(next).then(
      () => setText(''),
      (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic')),
    );
  };
  return (
    <div class="tags-editor">
      <span class="tags-label">{t('tags.label')}</span>
      <ul class="chips" aria-label={t('tags.label')}>
        {tags.map((tag) => (
          <li key={tag} class="chip">
            {tag}
            <button type="button" class="chip-remove" aria-label={t('tags.remove', { tag })} onClick={() => save(tags.filter((x) => x !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) save([...tags, text]);
        }}
      >
        <input ref={inputRef} list="tag-choices" aria-label={t('tags.add')} placeholder={t('tags.add')} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <datalist id="tag-choices">
          {choices
            .filter((c) => !tags.includes(c))
            .map((c) => (
              <option key={c} value={c} />
            ))}
        </datalist>
        <button type="submit" class="ghost small">
          {t('tags.submit')}
        </button>
      </form>
      <FormError error={error} />
    </div>
  );
}

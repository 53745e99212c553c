/**
 * Keyboard-first console: the shortcuts, one table for the handler and the `?` overlay, so the
 * help can never list a key that does nothing. Alt combinations work while typing; `?` only
 * outside text fields (it is a character people type).
 */
import { useEffect, useRef } from 'preact/hooks';
import { type ConsoleKey, t } from './strings';

export type Command = 'nextChat' | 'previousChat' | 'reply' | 'transfer' | 'close' | 'tags' | 'help';

export const SHORTCUTS: readonly { keys: string; label: ConsoleKey; command?: Command; match?: (e: KeyboardEvent) => boolean }[] = [
  { keys: 'Alt+↓', label: 'keys.nextChat', command: 'nextChat', match: (e) => e.altKey && e.key === 'ArrowDown' },
  { keys: 'Alt+↑', label: 'keys.previousChat', command: 'previousChat', match: (e) => e.altKey && e.key === 'ArrowUp' },
  { keys: 'Alt+R', label: 'keys.reply', command: 'reply', match: (e) => e.altKey && e.code === 'KeyR' },
  { keys: 'Alt+T', label: 'keys.transfer', command: 'transfer', match: (e) => e.altKey && e.code === 'KeyT' },
  { keys: 'Alt+W', label: 'keys.close', command: 'close', match: (e) => e.altKey && e.code === 'KeyW' },
  { keys: 'Alt+G', label: 'keys.tags', command: 'tags', match: (e) => e.altKey && e.code === 'KeyG' },
  { keys: '#', label: 'keys.canned' },
  { keys: '?', label: 'keys.help', command: 'help', match: (e) => e.key === '?' && !isTextField(e.target) },
  { keys: 'Esc', label: 'keys.escape' },
];

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Runs `run(command)` for the shortcut a keydown means, anywhere in the page. */
export function useShortcuts(run: (command: Command) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const hit = SHORTCUTS.find((s) => s.match?.(event));
      if (!hit?.command) return;
      event.preventDefault();
      run(hit.command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);
}

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  // Focus moves into the dialog, so Esc and Tab act on it.
  useEffect(() => close.current?.focus(), []);
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-label={t('help.title')} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="dialog">
        <h2>{t('help.title')}</h2>
        <table class="keys">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{t(s.label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="dialog-actions">
          <button type="button" ref={close} onClick={onClose}>
            {t('help.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

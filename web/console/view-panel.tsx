/**
 * The frame of a console view that replaces the chat pane (canned responses, tickets, privacy):
 * a heading with its hint, the view's own actions, "Back to chats", then the view's body.
 */
import type { ComponentChildren } from 'preact';
import { t } from './strings';

export interface ViewPanelProps {
  /** Extra classes on the section (the view's own styles). */
  readonly className: string;
  readonly title: string;
  readonly hint: string;
  /** Buttons shown before "Back to chats". */
  readonly actions?: ComponentChildren;
  readonly onBack: () => void;
  readonly children: ComponentChildren;
}

export function ViewPanel({ className, title, hint, actions, onBack, children }: ViewPanelProps) {
  return (
    <section class={`chat-view ${className}`} aria-label={title}>
      <header class="chat-head">
        <div>
          <h2>{title}</h2>
          <p class="muted">{hint}</p>
        </div>
        <div class="head-actions">
          {actions}
          <button type="button" class="ghost" onClick={onBack}>
            {t('canned.back')}
          </button>
        </div>
      </header>
      <div class="canned-body">{children}</div>
    </section>
  );
}

/**
 * The supervisor's live SLA alerts: one line per breach (whose chat, which target, how far past
 * its deadline, counting), newest at the bottom. Opening one shows the chat; each is dismissed
 * on its own. Announced to screen readers as it arrives.
 */
import type { ChatSummary } from '../sdk/types';
import { shortDuration } from '../shared/format';
import { useNow } from '../shared/use-now';
import { t } from './strings';

type Breach = NonNullable<ChatSummary['slaBreach']>;

export interface SlaAlert {
  readonly breach: Breach;
  readonly chat: ChatSummary;
}

export const alertKey = (a: SlaAlert): string => `${a.breach.chatId}#${a.breach.target}#${a.breach.startedAt}`;

export interface SlaAlertsProps {
  readonly alerts: readonly SlaAlert[];
  readonly departmentName: (id: string) => string;
  readonly onOpen: (chatId: string) => void;
  readonly onDismiss: (key: string) => void;
}

export function SlaAlerts({ alerts, departmentName, onOpen, onDismiss }: SlaAlertsProps) {
  const now = useNow(1000);
  return (
    <section class="sla-alerts" aria-label={t('sla.title')} aria-live="assertive">
      {alerts.map((alert) => {
        const { breach, chat } = alert;
        const name = chat.visitorName || t('sla.visitor');
        return (
          <article key={alertKey(alert)} class="sla-alert" aria-label={t('sla.alert', { name })}>
            <span class="sla-icon" aria-hidden="true">
              !
            </span>
            <div class="sla-text">
              <strong>{t('sla.missed', { name, target: t(`sla.target.${breach.target}`) })}</strong>
              <span>
                {t('sla.detail', {
                  target: shortDuration(breach.targetSeconds * 1000),
                  late: shortDuration(now - breach.deadline),
                  department: departmentName(breach.department),
                })}
                {chat.agentName ? ` · ${chat.agentName}` : ''}
              </span>
            </div>
            <button type="button" class="primary small" onClick={() => onOpen(breach.chatId)}>
              {t('sla.open')}
            </button>
            <button type="button" class="ghost small" aria-label={t('sla.dismiss', { name })} onClick={() => onDismiss(alertKey(alert))}>
              ×
            </button>
          </article>
        );
      })}
    </section>
  );
}

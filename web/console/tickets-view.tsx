/**
 * Offline-form tickets: what visitors left while nobody was online or outside business hours,
 * newest first, for the departments this person serves. Loaded when the view opens and on
 * Refresh (a ticket is a message to answer by e-mail, not a live chat, so no push).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Ticket } from '../../functions/contracts/http';
import { t } from './strings';
import { ViewPanel } from './view-panel';
import { FormError } from './form-error';

export interface TicketsViewProps {
  readonly load: () => Promise<readonly Ticket[]>;
  readonly departmentName: (id: string) => string;
  readonly onBack: () => void;
}

const dateTime = (ms: number) => new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });

export function TicketsView({ load, departmentName, onBack }: TicketsViewProps) {
  const [tickets, setTickets] = useState<readonly Ticket[]>();
  const [error, setError] = useState<string>();
  const refresh = () => {
    setError(undefined);
    load().then(setTickets, (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic')));
  };
  useEffect(refresh, []);
  return (
    <ViewPanel className="tickets-view" title={t('tickets.title')} hint={t('tickets.hint')} onBack={onBack}
      actions={
        <button type="button" class="ghost" onClick={refresh}>
          {t('tickets.refresh')}
        </button>
      }>
      <FormError error={error} />
      {tickets === undefined && !error ? <p class="muted">{t('tickets.loading')}</p> : null}
      {tickets?.length === 0 ? <p class="muted">{t('tickets.empty')}</p> : null}
      {tickets && tickets.length > 0 ? (
        <ul class="canned-list tickets" aria-label={t('tickets.title')}>
          {tickets.map((ticket) => (
            <li key={ticket.ticketId} aria-label={t('tickets.item', { who: ticket.name || ticket.email })}>
              <div class="ticket">
                <div class="ticket-head">
                  <strong>{ticket.name || t('context.notGiven')}</strong>
                  <a href={`mailto:${ticket.email}`}>{ticket.email}</a>
                  <span class="badge state">{departmentName(ticket.department)}</span>
                  <time class="muted" dateTime={new Date(ticket.createdAt).toISOString()}>
                    {dateTime(ticket.createdAt)}
                  </time>
                </div>
                <p>{ticket.message}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </ViewPanel>
  );
}

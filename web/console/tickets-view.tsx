/**
 * Offline-form tickets: what visitors left while nobody was online or outside business hours,
 * newest first, for the departments this person serves. An agent answers one by e-mail and marks
 * it resolved (or reopens it); the open ones are the backlog, also a live number on the
 * dashboard. The open and the resolved ones are two lists from the server (so an old open ticket
 * is never pushed out of view by newer resolved ones), loaded when the view opens and on Refresh
 * (a ticket is a message to answer by e-mail, not a live chat, so no push).
 */
import { useEffect, useState } from 'preact/hooks';
import { dateTime } from '../shared/format';
import type { TicketStatus } from '../../functions/contracts/frames';
import { MAX_TICKETS_LISTED } from '../../functions/contracts/limits';
import type { Ticket } from '../../functions/contracts/http';
import { t } from './strings';
import { ViewPanel } from './view-panel';
import { FormError } from './form-error';

export interface TicketsViewProps {
  /** The newest tickets of one status (at most MAX_TICKETS_LISTED). */
  readonly load: (status: TicketStatus) => Promise<readonly Ticket[]>;
  /** Sets a ticket's status; resolves to the ticket as stored after it. */
  readonly setStatus: (ticketId: string, status: TicketStatus) => Promise<Ticket>;
  readonly departmentName: (id: string) => string;
  readonly onBack: () => void;
}

type Shown = 'open' | 'resolved' | 'all';

const statusOf = (ticket: Ticket): TicketStatus => ticket.status ?? 'open';

export function TicketsView({ load, setStatus, departmentName, onBack }: TicketsViewProps) {
  const [tickets, setTickets] = useState<readonly Ticket[]>();
  const [error, setError] = useState<string>();
  const [shown, setShown] = useState<Shown>('open');
  const [busy, setBusy] = useState<string>();
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic'));
  const refresh = () => {
    setError(undefined);
    Promise.all([load('open'), load('resolved')]).then(([open, resolved]) => setTickets([...open, ...resolved]), fail);
  };
  useEffect(refresh, []);
  const change = (ticket: Ticket, status: TicketStatus) => {
    setError(undefined);
    setBusy(ticket.ticketId);
    setStatus(ticket.ticketId, status)
      .then((after) => setTickets((list) => list?.map((x) => (x.ticketId === after.ticketId ? after : x))), fail)
      .finally(() => setBusy(undefined));
  };
  const open = tickets?.filter((x) => statusOf(x) === 'open').length ?? 0;
  const listed = tickets?.filter((x) => shown === 'all' || statusOf(x) === shown).sort((a, b) => b.createdAt - a.createdAt);
  const filter = (value: Shown, label: string) => (
    <button type="button" class="ghost" aria-pressed={shown === value} onClick={() => setShown(value)}>
      {label}
    </button>
  );
  return (
    <ViewPanel className="tickets-view" title={t('tickets.title')} hint={t('tickets.hint')} onBack={onBack}
      actions={
        <>
          <div class="ticket-filter" role="group" aria-label={t('tickets.filter')}>
            {filter('open', t('tickets.show.open', { count: open >= MAX_TICKETS_LISTED ? `${MAX_TICKETS_LISTED}+` : String(open) }))}
            {filter('resolved', t('tickets.show.resolved'))}
            {filter('all', t('tickets.show.all'))}
          </div>
          <button type="button" class="ghost" onClick={refresh}>
            {t('tickets.refresh')}
          </button>
        </>
      }>
      <FormError error={error} />
      {tickets === undefined && !error ? <p class="muted">{t('tickets.loading')}</p> : null}
      {listed?.length === 0 ? <p class="muted">{tickets?.length === 0 ? t('tickets.empty') : t(`tickets.none.${shown}`)}</p> : null}
      {listed && listed.length > 0 ? (
        <ul class="canned-list tickets" aria-label={t('tickets.title')}>
          {listed.map((ticket) => {
            const resolved = statusOf(ticket) === 'resolved';
            return (
              <li key={ticket.ticketId} class={resolved ? 'resolved' : undefined} aria-label={t('tickets.item', { who: ticket.name || ticket.email })}>
                <div class="ticket">
                  <div class="ticket-head">
                    <strong>{ticket.name || t('context.notGiven')}</strong>
                    <a href={`mailto:${ticket.email}`}>{ticket.email}</a>
                    <span class="badge state">{departmentName(ticket.department)}</span>
                    {resolved && ticket.statusChangedAt !== undefined ? <span class="badge done">{t('tickets.resolvedAt', { when: dateTime(ticket.statusChangedAt) })}</span> : null}
                    <time class="muted" dateTime={new Date(ticket.createdAt).toISOString()}>
                      {dateTime(ticket.createdAt)}
                    </time>
                  </div>
                  <p>{ticket.message}</p>
                  <div class="ticket-actions">
                    <button type="button" class={resolved ? 'ghost' : undefined} disabled={busy === ticket.ticketId} onClick={() => change(ticket, resolved ? 'open' : 'resolved')}>
                      {resolved ? t('tickets.reopen') : t('tickets.resolve')}
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </ViewPanel>
  );
}

/**
 * Incoming offers: each chat routing offers this agent, with who is waiting, where they are,
 * a countdown to the offer timeout and Accept / Decline. A lapsed offer stays a moment as
 * "Missed" so the agent knows one went by. The chime and the notification come from the
 * workspace (use-workspace.ts), which asks nothing on load: notifications are enabled from the header.
 */
import { useState } from 'preact/hooks';
import { isUrgent } from '../../functions/domain/routing';
import { useNow } from '../shared/use-now';
import { t } from './strings';
import type { PendingOffer } from './use-workspace';

export interface OffersProps {
  readonly offers: readonly PendingOffer[];
  readonly departmentName: (id: string | undefined) => string | undefined;
  readonly onAccept: (chatId: string) => Promise<void>;
  readonly onDecline: (chatId: string) => Promise<void>;
}

export function Offers({ offers, departmentName, onAccept, onDecline }: OffersProps) {
  const now = useNow(250);
  const [failed, setFailed] = useState<string | undefined>();
  if (offers.length === 0 && !failed) return null;
  const answer = (work: Promise<void>) => void work.then(() => setFailed(undefined), (e: unknown) => setFailed(e instanceof Error ? e.message : 'The offer could not be answered'));
  return (
    <section class="offers" aria-label="Chats offered to you" aria-live="assertive">
      {failed ? <p class="offer-error" role="alert">{failed}</p> : null}
      {offers.map(({ offer, missed }) => {
        const { chat } = offer;
        const left = Math.max(0, Math.ceil((offer.expiresAt - now) / 1000));
        const name = chat.visitorName || 'A visitor';
        return (
          <article key={chat.chatId} class={`offer ${missed ? 'missed' : ''}`} aria-label={`Chat offered: ${name}`}>
            <div class="offer-who">
              <strong>
                {name}
                {isUrgent(chat) ? <span class="badge urgent">{t('urgent')}</span> : null}
              </strong>
              <span class="offer-where">
                {departmentName(chat.department) ?? chat.department}
                {chat.page?.title ? ` · ${chat.page.title}` : ''}
              </span>
            </div>
            {missed ? (
              <span class="offer-missed">Missed: it went to the next agent</span>
            ) : (
              <>
                <span class="offer-countdown" role="timer" aria-label={`${left} seconds left to accept`}>
                  {left}s
                </span>
                <button type="button" class="primary" onClick={() => answer(onAccept(chat.chatId))}>
                  Accept
                </button>
                <button type="button" class="ghost" onClick={() => answer(onDecline(chat.chatId))}>
                  Decline
                </button>
              </>
            )}
          </article>
        );
      })}
    </section>
  );
}

import { useState } from 'preact/hooks';
import type { AgentStatus } from '../sdk/types';
import type { ConnectionState } from '../sdk/socket-client';
import { initials } from '../shared/format';
import { askNotificationPermission, notificationState } from './alerts';
import { isAdmin, isLead, type Session } from './auth';
import type { Presence } from './use-workspace';

const STATUS_LABELS: Record<AgentStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export interface HeaderProps {
  readonly brand: string;
  readonly session: Session;
  readonly presence: Presence;
  readonly activeChats: number;
  readonly connection: ConnectionState;
  readonly onStatus: (status: AgentStatus) => void;
  readonly onSignOut: () => void;
  /** Opens the canned responses view. */
  readonly onCanned?: () => void;
  /** Opens the keyboard shortcuts list. */
  readonly onHelp?: () => void;
  /** The view shown: chats (and canned responses) or the reports dashboard. */
  readonly view?: 'chats' | 'canned' | 'dashboard' | 'tickets' | 'feedback' | 'privacy';
  readonly onView?: (view: 'chats' | 'dashboard' | 'tickets' | 'feedback' | 'privacy') => void;
}

export function Header({ brand, session, presence, activeChats, connection, onStatus, onSignOut, onCanned, onHelp, view, onView }: HeaderProps) {
  const [permission, setPermission] = useState(notificationState);
  const max = presence.maxChats;
  return (
    <header class="topbar">
      <div class="brand">
        <span class="brand-mark small" aria-hidden="true">
          {brand.slice(0, 1)}
        </span>
        {brand}
      </div>
      {onView ? (
        <nav class="views" aria-label="Views">
          <button type="button" class="ghost" aria-pressed={view === 'chats' || view === 'canned'} onClick={() => onView('chats')}>
            Chats
          </button>
          <button type="button" class="ghost" aria-pressed={view === 'tickets'} onClick={() => onView('tickets')}>
            Tickets
          </button>
          <button type="button" class="ghost" aria-pressed={view === 'dashboard'} onClick={() => onView('dashboard')}>
            {isLead(session) ? 'Dashboard' : 'My numbers'}
          </button>
          <button type="button" class="ghost" aria-pressed={view === 'feedback'} onClick={() => onView('feedback')}>
            Feedback
          </button>
          {isAdmin(session) ? (
            <button type="button" class="ghost" aria-pressed={view === 'privacy'} onClick={() => onView('privacy')}>
              Privacy
            </button>
          ) : null}
        </nav>
      ) : null}
      {connection !== 'open' ? (
        <span class="connection" role="status">
          {connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </span>
      ) : null}
      <div class="agent">
        {permission === 'default' ? (
          <button type="button" class="ghost" aria-label="Enable notifications" title="Enable notifications (a sound and a browser notification for each new chat)" onClick={() => void askNotificationPermission().then(setPermission)}>
            Notifications
          </button>
        ) : null}
        {onCanned ? (
          <button type="button" class="ghost" onClick={onCanned}>
            Canned responses
          </button>
        ) : null}
        {onHelp ? (
          <button type="button" class="ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onHelp}>
            ?
          </button>
        ) : null}
        <span class="load" title="Active chats / maximum">
          Chats {activeChats}
          {max ? ` / ${max}` : ''}
        </span>
        <label class="presence">
          {/* Hollow while the server has not confirmed the choice: until then routing does not know it. */}
          <span class={`dot ${presence.status}${presence.pending ? ' pending' : ''}`} aria-hidden="true" />
          <select aria-label="Status" aria-busy={presence.pending ? 'true' : undefined} value={presence.status} onChange={(e) => onStatus(e.currentTarget.value as AgentStatus)}>
            {(Object.keys(STATUS_LABELS) as AgentStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          {presence.pending ? <span class="presence-pending">Confirming…</span> : null}
          {presence.refused ? (
            <span class="presence-refused" role="alert">
              {presence.refused}
            </span>
          ) : null}
        </label>
        <span class="avatar" aria-hidden="true">
          {initials(session.name)}
        </span>
        <span class="agent-name">{session.name}</span>
        <button type="button" class="ghost" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

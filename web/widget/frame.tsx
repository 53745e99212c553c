/**
 * The widget inside its iframe: the pre-chat form (or the offline form when nobody can chat),
 * then the conversation (queue position, the agent joining, typing, replies, per-message
 * sending/failed states), then the end: rating and surveys, transcript download, or the
 * offline form for a chat nobody took. Every string comes from the visitor's locale catalog.
 * It talks to the host page only through the checked postMessage channel in `host-channel`.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ChatThread } from '../sdk/chat-state';
import { loadRuntimeConfig } from '../sdk/config';
import type { ChatMessage, ChatSummary, RuntimeConfig } from '../sdk/types';
import { Composer } from '../shared/composer';
import { Files, FileTools } from '../shared/file-list';
import { MessageList } from '../shared/message-list';
import { useTypingVisible } from '../shared/use-typing-visible';
import { createStore, type KeyValueStore } from '../shared/storage';
import { DEFAULT_PRE_CHAT, type DepartmentAvailability, offlineReason } from './forms';
import { createHostChannel, type HostChannel } from './host-channel';
import { rememberIdentity } from './session';
import { chooseLocale, loadTranslator, type T } from './locale';
import { later } from './later';
import { useVisitorChat, type StartChatInput, type VisitorChat } from './use-visitor-chat';
import { Welcome } from './welcome';

// Chunks fetched when first shown: no first paint needs them (web/widget/later.tsx).
const Feedback = later(() => import('./feedback').then((m) => m.Feedback));
const OfflineForm = later(() => import('./offline-form').then((m) => m.OfflineForm));

const OPEN_KEY = 'parley.open';
const ENDED = ['closed', 'missed', 'offline'];

interface WidgetProps {
  readonly config: RuntimeConfig;
  readonly store: KeyValueStore;
  readonly host: HostChannel;
  readonly t: T;
  readonly locale: string;
}

function Widget({ config, store, host, t, locale }: WidgetProps) {
  const chat = useVisitorChat(config, store, host.page);
  const settings = config.widget ?? { preChat: DEFAULT_PRE_CHAT, rating: true, surveys: { csat: false, nps: false, ces: false } };
  const [visible, setVisible] = useState(() => !host.embedded || store.get<boolean>(OPEN_KEY) === true);
  const [error, setError] = useState<string>();
  const [draft, setDraft] = useState<StartChatInput>();
  const [availability, setAvailability] = useState<DepartmentAvailability[]>();
  const unread = chat.thread?.unread ?? 0;
  const idle = !chat.thread && !chat.starting && !chat.resuming;

  useEffect(
    () =>
      host.onShown((open) => {
        setVisible(open);
        store.set(OPEN_KEY, open);
        // The loader focuses the frame; put the caret where the visitor will type.
        if (open) document.querySelector<HTMLElement>('textarea:enabled, input:enabled, select:enabled, button.primary:enabled')?.focus();
      }),
    [],
  );
  // Escape minimizes the panel (the loader then puts focus back on the launcher), as a dialog would.
  useEffect(() => {
    if (!host.embedded) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) host.minimize();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  // Every page load counts once (visitors: the first of the UTC day); conversions the host page
  // reports arrive only after `ready`, so the listener is in place before it is sent.
  useEffect(() => {
    chat.countVisit().catch((e: unknown) => console.error('Parley:', e instanceof Error ? e.message : e));
    host.onConversion(({ value, ...options }) => chat.trackConversion(value, options).catch((e: unknown) => console.error(e instanceof Error ? e.message : e)));
  }, []);
  useEffect(() => host.ready(config.branding, store.get<boolean>(OPEN_KEY) === true, { open: t('launcher.open'), minimize: t('minimize'), title: t('frame.title') }), []);
  useEffect(() => {
    if (visible && unread > 0) chat.markRead();
    host.unread(visible ? 0 : unread, unread > 0 ? t('launcher.unread', { count: unread }) : t('launcher.open'));
  }, [visible, unread]);
  useEffect(() => {
    if (idle) void chat.availability().then(setAvailability);
  }, [idle]);

  const fail = (e: unknown) => setError(e instanceof Error ? e.message : t('error.generic'));
  const onlyDepartment = config.departments.length === 1 ? config.departments[0]?.id : undefined;
  const closedReason = offlineReason(availability, onlyDepartment);
  return (
    <div class="widget">
      <header class="head">
        <div>
          <h1>{config.branding.name}</h1>
          <p class="sub">{subtitle(t, chat.thread, idle && closedReason !== undefined)}</p>
        </div>
        {host.embedded ? (
          <button type="button" class="icon" aria-label={t('minimize')} onClick={() => host.minimize()}>
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" aria-hidden="true"><path d="M6 9l6 6 6-6" /></svg>
          </button>
        ) : null}
      </header>
      {chat.connection === 'reconnecting' ? <p class="banner" role="status">{t('reconnecting')}</p> : null}
      {error ? <p class="banner error" role="alert">{error}</p> : null}
      {!idle ? (
        <Conversation chat={chat} config={config} settings={settings} t={t} locale={locale} onError={fail} />
      ) : closedReason ? (
        <OfflineForm t={t} reason={closedReason} departments={config.departments} onSend={chat.leaveMessage} />
      ) : (
        <Welcome
          t={t}
          departments={config.departments}
          preChat={settings.preChat}
          availability={availability}
          draft={draft}
          onStart={(input) => {
            setError(undefined);
            setDraft(input);
            chat.start(input).then(() => setDraft(undefined), fail);
          }}
        />
      )}
    </div>
  );
}

/** Why the offline form shows for an ended chat: the server's reason for an `offline` one, else it was missed. */
function offlineFormReason(reason: ChatSummary['offlineReason']): 'hours' | 'nobody' | 'missed' {
  if (reason === 'outside-hours') return 'hours';
  return reason === 'no-agents' ? 'nobody' : 'missed';
}

function subtitle(t: T, thread: ChatThread | undefined, offline: boolean): string {
  const status = thread?.chat?.status;
  if (status === 'assigned') return t('sub.assigned', { name: thread?.chat?.agentName ?? t('ourTeam') });
  if (status && ENDED.includes(status)) return t('sub.ended');
  return offline ? t('sub.offline') : t('sub.default');
}

function QueueStatus({ t, thread }: { t: T; thread: ChatThread | undefined }) {
  const queue = thread?.queue;
  if (!queue) return <>{t('waiting')}</>;
  const ahead = queue.position - 1;
  const wait = queue.estimatedWaitSeconds;
  return (
    <span class="queue" data-position={queue.position}>
      {ahead <= 0 ? t('queue.next') : t('queue.ahead', { count: ahead })}{' '}
      {wait === null ? '' : wait < 60 ? t('queue.waitShort') : t('queue.wait', { count: Math.round(wait / 60) })}
    </span>
  );
}

interface ConversationProps {
  readonly chat: VisitorChat;
  readonly config: RuntimeConfig;
  readonly settings: RuntimeConfig['widget'];
  readonly t: T;
  readonly locale: string;
  readonly onError: (e: unknown) => void;
}

function Conversation({ chat, config, settings, t, locale, onError }: ConversationProps) {
  const thread = chat.thread;
  const files = chat.files;
  const typing = useTypingVisible(thread);
  const status = thread?.chat?.status;
  const ended = status !== undefined && ENDED.includes(status);
  const agent = thread?.chat?.agentName ?? t('theAgent');
  const messages = thread?.messages ?? [];
  const pending = chat.starting ? [{ chatId: '', clientMessageId: 'starting', text: chat.starting, queuedAt: 0 }] : chat.pending;
  // The transcript export is a chunk, fetched as the conversation shows (so the click downloads at once).
  const [transcript, setTranscript] = useState<typeof import('./transcript')>();
  useEffect(() => void import('./transcript').then(setTranscript), []);
  const download =
    messages.length > 0 && transcript ? (
      <button type="button" class="link" onClick={() => transcript.downloadTranscript(messages, config.branding.name, t, locale)}>
        {t('download')}
      </button>
    ) : null;
  return (
    <>
      <MessageList
        messages={messages}
        pending={pending}
        self="visitor"
        locale={locale}
        label={t('conversation')}
        labels={{ sending: t('sending'), failed: t('failed'), retry: t('retry') }}
        onRetry={chat.retry}
        files={files ? (m) => <Files message={m} resolve={files.url} /> : undefined}
      />
      <p class="note" role="status">
        {ended || chat.resuming ? '' : status === 'assigned' ? (typing ? t('typing', { name: agent }) : '') : <QueueStatus t={t} thread={thread} />}
      </p>
      {ended ? (
        <div class="ended">
          {status === 'closed' ? (
            <>
              <p>{t('ended.closed')}</p>
              <Feedback t={t} settings={settings} answered={chat.answered} onAnswer={chat.giveFeedback} onSkip={chat.skipFeedback} />
            </>
          ) : thread?.chat?.ticketId ? (
            // The server made the offline chat a ticket at once (it had the visitor's email).
            <div class="offline sent" role="status">
              <p>{t('offline.sent', { email: thread.chat.visitorEmail ?? '' })}</p>
            </div>
          ) : (
            <OfflineForm t={t} reason={offlineFormReason(thread?.chat?.offlineReason)} departments={config.departments} initial={{ message: messages.find((m) => m.senderRole === 'visitor')?.text ?? '' }} onSend={chat.leaveMessage} />
          )}
          <div class="actions">
            {download}
            <button type="button" class="primary" onClick={chat.startOver}>
              {t('startOver')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <Composer label={t('composer.label')} placeholder={t('composer.placeholder')} sendLabel={t('send')} disabled={!thread} onSend={chat.send} onTyping={chat.typing} preview
            tools={chat.files ? <FileTools files={chat.files} t={t} label={t('file.attach')} disabled={!thread} /> : null} />
          <div class="actions links">
            {download}
            <button type="button" class="link" onClick={() => chat.leave().catch(onError)} disabled={!thread}>
              {t('endChat')}
            </button>
          </div>
        </>
      )}
    </>
  );
}

async function start(root: HTMLElement): Promise<void> {
  const host = createHostChannel(window);
  const wanted = chooseLocale(location.hash, navigator.languages ?? [navigator.language]);
  const [{ t, locale }, loaded] = await Promise.all([loadTranslator(wanted, location.href), loadRuntimeConfig(new URL('../config.json', location.href).href).catch(() => undefined)]);
  document.documentElement.lang = locale;
  document.title = t('frame.title');
  try {
    const config = loaded ?? (await loadRuntimeConfig(new URL('../config.json', location.href).href));
    document.documentElement.style.setProperty('--brand', config.branding.color);
    root.textContent = '';
    const store = createStore(() => localStorage);
    // A different logged-in user on the host page: start over as them (their own contact).
    host.onIdentify((identity) => {
      if (rememberIdentity(store, identity)) location.reload();
    });
    render(<Widget config={config} store={store} host={host} t={t} locale={locale} />, root);
  } catch {
    root.textContent = t('unavailable');
  }
}

const root = document.getElementById('app');
if (root) void start(root);

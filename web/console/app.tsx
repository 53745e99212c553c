import type { ComponentType } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ChatThread, threadList } from '../sdk/chat-state';
import type { RuntimeConfig } from '../sdk/types';
import type { KeyValueStore } from '../shared/storage';
import { isAdmin, isLead, savedSession, saveSession, type Session } from './auth';
import { CannedManager } from './canned-manager';
import { ChatList } from './chat-list';
import { type ChatControls, ChatView } from './chat-view';
import { CustomerDetails } from './customer-details';
import { Header } from './header';
import { Offers } from './offers';
import { type Command, KeyboardHelp, useShortcuts } from './keyboard';
import { useConsoleData } from './use-console-data';
import { SignIn } from './sign-in';
import { t } from './strings';
import { SlaAlerts } from './sla-alerts';
import { TicketsView } from './tickets-view';
import { FeedbackView } from './feedback-view';
import { eraseContact, exportContact, lookupContacts } from './privacy-api';
import { PrivacyView } from './privacy-view';
import { type Presence, useWorkspace } from './use-workspace';
import type { DashboardProps } from './dashboard';

/** The dashboard chunk (uPlot included), fetched the first time someone opens it. */
let dashboardModule: Promise<ComponentType<DashboardProps>> | undefined;
const loadDashboard = () => (dashboardModule ??= import('./dashboard').then((m) => m.default));

function LazyDashboard(props: DashboardProps) {
  const [Loaded, setLoaded] = useState<ComponentType<DashboardProps> | undefined>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadDashboard().then(
      (c) => setLoaded(() => c),
      () => {
        dashboardModule = undefined;
        setFailed(true);
      },
    );
  }, []);
  if (Loaded) return <Loaded {...props} />;
  return (
    <section class="dashboard">
      <p class={failed ? 'dash-error' : 'muted'} role={failed ? 'alert' : undefined}>
        {failed ? 'The dashboard could not be loaded. Check your connection and reopen it.' : 'Loading the dashboard…'}
      </p>
    </section>
  );
}

export function App({ config, store }: { config: RuntimeConfig; store: KeyValueStore }) {
  const [session, setSession] = useState(() => savedSession(store, Date.now()));
  const change = (next: Session | undefined) => {
    saveSession(store, next);
    setSession(next);
  };
  return session ? (
    <Console key={session.idToken} config={config} store={store} session={session} onSignOut={() => change(undefined)} />
  ) : (
    <SignIn config={config} onSignedIn={change} />
  );
}

interface ConsoleProps {
  readonly config: RuntimeConfig;
  readonly store: KeyValueStore;
  readonly session: Session;
  readonly onSignOut: () => void;
}

/**
 * Chats this agent holds or held: one transferred away (now another's, or back in a queue) leaves
 * the list. A supervisor also sees the open chats an SLA alert told them about.
 */
function isMine(thread: ChatThread, userId: string, lead: boolean): boolean {
  const chat = thread.chat;
  if (!chat) return true;
  if (lead && chat.slaBreach && chat.status !== 'closed') return true;
  if (chat.status === 'closed' || chat.status === 'missed') return true;
  return chat.status === 'assigned' && chat.agentId === userId;
}

/** Whose chat a supervisor is looking at, when it is not their own (opened from an SLA alert). */
function observedBy(thread: ChatThread, userId: string): string | undefined {
  const chat = thread.chat;
  if (!chat || chat.status === 'closed' || chat.status === 'missed' || chat.agentId === userId) return undefined;
  return chat.agentId ? t('observing.agent', { name: chat.agentName ?? chat.agentId }) : t('observing.queue');
}

function Console({ config, store, session, onSignOut }: ConsoleProps) {
  const ws = useWorkspace(config, session, store, onSignOut);
  const data = useConsoleData(ws);
  const [view, setView] = useState<'chats' | 'canned' | 'dashboard' | 'tickets' | 'feedback' | 'privacy'>('chats');
  const [help, setHelp] = useState(false);
  const controls = useRef<ChatControls>(null);
  const threads = Object.fromEntries(Object.entries(ws.chats.threads).filter(([, thread]) => isMine(thread, session.userId, isLead(session))));
  const chats = { ...ws.chats, threads };
  const selected = ws.selectedId ? threads[ws.selectedId] : undefined;
  // Counted from the chats this console holds: `status` frames are only pushed on a presence
  // change, so their count goes stale when a chat closes.
  const active = Object.values(threads).filter((t) => t.chat?.status === 'assigned' && t.chat.agentId === session.userId).length;
  const unread = Object.values(threads).reduce((sum, t) => sum + t.unread, 0);
  // The tab title carries the unread count, for agents working in another tab.
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${config.branding.name} · Console`;
  }, [unread]);
  const order = threadList(chats).map((thread) => thread.chatId);
  const run = useCallback(
    (command: Command) => {
      if (command === 'help') return setHelp((shown) => !shown);
      if (command === 'nextChat' || command === 'previousChat') {
        const at = ws.selectedId ? order.indexOf(ws.selectedId) : -1;
        const next = order[command === 'nextChat' ? Math.min(order.length - 1, at + 1) : Math.max(0, at - 1)];
        setView('chats');
        if (next) ws.select(next);
        return;
      }
      controls.current?.[command]();
    },
    [order.join(','), ws.selectedId],
  );
  useShortcuts(run);
  const departmentName = (id: string) => config.departments.find((d) => d.id === id)?.name ?? id;
  return (
    <div class="console">
      <Header
        brand={config.branding.name}
        session={session}
        presence={ws.presence}
        activeChats={active}
        connection={ws.connection}
        onStatus={(status) => void ws.setStatus(status).catch(() => undefined)}
        onSignOut={() => void ws.signOut().then(onSignOut)}
        onCanned={() => setView(view === 'canned' ? 'chats' : 'canned')}
        onHelp={() => setHelp(true)}
        view={view}
        onView={setView}
      />
      <SlaAlerts
        alerts={ws.alerts}
        departmentName={departmentName}
        onOpen={(chatId) => {
          setView('chats');
          ws.select(chatId);
        }}
        onDismiss={ws.dismissAlert}
      />
      <Offers
        offers={ws.offers}
        departmentName={(id) => config.departments.find((d) => d.id === id)?.name}
        onAccept={ws.accept}
        onDecline={ws.decline}
      />
      {view === 'dashboard' ? (
        <LazyDashboard config={config} session={session} live={ws.live} />
      ) : (
        <>
          <ChatList chats={chats} selectedId={ws.selectedId} targetSeconds={config.firstResponseTargetSeconds} onSelect={(chatId) => {
            setView('chats');
            ws.select(chatId);
          }} />
          {view === 'privacy' ? (
            <PrivacyView
              lookup={(by, value) => lookupContacts({ config, session }, by, value)}
              exportContact={(visitorId) => exportContact({ config, session }, visitorId)}
              erase={(visitorId) => eraseContact({ config, session }, visitorId)}
              onBack={() => setView('chats')}
            />
          ) : view === 'feedback' ? (
            <FeedbackView
              send={async (draft) => (await ws.request({ action: 'sendTeamFeedback', ...draft })).feedback}
              {...(isAdmin(session) ? { load: async () => (await ws.request({ action: 'listTeamFeedback' })).feedback } : {})}
              onBack={() => setView('chats')}
            />
          ) : view === 'tickets' ? (
            <TicketsView
              load={async (status) => (await ws.request({ action: 'listTickets', status })).tickets}
              setStatus={async (ticketId, status) => (await ws.request({ action: 'setTicketStatus', ticketId, status })).ticket}
              departmentName={departmentName}
              onBack={() => setView('chats')}
            />
          ) : view === 'canned' ? (
            <CannedManager
              canned={data.canned}
              canShare={isLead(session)}
              onBack={() => setView('chats')}
              onSave={async (draft) => {
                await ws.request({ action: 'saveCanned', ...draft });
                data.reload();
              }}
              onDelete={async (item) => {
                await ws.request({ action: 'deleteCanned', cannedId: item.cannedId, scope: item.scope });
                data.reload();
              }}
            />
          ) : selected ? (
            <>
              <ChatView
                key={selected.chatId}
                observing={observedBy(selected, session.userId)}
                departmentName={config.departments.find((d) => d.id === selected.chat?.department)?.name}
                thread={selected}
                outbox={ws.outbox}
                canned={data.canned}
                tagChoices={data.tagChoices}
                draft={ws.drafts.get(selected.chatId) ?? ''}
                scrollTop={ws.scrolls.get(selected.chatId)}
                controls={controls}
                onDraft={(text) => ws.drafts.set(selected.chatId, text)}
                onScrollTop={(top) => ws.scrolls.set(selected.chatId, top)}
                onSend={(text, cannedId) => (cannedId ? ws.sendCanned(selected.chatId, text, cannedId) : ws.send(selected.chatId, text))}
                files={{
                  limits: config.widget.attachments,
                  ports: { requestUpload: (file) => ws.request({ action: 'requestUpload', chatId: selected.chatId, ...file }) },
                  url: (seq, attachmentId) => ws.request({ action: 'getAttachment', chatId: selected.chatId, seq, attachmentId }),
                  send: (attachment) => ws.sendFile(selected.chatId, attachment),
                }}
                onTyping={(isTyping) => ws.typing(selected.chatId, isTyping)}
                onNote={(text) => ws.addNote(selected.chatId, text)}
                onClose={(outcome) => ws.close(selected.chatId, outcome)}
                onBlock={() => ws.blockVisitor(selected.chatId)}
                onTags={async (tags) => {
                  await ws.request({ action: 'setTags', chatId: selected.chatId, tags });
                  data.reload();
                }}
                fillCanned={(shortcut) => ws.request({ action: 'fillCanned', chatId: selected.chatId, shortcut })}
                loadTargets={() => ws.request({ action: 'listTransferTargets' })}
                onTransfer={async (to, reason) => {
                  await ws.request({ action: 'transferChat', chatId: selected.chatId, reason, ...to });
                }}
              />
              <CustomerDetails
                thread={selected}
                departments={config.departments}
                loadContact={(chatId) => ws.request({ action: 'getContact', chatId })}
                loadHistory={(chatId, viaChatId) => ws.request({ action: 'readHistory', chatId, viaChatId })}
                fileUrl={(chatId, viaChatId, seq, attachmentId) => ws.request({ action: 'getAttachment', chatId, viaChatId, seq, attachmentId })}
              />
            </>
          ) : (
            <section class="chat-view empty-state">
              <EmptyState presence={ws.presence} />
            </section>
          )}
        </>
      )}
      {help ? <KeyboardHelp onClose={() => setHelp(false)} /> : null}
    </div>
  );
}

/** What the empty chat area says: an Online the server has not confirmed yet gets no chats, so it does not say "waiting". */
function EmptyState({ presence }: { presence: Presence }) {
  const [title, hint] =
    presence.status !== 'online'
      ? ['You are not online', 'Set your status to Online to start receiving chats.']
      : presence.pending
        ? ['Going online…', 'Chats are offered to you once the server confirms your status.']
        : ['Waiting for the next chat', 'New chats appear on the left as visitors ask.'];
  return (
    <>
      <h2>{title}</h2>
      <p class="muted">{hint}</p>
    </>
  );
}

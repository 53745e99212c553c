import { useEffect, useState } from 'preact/hooks';
import type { RuntimeConfig } from '../sdk/types';
import type { KeyValueStore } from '../shared/storage';
import { savedSession, saveSession, type Session } from './auth';
import { ChatList } from './chat-list';
import { ChatView } from './chat-view';
import { CustomerDetails } from './customer-details';
import { Header } from './header';
import { Offers } from './offers';
import { SignIn } from './sign-in';
import { useWorkspace } from './use-workspace';

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

function Console({ config, store, session, onSignOut }: ConsoleProps) {
  const ws = useWorkspace(config, session, store, onSignOut);
  const selected = ws.selectedId ? ws.chats.threads[ws.selectedId] : undefined;
  // Counted from the chats this console holds: `status` frames are only pushed on a presence
  // change, so their count goes stale when a chat closes.
  const active = Object.values(ws.chats.threads).filter((t) => t.chat?.status === 'assigned').length;
  const unread = Object.values(ws.chats.threads).reduce((sum, t) => sum + t.unread, 0);
  // The tab title carries the unread count, for agents working in another tab.
  useEffect(() => {
    document.title = `${unread > 0 ? `(${unread}) ` : ''}${config.branding.name} · Console`;
  }, [unread]);
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
      />
      <Offers
        offers={ws.offers}
        departmentName={(id) => config.departments.find((d) => d.id === id)?.name}
        onAccept={ws.accept}
        onDecline={ws.decline}
      />
      <ChatList chats={ws.chats} selectedId={ws.selectedId} targetSeconds={config.firstResponseTargetSeconds} onSelect={ws.select} />
      {selected ? (
        <>
          <ChatView
            key={selected.chatId}
            departmentName={config.departments.find((d) => d.id === selected.chat?.department)?.name}
            thread={selected}
            outbox={ws.outbox}
            onSend={(text) => ws.send(selected.chatId, text)}
            onTyping={(isTyping) => ws.typing(selected.chatId, isTyping)}
            onNote={(text) => ws.addNote(selected.chatId, text)}
            onClose={(outcome) => ws.close(selected.chatId, outcome)}
            onBlock={() => ws.blockVisitor(selected.chatId)}
          />
          <CustomerDetails thread={selected} departments={config.departments} />
        </>
      ) : (
        <section class="chat-view empty-state">
          <h2>{ws.presence.status === 'online' ? 'Waiting for the next chat' : 'You are not online'}</h2>
          <p class="muted">{ws.presence.status === 'online' ? 'New chats appear on the left as visitors ask.' : 'Set your status to Online to start receiving chats.'}</p>
        </section>
      )}
    </div>
  );
}

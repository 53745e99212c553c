/**
 * The widget inside its iframe: a welcome form for the first question, then the conversation
 * (waiting for an agent, the agent joining, typing, replies), then the ended state. It talks
 * to the host page only through the checked postMessage channel in `host-channel`.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ChatThread } from '../sdk/chat-state';
import { loadRuntimeConfig } from '../sdk/config';
import type { RuntimeConfig } from '../sdk/types';
import { Composer } from '../shared/composer';
import { MessageList } from '../shared/message-list';
import { useTypingVisible } from '../shared/use-typing-visible';
import { createStore, type KeyValueStore } from '../shared/storage';
import { createHostChannel, type HostChannel } from './host-channel';
import { useVisitorChat, type StartChatInput, type VisitorChat } from './use-visitor-chat';
import { Welcome } from './welcome';

const OPEN_KEY = 'parley.open';

function Widget({ config, store, host }: { config: RuntimeConfig; store: KeyValueStore; host: HostChannel }) {
  const chat = useVisitorChat(config, store, host.page);
  const [visible, setVisible] = useState(() => !host.embedded || store.get<boolean>(OPEN_KEY) === true);
  const [error, setError] = useState<string>();
  const [draft, setDraft] = useState<StartChatInput>();
  const unread = chat.thread?.unread ?? 0;

  useEffect(
    () =>
      host.onShown((open) => {
        setVisible(open);
        store.set(OPEN_KEY, open);
        // The loader focuses the frame; put the caret where the visitor will type.
        if (open) document.querySelector('textarea')?.focus();
      }),
    [],
  );
  useEffect(() => host.ready(config.branding, store.get<boolean>(OPEN_KEY) === true), []);
  useEffect(() => {
    if (visible && unread > 0) chat.markRead();
    host.unread(visible ? 0 : unread);
  }, [visible, unread]);

  const fail = (e: unknown) => setError(e instanceof Error ? e.message : 'Something went wrong. Please try again.');
  return (
    <div class="widget">
      <header class="head">
        <div>
          <h1>{config.branding.name}</h1>
          <p class="sub">{subtitle(chat.thread)}</p>
        </div>
        {host.embedded ? (
          <button type="button" class="icon" aria-label="Minimize chat" onClick={() => host.minimize()}>
            <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" aria-hidden="true"><path d="M6 9l6 6 6-6" /></svg>
          </button>
        ) : null}
      </header>
      {chat.connection === 'reconnecting' ? <p class="banner" role="status">Reconnecting…</p> : null}
      {error ? <p class="banner error" role="alert">{error}</p> : null}
      {chat.thread || chat.starting ? (
        <Conversation chat={chat} onError={fail} />
      ) : (
        <Welcome
          departments={config.departments}
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

function subtitle(thread: ChatThread | undefined): string {
  const status = thread?.chat?.status;
  if (status === 'assigned') return `You are chatting with ${thread?.chat?.agentName ?? 'our team'}`;
  if (status === 'closed' || status === 'missed' || status === 'offline') return 'Conversation ended';
  return 'We usually reply in a few minutes';
}


function Conversation({ chat, onError }: { chat: VisitorChat; onError: (e: unknown) => void }) {
  const thread = chat.thread;
  const typing = useTypingVisible(thread);
  const status = thread?.chat?.status;
  const ended = status === 'closed' || status === 'missed' || status === 'offline';
  const agent = thread?.chat?.agentName ?? 'The agent';
  const pending = chat.starting ? [{ chatId: '', clientMessageId: 'starting', text: chat.starting, queuedAt: 0 }] : chat.outbox;
  return (
    <>
      <MessageList messages={thread?.messages ?? []} pending={pending} self="visitor" label="Conversation" />
      <p class="note" role="status">
        {ended ? '' : status === 'assigned' ? (typing ? `${agent} is typing…` : '') : 'Waiting for an agent…'}
      </p>
      {ended ? (
        <div class="ended">
          <p>{status === 'closed' ? 'This chat has ended. Thanks for reaching out!' : 'No agent could take this chat right now. We have your message.'}</p>
          <button type="button" class="primary" onClick={chat.startOver}>Start a new chat</button>
        </div>
      ) : (
        <>
          <Composer label="Message" placeholder="Write a message…" disabled={!thread} onSend={(text) => chat.send(text).catch(onError)} onTyping={chat.typing} preview />
          <button type="button" class="link" onClick={() => chat.leave().catch(onError)} disabled={!thread}>End chat</button>
        </>
      )}
    </>
  );
}

async function start(root: HTMLElement): Promise<void> {
  const host = createHostChannel(window);
  try {
    const config = await loadRuntimeConfig(new URL('../config.json', location.href).href);
    document.documentElement.style.setProperty('--brand', config.branding.color);
    root.textContent = '';
    render(<Widget config={config} store={createStore(() => localStorage)} host={host} />, root);
  } catch {
    root.textContent = 'Chat is unavailable right now. Please try again later.';
  }
}

const root = document.getElementById('app');
if (root) void start(root);

/**
 * The agent's chats, newest first: who, the last line, unread count and how long the visitor
 * has been waiting for an agent's answer: green, amber as the first-response target nears
 * (from 75% of it), red past it or once the server reported an SLA breach for the chat.
 */
import { threadList, type ChatState, type ChatThread } from '../sdk/chat-state';
import { shortDuration } from '../shared/format';
import { isUrgent } from '../../functions/domain/routing';
import { useNow } from '../shared/use-now';
import { t } from './strings';

/** The share of the target after which the wait badge turns amber. */
const NEAR = 0.75;

export interface ChatListProps {
  readonly chats: ChatState;
  readonly selectedId: string | undefined;
  readonly targetSeconds: number;
  readonly onSelect: (chatId: string) => void;
}

/** Since when the visitor waits for an agent: from their latest message after the agent's last reply. */
function waitingSince(thread: ChatThread): number | undefined {
  if (thread.chat?.status === 'closed') return undefined;
  const lastAgent = thread.messages.findLast((m) => m.senderRole === 'agent');
  const firstUnanswered = thread.messages.find((m) => m.senderRole === 'visitor' && (!lastAgent || m.seq > lastAgent.seq));
  return firstUnanswered?.createdAt ?? (thread.messages.length === 0 ? thread.chat?.createdAt : undefined);
}

export function ChatList({ chats, selectedId, targetSeconds, onSelect }: ChatListProps) {
  const now = useNow(1000);
  const threads = threadList(chats);
  return (
    <nav class="chat-list" aria-label="Chats">
      <h2>Conversations</h2>
      {threads.length === 0 ? <p class="empty">No open chats right now.</p> : null}
      <ul>
        {threads.map((thread) => {
          const since = waitingSince(thread);
          const waited = since === undefined ? 0 : now - since;
          const breach = thread.chat?.status !== 'closed' ? thread.chat?.slaBreach : undefined;
          const level = breach || waited > targetSeconds * 1000 ? 'late' : waited > NEAR * targetSeconds * 1000 ? 'near' : '';
          const last = thread.messages.at(-1);
          const name = thread.chat?.visitorName || 'Visitor';
          return (
            <li key={thread.chatId}>
              <button
                type="button"
                class={`chat-item ${thread.chatId === selectedId ? 'selected' : ''} ${thread.chat?.status ?? ''}`}
                aria-current={thread.chatId === selectedId ? 'true' : undefined}
                aria-label={`${name}${thread.unread ? `, ${thread.unread} unread` : ''}`}
                onClick={() => onSelect(thread.chatId)}
              >
                <span class="row">
                  <strong>{name}</strong>
                  {thread.chat && thread.chat.status !== 'closed' && isUrgent(thread.chat) ? <span class="badge urgent">{t('urgent')}</span> : null}
                  {breach ? (
                    <span class="badge sla" title={t('sla.badge', { target: t(`sla.target.${breach.target}`) })}>
                      SLA
                    </span>
                  ) : null}
                  {since !== undefined ? (
                    <span class={`badge wait ${level}`} title="Waiting for a reply">
                      {shortDuration(waited)}
                    </span>
                  ) : (
                    <span class="badge state">{thread.chat?.status === 'closed' ? 'Closed' : ''}</span>
                  )}
                </span>
                <span class="row">
                  <span class="preview">{last ? `${last.senderRole === 'agent' ? 'You: ' : ''}${last.text || last.attachments?.map((a) => a.name).join(', ') || ''}` : 'New chat'}</span>
                  {thread.unread > 0 ? <span class="badge unread">{thread.unread}</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

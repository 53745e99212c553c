import type { ChatThread } from '../sdk/chat-state';
import type { RuntimeConfig } from '../sdk/types';
import { clockTime } from '../shared/format';

export function CustomerDetails({ thread, departments }: { thread: ChatThread; departments: RuntimeConfig['departments'] }) {
  const chat = thread.chat;
  const page = chat?.page;
  return (
    <aside class="details" aria-label="Customer details">
      <h2>Customer</h2>
      <dl>
        <dt>Name</dt>
        <dd>{chat?.visitorName || 'Not given'}</dd>
        <dt>Email</dt>
        <dd>{chat?.visitorEmail ? <a href={`mailto:${chat.visitorEmail}`}>{chat.visitorEmail}</a> : 'Not given'}</dd>
        <dt>Page</dt>
        <dd class="url">{page?.url ? <a href={page.url} target="_blank" rel="noopener noreferrer">{page.title || page.url}</a> : 'Unknown'}</dd>
        {chat?.department ? (
          <>
            <dt>Department</dt>
            <dd>{departments.find((d) => d.id === chat.department)?.name ?? chat.department}</dd>
          </>
        ) : null}
        {chat ? (
          <>
            <dt>Started</dt>
            <dd>{clockTime(chat.createdAt)}</dd>
          </>
        ) : null}
        {page?.locale ? (
          <>
            <dt>Language</dt>
            <dd>{page.locale}</dd>
          </>
        ) : null}
      </dl>
    </aside>
  );
}

import type { RuntimeConfig } from '../sdk/types';
import type { StartChatInput } from './use-visitor-chat';

export interface WelcomeProps {
  readonly departments: RuntimeConfig['departments'];
  /** What the visitor typed before a failed start, so they need not type it again. */
  readonly draft: StartChatInput | undefined;
  readonly onStart: (input: StartChatInput) => void;
}

/** The first screen: a question (required), and a name and email if the visitor wants to. */
export function Welcome({ departments, draft, onStart }: WelcomeProps) {
  return (
    <form
      class="welcome"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        const field = (name: string) => String(data.get(name) ?? '').trim();
        if (field('text')) onStart({ text: field('text'), name: field('name'), email: field('email'), department: field('department') });
      }}
    >
      <p class="greeting">
        <strong>Hi there!</strong>
        <br />
        Ask us anything: we are here to help.
      </p>
      <label>
        Your question
        <textarea name="text" rows={3} required defaultValue={draft?.text} maxLength={4000} placeholder="How can we help?" />
      </label>
      <div class="pair">
        <label>
          <span>
            Name <span class="optional">(optional)</span>
          </span>
          <input name="name" autocomplete="name" maxLength={128} defaultValue={draft?.name} />
        </label>
        <label>
          <span>
            Email <span class="optional">(optional)</span>
          </span>
          <input name="email" type="email" autocomplete="email" maxLength={254} defaultValue={draft?.email} />
        </label>
      </div>
      {departments.length > 1 ? (
        <label>
          Topic
          <select name="department" defaultValue={draft?.department}>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit" class="primary">
        Start chat
      </button>
    </form>
  );
}

import { useState } from 'preact/hooks';
import type { RuntimeConfig } from '../sdk/types';
import { signIn, SignInError, type Session } from './auth';
import { FormError } from './form-error';

export function SignIn({ config, onSignedIn }: { config: RuntimeConfig; onSignedIn: (session: Session) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(config, String(data.get('username') ?? '').trim(), String(data.get('password') ?? '')));
    } catch (e) {
      setError(e instanceof SignInError ? e.message : 'Something went wrong while signing in. Please try again.');
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form
        class="card"
        aria-labelledby="sign-in-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(event.currentTarget);
        }}
      >
        <div class="brand-mark" aria-hidden="true">
          {config.branding.name.slice(0, 1)}
        </div>
        <h1 id="sign-in-title">Sign in to {config.branding.name}</h1>
        <p class="muted">Answer your customers in real time.</p>
        <label>
          Email
          <input name="username" type="email" autocomplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <FormError error={error} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}

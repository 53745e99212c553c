/**
 * The admin privacy API as the console calls it (docs/api.md, "Contacts"): lookup, export as a
 * file download, and erasure repeated while the server answers 202 (it works in bounded steps).
 * `fetchFn` and `sleep` are injected so the erase loop is tested without a browser or timers.
 */
import type { ContactLookupResponse, ContactSummary, ErasureRecord } from '../../functions/contracts/contacts';
import type { RuntimeConfig } from '../sdk/types';
import type { Session } from './auth';

export type LookupBy = 'email' | 'visitorId' | 'userId';

export class PrivacyError extends Error {
  override readonly name = 'PrivacyError';
}

/** Most rounds an erasure is asked for before the console gives up (each round works up to 6 s). */
export const MAX_ERASE_ROUNDS = 50;

interface Deps {
  config: Pick<RuntimeConfig, 'httpUrl'>;
  session: Pick<Session, 'idToken'>;
  fetchFn?: typeof fetch;
}

async function call(deps: Deps, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await (deps.fetchFn ?? fetch)(`${deps.config.httpUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${deps.session.idToken}` },
  });
  if (res.ok) return res;
  const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  throw new PrivacyError(body.error?.message ?? `The request failed (${res.status}).`);
}

export async function lookupContacts(deps: Deps, by: LookupBy, value: string): Promise<ContactSummary[]> {
  const res = await call(deps, `/contacts?${new URLSearchParams({ [by]: value.trim() })}`);
  return ((await res.json()) as ContactLookupResponse).contacts;
}

/** The export document as text (pretty JSON), named for the contact. */
export async function exportContact(deps: Deps, visitorId: string): Promise<{ name: string; text: string }> {
  const res = await call(deps, `/contacts/export?${new URLSearchParams({ visitorId })}`);
  return { name: `parley-contact-${visitorId}.json`, text: JSON.stringify(await res.json(), null, 2) };
}

/** Erases the contact, asking again while the server says it is still running. */
export async function eraseContact(deps: Deps & { sleep?: (ms: number) => Promise<void> }, visitorId: string): Promise<ErasureRecord> {
  for (let round = 0; round < MAX_ERASE_ROUNDS; round++) {
    const res = await call(deps, '/contacts/erase', { method: 'POST', body: JSON.stringify({ visitorId }) });
    const record = (await res.json()) as ErasureRecord;
    if (record.status === 'done') return record;
    await (deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(250);
  }
  throw new PrivacyError('The erasure is still running; press Delete again to continue it.');
}

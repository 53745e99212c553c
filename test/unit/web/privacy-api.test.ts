import { describe, expect, it } from 'vitest';
import { eraseContact, lookupContacts, MAX_ERASE_ROUNDS } from '../../../web/console/privacy-api';

const record = (status: 'running' | 'done') => ({ visitorId: 'v1', status, requestedBy: 'u-ada', requestedAt: 1, updatedAt: 2, deleted: { chats: 1 } });

/** A fetch that answers each call with the next response and remembers the requests. */
function scripted(...responses: [number, unknown][]) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const [status, body] = responses[Math.min(calls.length - 1, responses.length - 1)] as [number, unknown];
    return new Response(JSON.stringify(body), { status });
  }) as typeof fetch;
  return { calls, deps: { config: { httpUrl: 'https://api.test' }, session: { idToken: 'token' }, fetchFn, sleep: async () => undefined } };
}

describe('console privacy API client', () => {
  it('asks for the erasure again while the server answers 202 running, and returns the done record', async () => {
    const { calls, deps } = scripted([202, record('running')], [202, record('running')], [200, record('done')]);

    const done = await eraseContact(deps, 'v1');

    expect(done.status).toBe('done');
    expect(calls).toHaveLength(3);
    expect(calls[0]?.init).toMatchObject({ method: 'POST', body: JSON.stringify({ visitorId: 'v1' }), headers: { authorization: 'Bearer token' } });
  });

  it('gives up after a bounded number of rounds with a message that says how to continue', async () => {
    const { calls, deps } = scripted([202, record('running')]);

    await expect(eraseContact(deps, 'v1')).rejects.toThrow('press Delete again to continue it');
    expect(calls).toHaveLength(MAX_ERASE_ROUNDS);
  });

  it('shows the server’s own error message (a 409 naming the open chats)', async () => {
    const { deps } = scripted([409, { error: { code: 'conflict', message: "Close the contact's open chats first (c1)" } }]);

    await expect(eraseContact(deps, 'v1')).rejects.toThrow("Close the contact's open chats first (c1)");
  });

  it('looks a contact up by the field chosen, trimmed and encoded', async () => {
    const { calls, deps } = scripted([200, { contacts: [] }]);

    await lookupContacts(deps, 'email', '  mia+x@example.com ');

    expect(calls[0]?.url).toBe('https://api.test/contacts?email=mia%2Bx%40example.com');
  });
});

/**
 * The admin privacy API (GDPR, docs/security.md "Contacts: export and erasure"): find a contact,
 * export everything stored about them, erase it. Admins only. Every export and erasure is
 * audited: a structured `audit` log line, and for an erasure the `ERASURE#` marker that also
 * makes it resumable (a cut-off or timed-out erasure is finished by asking again).
 */
import type { Caller } from '../contracts/auth';
import type { ContactExport, ContactLookup, ContactLookupResponse, ErasureRecord } from '../contracts/contacts';
import { blockSubjects } from '../domain/blocks';
import { isOpen } from '../domain/chat';
import { contactSummary } from '../domain/contacts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import type { Clock, ContactIds, ContactOverview, ContactStore } from './ports';

export interface PrivacyDeps {
  contacts: ContactStore;
  contactIds: ContactIds;
  clock: Clock;
  /** Where audit lines go (console.log in a Lambda: CloudWatch Logs). */
  audit: (line: Record<string, unknown>) => void;
}

/** Time an erasure request works before answering "still running" (the HTTP function's timeout is 10 s). */
export const ERASURE_BUDGET_MS = 6_000;

export function requireAdmin(caller: Caller): void {
  if (caller.role !== 'admin') throw new ForbiddenError('Contact export and erasure are for admins only', 'authorization');
}

/** Block subjects of a contact: their visitor id and, from the profile, a verified user id and last address. */
function subjectsOf(visitorId: string, found: ContactOverview | undefined): string[] {
  const profile = found?.profile ?? {};
  return blockSubjects({ visitorId, ...(profile.userId ? { userId: profile.userId } : {}), ...(profile.address ? { address: profile.address } : {}) });
}

export async function findContacts(deps: PrivacyDeps, caller: Caller, query: ContactLookup): Promise<ContactLookupResponse> {
  requireAdmin(caller);
  const ids = query.visitorId ? [query.visitorId] : query.userId ? [await deps.contactIds.visitorIdOf(query.userId)] : await deps.contacts.findByEmail(query.email ?? '');
  const contacts = await Promise.all(
    ids.map(async (visitorId) => {
      const [found, erasure] = await Promise.all([deps.contacts.overview(visitorId), deps.contacts.getErasure(visitorId)]);
      return found || erasure ? contactSummary(visitorId, found, erasure) : undefined;
    }),
  );
  return { contacts: contacts.filter((c) => c !== undefined) };
}

export async function exportContact(deps: PrivacyDeps, caller: Caller, visitorId: string): Promise<ContactExport> {
  requireAdmin(caller);
  const found = await deps.contacts.overview(visitorId);
  if (!found) throw new NotFoundError(`No data is stored for contact ${visitorId}`, 'visitorId');
  const data = await deps.contacts.readContact(visitorId, subjectsOf(visitorId, found));
  deps.audit({ audit: 'contact.exported', by: caller.userId, visitorId, chats: data.chats.length, tickets: data.tickets.length });
  return { format: 'parley.contact-export', version: 1, exportedAt: new Date(deps.clock.now()).toISOString(), ...data };
}

/**
 * Erases the contact step by step until nothing is left or the time budget is spent (then the
 * marker says `running` and the caller asks again). A contact with an open chat is refused:
 * close it first, so no agent's seat or routing state points at a deleted chat.
 */
export async function eraseContact(deps: PrivacyDeps, caller: Caller, visitorId: string): Promise<ErasureRecord> {
  requireAdmin(caller);
  const started = deps.clock.now();
  const found = await deps.contacts.overview(visitorId);
  const previous = await deps.contacts.getErasure(visitorId);
  if (!found && !previous) throw new NotFoundError(`No data is stored for contact ${visitorId}`, 'visitorId');
  const open = found?.chats.filter(isOpen) ?? [];
  if (open.length > 0) throw new ConflictError(`Close the contact's open chats first (${open.map((c) => c.chatId).join(', ')})`, 'visitorId');
  const subjects = subjectsOf(visitorId, found);
  await deps.contacts.beginErasure(visitorId, caller.userId, started);
  deps.audit({ audit: 'contact.erasure.started', by: caller.userId, visitorId, resumed: previous?.status === 'running' });
  for (;;) {
    const step = await deps.contacts.eraseNext(visitorId, subjects);
    if (!step) {
      const record = await deps.contacts.recordErasure(visitorId, {}, deps.clock.now(), true);
      deps.audit({ audit: 'contact.erased', by: caller.userId, visitorId, deleted: record.deleted });
      return record;
    }
    // Counted after every step, so the totals survive a request cut off between steps.
    const record = await deps.contacts.recordErasure(visitorId, step, deps.clock.now(), false);
    if (deps.clock.now() - started >= ERASURE_BUDGET_MS) return record;
  }
}

/**
 * The admin privacy API (GDPR, docs/security.md "Contacts: export and erasure"): find a contact,
 * export everything stored about them, erase it. Admins only. Every export and erasure is
 * audited: a structured `audit` log line, and for an erasure the `ERASURE#` marker that also
 * makes it resumable (a cut-off or timed-out erasure is finished by asking again).
 *
 * A contact is their own visitor id and every anonymous id linked to it when they logged in
 * (`ALIAS#` items): look-up, export and erasure cover all of them. Erasure also deletes each
 * chat's files in the object store, before the chat's records.
 */
import type { Caller } from '../contracts/auth';
import type { ContactExport, ContactLookup, ContactLookupResponse, ErasureCounts, ErasureRecord } from '../contracts/contacts';
import { chatFilesPrefix } from '../domain/attachments';
import { blockSubjects } from '../domain/blocks';
import { isOpen } from '../domain/chat';
import { contactSummary } from '../domain/contacts';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import type { Clock, ContactIds, ContactOverview, ContactStore, ErasureHooks, ObjectStore, Publisher } from './ports';
import { ticketDeleted } from './events';

export interface PrivacyDeps {
  contacts: ContactStore;
  contactIds: ContactIds;
  /** Where the chats' files are (erasure deletes them). */
  objects: Pick<ObjectStore, 'deletePrefix'>;
  clock: Clock;
  /** `ticket.deleted` for each ticket an erasure deletes (the open ones leave the backlog). */
  publisher: Publisher;
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

/** The contact's own id and its linked anonymous ids, each with what is stored under it (undefined: nothing). */
async function contactParts(deps: PrivacyDeps, visitorId: string): Promise<{ visitorId: string; found: ContactOverview | undefined }[]> {
  const ids = [visitorId, ...(await deps.contacts.aliasesOf(visitorId))];
  return Promise.all(ids.map(async (id) => ({ visitorId: id, found: await deps.contacts.overview(id) })));
}

/** One overview over the contact's own id and its linked ids (the profile is the contact's own). */
function merged(visitorId: string, parts: readonly { found: ContactOverview | undefined }[]): ContactOverview | undefined {
  const [own, ...linked] = parts.map((p) => p.found);
  if (!own) return undefined;
  const all = [own, ...linked.filter((f) => f !== undefined)];
  return {
    ...own,
    visitorId,
    chats: all.flatMap((f) => f.chats).sort((a, b) => b.createdAt - a.createdAt),
    ticketIds: all.flatMap((f) => f.ticketIds),
  };
}

export async function findContacts(deps: PrivacyDeps, caller: Caller, query: ContactLookup): Promise<ContactLookupResponse> {
  requireAdmin(caller);
  const ids = query.visitorId ? [query.visitorId] : query.userId ? [await deps.contactIds.visitorIdOf(query.userId)] : await deps.contacts.findByEmail(query.email ?? '');
  const contacts = await Promise.all(
    ids.map(async (visitorId) => {
      const [parts, erasure] = await Promise.all([contactParts(deps, visitorId), deps.contacts.getErasure(visitorId)]);
      const found = merged(visitorId, parts);
      if (!found && !erasure) return undefined;
      const linked = parts.slice(1).map((p) => p.visitorId);
      return { ...contactSummary(visitorId, found, erasure), ...(linked.length > 0 ? { linkedVisitorIds: linked } : {}) };
    }),
  );
  return { contacts: contacts.filter((c) => c !== undefined) };
}

export async function exportContact(deps: PrivacyDeps, caller: Caller, visitorId: string): Promise<ContactExport> {
  requireAdmin(caller);
  const parts = await contactParts(deps, visitorId);
  if (!parts[0]?.found) throw new NotFoundError(`No data is stored for contact ${visitorId}`, 'visitorId');
  const [own, ...linked] = await Promise.all(parts.map((p) => deps.contacts.readContact(p.visitorId, subjectsOf(p.visitorId, p.found))));
  if (!own) throw new NotFoundError(`No data is stored for contact ${visitorId}`, 'visitorId');
  const all = [own, ...linked];
  const data = {
    ...own,
    linkedVisitors: linked.map((l) => ({ visitorId: l.visitorId, ...(l.profile ? { profile: l.profile } : {}) })),
    emails: [...new Set(all.flatMap((d) => d.emails))],
    chats: all.flatMap((d) => d.chats).sort((a, b) => a.chat.createdAt - b.chat.createdAt),
    tickets: all.flatMap((d) => d.tickets).sort((a, b) => a.createdAt - b.createdAt),
    blocks: all.flatMap((d) => d.blocks),
  };
  deps.audit({ audit: 'contact.exported', by: caller.userId, visitorId, linkedVisitors: linked.length, chats: data.chats.length, tickets: data.tickets.length });
  return { format: 'parley.contact-export', version: 1, exportedAt: new Date(deps.clock.now()).toISOString(), ...data };
}

/**
 * One step of an erasure: the linked anonymous ids first, one at a time (all their data, then
 * the link), then the contact's own id (its profile last). Every step re-reads where it is, so a
 * cut-off erasure resumes where it stopped.
 */
async function eraseStep(deps: PrivacyDeps, visitorId: string, subjects: ReadonlyMap<string, string[]>): Promise<ErasureCounts | undefined> {
  const hooks: ErasureHooks = {
    eraseFiles: (chatId) => deps.objects.deletePrefix(chatFilesPrefix(chatId)),
    // Before they go, so a step cut off after the events redoes them with the same ids.
    ticketsGoing: (tickets) => deps.publisher.publish(tickets.map((t) => ticketDeleted(t, deps.clock.now()))),
  };
  const [alias] = await deps.contacts.aliasesOf(visitorId);
  if (alias !== undefined) {
    const step = await deps.contacts.eraseNext(alias, subjects.get(alias) ?? blockSubjects({ visitorId: alias }), hooks);
    if (step) return step;
    await deps.contacts.unlinkAlias(visitorId, alias);
    return { other: 1 };
  }
  return deps.contacts.eraseNext(visitorId, subjects.get(visitorId) ?? blockSubjects({ visitorId }), hooks);
}

/**
 * Erases the contact step by step until nothing is left or the time budget is spent (then the
 * marker says `running` and the caller asks again). A contact with an open chat (under any of
 * its ids) is refused: close it first, so no agent's seat or routing state points at a deleted chat.
 */
export async function eraseContact(deps: PrivacyDeps, caller: Caller, visitorId: string): Promise<ErasureRecord> {
  requireAdmin(caller);
  const started = deps.clock.now();
  const parts = await contactParts(deps, visitorId);
  const previous = await deps.contacts.getErasure(visitorId);
  if (!parts.some((p) => p.found) && !previous) throw new NotFoundError(`No data is stored for contact ${visitorId}`, 'visitorId');
  const open = parts.flatMap((p) => p.found?.chats.filter(isOpen) ?? []);
  if (open.length > 0) throw new ConflictError(`Close the contact's open chats first (${open.map((c) => c.chatId).join(', ')})`, 'visitorId');
  const subjects = new Map(parts.map((p) => [p.visitorId, subjectsOf(p.visitorId, p.found)]));
  await deps.contacts.beginErasure(visitorId, caller.userId, started);
  deps.audit({ audit: 'contact.erasure.started', by: caller.userId, visitorId, linkedVisitors: parts.length - 1, resumed: previous?.status === 'running' });
  for (;;) {
    const step = await eraseStep(deps, visitorId, subjects);
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

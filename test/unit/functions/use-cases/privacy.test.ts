/**
 * The GDPR use cases over an in-memory contact store: a contact is their own visitor id plus the
 * anonymous ids linked to it at login. Look-up and export cover every id; erasure takes each
 * linked id completely (its chats' files before its chats) before the link, and the contact's
 * own id last; an open chat under any id refuses the erasure before anything is deleted.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../../functions/contracts/auth';
import type { ErasureCounts, ErasureRecord } from '../../../../functions/contracts/contacts';
import type { ChatRecord } from '../../../../functions/domain/chat';
import { addCounts } from '../../../../functions/domain/contacts';
import { eraseContact, exportContact, findContacts, type PrivacyDeps } from '../../../../functions/use-cases/privacy';
import type { ContactOverview, ContactStore, ErasureHooks } from '../../../../functions/use-cases/ports';
import type { ParleyEvent } from '../../../../functions/contracts/events';
import { errorOf, queuedChat, T0 } from '../fakes';

const ADMIN: Caller = { principalId: 'u-ada', userId: 'u-ada', role: 'admin', name: 'Ada', departments: '' };

/** Per visitor id: its chats (and whether its profile is still there); aliases per contact; a log of every deletion in order. */
class MemoryContacts implements ContactStore {
  chats = new Map<string, ChatRecord[]>();
  profiles = new Map<string, { name?: string; userId?: string }>();
  /** Per visitor id: their tickets (id, department, still open). */
  tickets = new Map<string, { ticketId: string; department: string; open: boolean }[]>();
  aliases = new Map<string, string[]>();
  log: string[] = [];
  private erasure: ErasureRecord | undefined;

  async findByEmail() {
    return [];
  }
  async overview(visitorId: string): Promise<ContactOverview | undefined> {
    const chats = this.chats.get(visitorId) ?? [];
    const profile = this.profiles.get(visitorId);
    if (chats.length === 0 && !profile && !(this.aliases.get(visitorId) ?? []).length) return undefined;
    return { visitorId, ...(profile ? { profile } : {}), chats: [...chats].sort((a, b) => b.createdAt - a.createdAt), ticketIds: [] };
  }
  async readContact(visitorId: string) {
    const profile = this.profiles.get(visitorId);
    const chats = (this.chats.get(visitorId) ?? []).map((chat) => ({ chat, messages: [], notes: [], feedback: [], slaBreaches: [], files: [] }));
    return { visitorId, ...(profile ? { profile } : {}), emails: [`${visitorId}@example.com`], chats, tickets: [], blocks: [] };
  }
  async aliasesOf(visitorId: string) {
    return [...(this.aliases.get(visitorId) ?? [])];
  }
  async unlinkAlias(visitorId: string, aliasId: string) {
    this.log.push(`unlink ${aliasId}`);
    this.aliases.set(visitorId, (this.aliases.get(visitorId) ?? []).filter((a) => a !== aliasId));
  }
  async getErasure() {
    return this.erasure;
  }
  async beginErasure(visitorId: string, requestedBy: string, now: number) {
    this.erasure = { visitorId, status: 'running', requestedBy, requestedAt: now, updatedAt: now, deleted: this.erasure?.deleted ?? {} };
    return this.erasure;
  }
  async eraseNext(visitorId: string, _subjects: readonly string[], hooks: ErasureHooks): Promise<ErasureCounts | undefined> {
    const tickets = this.tickets.get(visitorId) ?? [];
    if (tickets.length > 0) {
      await hooks.ticketsGoing(tickets);
      this.log.push(`tickets ${visitorId}`);
      this.tickets.delete(visitorId);
      return { tickets: tickets.length };
    }
    const [chat, ...rest] = this.chats.get(visitorId) ?? [];
    if (chat) {
      const files = await hooks.eraseFiles(chat.chatId);
      this.log.push(`chat ${chat.chatId}`);
      this.chats.set(visitorId, rest);
      return { chats: 1, ...(files ? { files } : {}) };
    }
    if (this.profiles.delete(visitorId)) {
      this.log.push(`profile ${visitorId}`);
      return { other: 1 };
    }
    return undefined;
  }
  async recordErasure(visitorId: string, counts: ErasureCounts, now: number, done: boolean) {
    const deleted = addCounts(this.erasure?.deleted ?? {}, counts);
    this.erasure = { visitorId, status: done ? 'done' : 'running', requestedBy: 'u-ada', requestedAt: T0, updatedAt: now, deleted, ...(done ? { completedAt: now } : {}) };
    return this.erasure;
  }
}

let contacts: MemoryContacts;
let files: Map<string, string[]>;
let deps: PrivacyDeps;
let published: ParleyEvent[];

beforeEach(() => {
  contacts = new MemoryContacts();
  // The verified contact v_u_kai (one chat, a profile) and the anonymous id v_anon linked at login (two chats, each with files).
  contacts.chats.set('v_u_kai', [queuedChat({ chatId: 'c3', visitorId: 'v_u_kai', status: 'closed', createdAt: T0 + 3 })]);
  contacts.profiles.set('v_u_kai', { name: 'Kai', userId: 'kai-1' });
  contacts.chats.set('v_anon', [queuedChat({ chatId: 'c1', visitorId: 'v_anon', status: 'closed', createdAt: T0 + 1 }), queuedChat({ chatId: 'c2', visitorId: 'v_anon', status: 'closed', createdAt: T0 + 2 })]);
  contacts.profiles.set('v_anon', {});
  contacts.aliases.set('v_u_kai', ['v_anon']);
  files = new Map([
    ['chats/c1/', ['a', 'b']],
    ['chats/c2/', ['c']],
  ]);
  deps = {
    contacts,
    contactIds: { visitorIdOf: async (userId) => `v_u_${userId.split('-')[0]}` },
    objects: {
      deletePrefix: async (prefix) => {
        const gone = files.get(prefix)?.length ?? 0;
        files.delete(prefix);
        if (gone) contacts.log.push(`files ${prefix}`);
        return gone;
      },
    },
    clock: { now: () => T0 },
    publisher: {
      publish: async (events) => {
        published.push(...events);
        contacts.log.push(...events.map((e) => `event ${e.detailType}`));
      },
    },
    audit: () => undefined,
  };
  published = [];
});

describe('findContacts', () => {
  it('counts the linked anonymous id’s chats with the contact’s and names the id', async () => {
    const { contacts: found } = await findContacts(deps, ADMIN, { userId: 'kai-1' });

    expect(found).toEqual([expect.objectContaining({ visitorId: 'v_u_kai', name: 'Kai', userId: 'kai-1', chats: 3, openChats: 0, lastChatAt: T0 + 3, linkedVisitorIds: ['v_anon'] })]);
  });
});

describe('exportContact', () => {
  it('holds every id’s chats in time order, their addresses, and the linked ids', async () => {
    const doc = await exportContact(deps, ADMIN, 'v_u_kai');

    expect(doc.chats.map((c) => c.chat.chatId)).toEqual(['c1', 'c2', 'c3']);
    expect(doc.linkedVisitors).toEqual([{ visitorId: 'v_anon', profile: {} }]);
    expect(doc.emails).toEqual(['v_u_kai@example.com', 'v_anon@example.com']);
    expect(doc.profile).toEqual({ name: 'Kai', userId: 'kai-1' });
  });
});

describe('eraseContact', () => {
  it('erases the linked id first (each chat’s files before the chat), then the link, then the contact; the files are counted', async () => {
    const record = await eraseContact(deps, ADMIN, 'v_u_kai');

    expect(contacts.log).toEqual(['files chats/c1/', 'chat c1', 'files chats/c2/', 'chat c2', 'profile v_anon', 'unlink v_anon', 'chat c3', 'profile v_u_kai']);
    expect(record).toMatchObject({ status: 'done', deleted: { chats: 3, files: 3, other: 3 } });
    expect(files.size).toBe(0);
  });

  it('finishes an erasure cut off inside the linked id when asked again', async () => {
    let reads = 0;
    const cut = await eraseContact({ ...deps, clock: { now: () => T0 + (reads++ > 0 ? 60_000 : 0) } }, ADMIN, 'v_u_kai');
    expect([cut.status, contacts.log]).toEqual(['running', ['files chats/c1/', 'chat c1']]);

    const done = await eraseContact(deps, ADMIN, 'v_u_kai');

    expect(done).toMatchObject({ status: 'done', deleted: { chats: 3, files: 3 } });
    expect(contacts.log.at(-1)).toBe('profile v_u_kai');
  });

  it('publishes ticket.deleted for each ticket before deleting it, saying which were still open, and naming nobody', async () => {
    contacts.tickets.set('v_anon', [
      { ticketId: 't1', department: 'support', open: true },
      { ticketId: 't2', department: 'billing', open: false },
    ]);

    await eraseContact(deps, ADMIN, 'v_u_kai');

    expect(contacts.log.slice(0, 3)).toEqual(['event ticket.deleted', 'event ticket.deleted', 'tickets v_anon']);
    expect(published.map((e) => e.detail)).toEqual([
      { eventId: 't1:deleted', version: 1, occurredAt: new Date(T0).toISOString(), ticketId: 't1', department: 'support', wasOpen: true },
      { eventId: 't2:deleted', version: 1, occurredAt: new Date(T0).toISOString(), ticketId: 't2', department: 'billing', wasOpen: false },
    ]);
  });

  it('refuses while the linked id has an open chat, before anything is deleted', async () => {
    contacts.chats.get('v_anon')?.push(queuedChat({ chatId: 'c9', visitorId: 'v_anon', status: 'assigned', agentId: 'a1' }));

    expect(await errorOf(eraseContact(deps, ADMIN, 'v_u_kai'))).toBe('conflict:visitorId');
    expect(contacts.log).toEqual([]);
    expect(files.size).toBe(2);
  });
});

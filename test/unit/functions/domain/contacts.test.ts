import { describe, expect, it } from 'vitest';
import { retention } from '../../../../functions/adapters/table';
import { addCounts, contactSummary, normalizeEmail } from '../../../../functions/domain/contacts';
import type { ChatRecord } from '../../../../functions/domain/chat';
import { testClient } from '../adapters/dynamo-fixtures';

const chat = (chatId: string, createdAt: number, extra: Partial<ChatRecord> = {}): ChatRecord => ({
  chatId,
  status: 'closed',
  visitorId: 'v1',
  department: 'support',
  lastSeq: 1,
  createdAt,
  ...extra,
});

describe('contacts (GDPR lookup and erasure counts)', () => {
  it('matches e-mail addresses without regard to case or surrounding spaces', () => {
    expect(normalizeEmail('  Mia.Lee@Example.COM ')).toBe('mia.lee@example.com');
  });

  it('adds erasure counts kind by kind and leaves zero counts out', () => {
    expect(addCounts({ chats: 1, messages: 4 }, { messages: 3, tickets: 0, notes: 2 })).toEqual({ chats: 1, messages: 7, notes: 2 });
  });

  it('summarizes a contact from the profile first, else the newest chat that names them, counting open chats', () => {
    const summary = contactSummary('v1', { profile: { userId: 'site-42' }, chats: [chat('c2', 20, { status: 'assigned', visitorName: 'Mia' }), chat('c1', 10, { visitorEmail: 'mia@example.com' })], ticketIds: ['t1'] }, undefined);

    expect(summary).toEqual({ visitorId: 'v1', name: 'Mia', email: 'mia@example.com', userId: 'site-42', chats: 2, openChats: 1, tickets: 1, lastChatAt: 20 });
  });

  it('still lists an erased contact (nothing stored, the audit marker left)', () => {
    const erasure = { visitorId: 'v1', status: 'done' as const, requestedBy: 'u-ada', requestedAt: 1, updatedAt: 2, completedAt: 2, deleted: { chats: 2 } };

    expect(contactSummary('v1', undefined, erasure)).toEqual({ visitorId: 'v1', chats: 0, openChats: 0, tickets: 0, erasure });
  });
});

describe('retention TTL', () => {
  it('is the item time plus the retention days, in epoch seconds', () => {
    expect(retention({ client: testClient(), name: 't', retentionDays: 30 }, 1_700_000_000_999)).toEqual({ ttl: 1_700_000_000 + 30 * 86_400 });
  });

  it('is absent when the deployment keeps data until it is deleted', () => {
    expect(retention({ client: testClient(), name: 't' }, 1_700_000_000_000)).toEqual({});
  });
});

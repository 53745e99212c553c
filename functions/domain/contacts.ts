/**
 * Rules of the admin privacy API (GDPR), pure: how a contact's e-mail is matched, what a lookup
 * shows, and how an erasure's counts add up.
 */
import type { ContactSummary, ErasureCounts, ErasureRecord } from '../contracts/contacts';
import { type ChatRecord, isOpen } from './chat';

/** Addresses are matched case-insensitively: `Mia@Example.com` and `mia@example.com` are one contact. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `a + b`, kind by kind. */
export function addCounts(a: ErasureCounts, b: ErasureCounts): ErasureCounts {
  const sum: ErasureCounts = { ...a };
  for (const [kind, n] of Object.entries(b) as [keyof ErasureCounts, number][]) {
    if (n > 0) sum[kind] = (sum[kind] ?? 0) + n;
  }
  return sum;
}

/** One lookup row: who the contact is and how much is stored (chats newest first). */
export function contactSummary(
  visitorId: string,
  found: { profile?: { name?: string; email?: string; userId?: string }; chats: readonly ChatRecord[]; ticketIds: readonly string[] } | undefined,
  erasure: ErasureRecord | undefined,
): ContactSummary {
  const profile = found?.profile ?? {};
  const chats = found?.chats ?? [];
  const named = chats.find((c) => c.visitorName);
  const emailed = chats.find((c) => c.visitorEmail);
  const name = profile.name ?? named?.visitorName;
  const email = profile.email ?? emailed?.visitorEmail;
  return {
    visitorId,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(profile.userId ? { userId: profile.userId } : {}),
    chats: chats.length,
    openChats: chats.filter(isOpen).length,
    tickets: found?.ticketIds.length ?? 0,
    ...(chats[0] ? { lastChatAt: chats[0].createdAt } : {}),
    ...(erasure ? { erasure } : {}),
  };
}

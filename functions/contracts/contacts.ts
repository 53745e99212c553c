/**
 * The admin privacy API (GDPR): find a contact, export everything stored about them, erase it.
 * Admins only (docs/api.md, "Contacts"); the console's Settings → Privacy calls these.
 */
import * as z from 'zod';
import type { BlockRecord } from '../domain/blocks';
import type { ChatRecord } from '../domain/chat';
import type { SlaBreach } from '../domain/sla';
import type { Attachment, ChatFeedback, ChatMessage, ChatNote } from './frames';
import type { Ticket } from './http';

const visitorId = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, 'must be a visitor id like "v_…"');

/** `GET /contacts`: exactly one of a visitor id, the site's verified user id, or an e-mail address. */
export const contactLookupSchema = z
  .strictObject({
    visitorId: visitorId.optional(),
    userId: z.string().trim().min(1).max(256).optional(),
    email: z.email().max(254).optional(),
  })
  .refine((q) => [q.visitorId, q.userId, q.email].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of visitorId, userId or email',
    path: ['visitorId'],
  });
export type ContactLookup = z.infer<typeof contactLookupSchema>;

/** `GET /contacts/export?visitorId=` and the body of `POST /contacts/erase`. */
export const contactRefSchema = z.strictObject({ visitorId });

/** What the platform stores about a contact besides their conversations. */
export interface ContactProfile {
  name?: string;
  email?: string;
  userId?: string;
  address?: string;
  updatedAt?: number;
}

/** Per kind of record, how many an erasure deleted. */
export type ErasureCounts = Partial<Record<'chats' | 'messages' | 'notes' | 'feedback' | 'files' | 'tickets' | 'connections' | 'blocks' | 'other', number>>;

/** The erasure's progress marker and audit record: who asked, when, how far, what was deleted. No personal data. */
export interface ErasureRecord {
  visitorId: string;
  status: 'running' | 'done';
  /** The admin (userId) who asked last. */
  requestedBy: string;
  requestedAt: number;
  updatedAt: number;
  completedAt?: number;
  /** Totals over every run for this contact. */
  deleted: ErasureCounts;
}

/** One row of `GET /contacts`. */
export interface ContactSummary {
  visitorId: string;
  name?: string;
  email?: string;
  userId?: string;
  chats: number;
  openChats: number;
  tickets: number;
  lastChatAt?: number;
  /** Anonymous visitor ids linked to this contact when they logged in; their chats are counted above. */
  linkedVisitorIds?: string[];
  erasure?: ErasureRecord;
}

export interface ContactLookupResponse {
  contacts: ContactSummary[];
}

/** One conversation in an export: the chat and every record kept in it. */
export interface ContactChatExport {
  chat: ChatRecord;
  messages: ChatMessage[];
  /** Internal notes staff wrote about the conversation: personal data about the contact too. */
  notes: ChatNote[];
  /** Ratings and survey answers. */
  feedback: ChatFeedback[];
  slaBreaches: SlaBreach[];
  /** The conversion (order) attributed to the chat, by its id. */
  conversionId?: string;
  /** Every file the chat's messages carry: name, type and size (not the bytes), with the message's seq. */
  files: ExportedFile[];
}

/** A file in an export: what the message said about it. */
export type ExportedFile = Attachment & { seq: number };

/** An anonymous visitor id linked to the contact (a browser they used before logging in). */
export interface LinkedVisitorExport {
  visitorId: string;
  profile?: ContactProfile;
}

/** `GET /contacts/export`: everything stored about one contact (docs/security.md, "Export"). */
export interface ContactExport {
  format: 'parley.contact-export';
  version: 1;
  exportedAt: string;
  visitorId: string;
  profile?: ContactProfile;
  /**
   * The anonymous ids linked to this contact; their chats, tickets, addresses and blocks are in
   * the lists below (each chat names its own `visitorId`).
   */
  linkedVisitors: LinkedVisitorExport[];
  /** Every e-mail address the contact gave (session, pre-chat form, offline form). */
  emails: string[];
  chats: ContactChatExport[];
  tickets: Ticket[];
  blocks: BlockRecord[];
}

/** `POST /contacts/erase`: 200 when done, 202 while it still runs (call again to resume). */
export type ErasureResponse = ErasureRecord;

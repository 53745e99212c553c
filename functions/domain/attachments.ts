/**
 * Attachment rules, pure: which files a chat accepts, where a file lives in the object store,
 * and whether what was stored is what the sender declared. The store key is built from the
 * chat and a server-made id only (never the file's name), so a file can only ever be reached
 * through the chat it was uploaded to.
 */
import type { AttachmentSettings } from '../contracts/config';
import type { Attachment } from '../contracts/frames';
import { BadRequestError, NotFoundError } from './errors';

/** A file as the client declares it before upload. */
export interface DeclaredFile {
  contentType: string;
  size: number;
}

/** What the object store holds under a key (its HEAD). */
export interface StoredObject {
  size: number;
  contentType?: string;
}

/** "10 MB", "512 KB": how limits are worded to people. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** Throws bad_request naming the field when the config does not allow this file. */
export function checkFile(settings: AttachmentSettings, file: DeclaredFile, fields = { type: 'contentType', size: 'size' }): void {
  if (!(settings.allowedTypes as readonly string[]).includes(file.contentType)) {
    throw new BadRequestError(`This file type isn't allowed (${file.contentType}); allowed: ${settings.allowedTypes.join(', ')}`, fields.type);
  }
  if (file.size > settings.maxBytes) throw new BadRequestError(`File too large (max ${formatBytes(settings.maxBytes)})`, fields.size);
}

/** Where a chat's file lives in the object store. */
export function attachmentKey(chatId: string, attachmentId: string): string {
  return `${chatFilesPrefix(chatId)}${encodeURIComponent(attachmentId)}`;
}

/** Where every file of one chat lives (erasure deletes them all by this prefix). */
export function chatFilesPrefix(chatId: string): string {
  return `chats/${encodeURIComponent(chatId)}/`;
}

/**
 * Checks a file a message names against what the store holds: it must exist under this chat
 * and match the declared size and type, and both must still be within the limits.
 */
export function checkStored(settings: AttachmentSettings, attachment: Attachment, stored: StoredObject | undefined, index: number): void {
  const field = `attachments.${index}`;
  if (!stored) throw new NotFoundError(`No uploaded file ${attachment.id} in this chat: upload it with requestUpload first`, `${field}.id`);
  checkFile(settings, attachment, { type: `${field}.contentType`, size: `${field}.size` });
  if (stored.size !== attachment.size) {
    throw new BadRequestError(`The uploaded file is ${stored.size} bytes, not ${attachment.size}`, `${field}.size`);
  }
  if (stored.contentType !== attachment.contentType) {
    throw new BadRequestError(`The uploaded file is ${stored.contentType ?? 'of no type'}, not ${attachment.contentType}`, `${field}.contentType`);
  }
}

/** The same file named twice on one message would show twice: refused. */
export function checkDistinct(attachments: readonly Attachment[]): void {
  const ids = new Set<string>();
  attachments.forEach((a, i) => {
    if (ids.has(a.id)) throw new BadRequestError(`The file ${a.id} is attached twice`, `attachments.${i}.id`);
    ids.add(a.id);
  });
}

/** How a download is offered: images open in the browser, anything else is saved under its name. */
export function contentDisposition(attachment: Pick<Attachment, 'name' | 'contentType'>): string {
  const kind = attachment.contentType.startsWith('image/') ? 'inline' : 'attachment';
  // RFC 6266/5987: an ASCII fallback (quotes and non-ASCII replaced) and the exact name UTF-8 encoded.
  const ascii = attachment.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(attachment.name)}`;
}

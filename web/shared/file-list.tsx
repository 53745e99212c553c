/**
 * The always-loaded side of files (web/shared/files.tsx is the rest, fetched the first time a
 * chat has a file): a message's files (their names until that chunk is in, then previews and
 * links), and the attach control once that chunk is in (it is fetched when a chat view opens, so
 * a page view that never opens a chat never pays for it).
 */
import { useEffect, useState } from 'preact/hooks';
import type { UploadPorts } from '../sdk/attachments';
import type { Attachment, ChatMessage, RuntimeConfig } from '../sdk/types';

/** A download URL for a file on message `seq` (the `getAttachment` ack). */
export type AttachmentUrl = (seq: number, attachmentId: string) => Promise<{ url: string; expiresAt: number }>;

/** What a chat view needs to send and show files: limits, the upload doors, download URLs, and the send. */
export interface ChatFiles {
  readonly limits: RuntimeConfig['widget']['attachments'];
  readonly ports: UploadPorts;
  readonly url: AttachmentUrl;
  /** Sends the message naming the file (through the outbox); a rejection is shown like an upload error. */
  readonly send: (attachment: Attachment) => Promise<unknown> | void;
}

/** The words the file flow shows, in the caller's language (console and widget share the keys). */
export type FileWords = (key: 'file.tooLarge' | 'file.type' | 'file.uploading', vars?: Record<string, string | number>) => string;

type FilesChunk = typeof import('./files');
let chunk: Promise<FilesChunk> | undefined;
/** The chunk, fetched once. */
const load = (): Promise<FilesChunk> => (chunk ??= import('./files'));

/** A message's files: their names until the chunk is in, then previews and links. */
export function Files({ message, resolve }: { message: Pick<ChatMessage, 'seq' | 'attachments'>; resolve: AttachmentUrl }) {
  const [files, setFiles] = useState<FilesChunk>();
  const list = message.attachments;
  useEffect(() => void (list && load().then(setFiles)), [list]);
  return list ? <span class="attachments">{list.map((a) => (files ? <files.FileLink key={a.id} file={a} seq={message.seq} resolve={resolve} /> : <span key={a.id}>{a.name}</span>))}</span> : null;
}

/** The attach control (web/shared/files.tsx `Attach`), shown once the chunk is in: fetched when a chat view opens. */
export function FileTools(props: { files: ChatFiles; t: FileWords; label: string; disabled?: boolean }) {
  const [files, setFiles] = useState<FilesChunk>();
  useEffect(() => void load().then(setFiles), []);
  return files ? <files.Attach {...props} /> : null;
}

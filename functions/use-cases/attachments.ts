/**
 * Attachments: the server decides, the object store carries the bytes. A participant asks for
 * an upload URL (limits and membership checked, nothing written); the browser PUTs the file
 * straight to the store with the signed size and type (the store refuses anything else); the
 * message that names the file is written only after the store's copy is checked (HEAD); a
 * download URL is handed out per request, short-lived, to whoever may read the chat.
 */
import type { AckPayloads, Attachment, FrameOf } from '../contracts/frames';
import { attachmentKey, checkDistinct, checkFile, checkStored, contentDisposition } from '../domain/attachments';
import { type ChatRecord, requireOpen, requireParticipant, requireReader } from '../domain/chat';
import { NotFoundError } from '../domain/errors';
import { requireContactChat } from './contact';
import type { Deps } from './ports';
import type { SocketContext } from './socket-context';

export async function requestUpload(deps: Pick<Deps, 'store' | 'objects' | 'clock' | 'ids' | 'config' | 'limiter'>, ctx: SocketContext, frame: FrameOf<'requestUpload'>): Promise<AckPayloads['requestUpload']> {
  const now = deps.clock.now();
  // A file becomes a message: it spends the connection's message budget, so URLs cannot be farmed.
  deps.limiter?.take('messages', ctx, deps.config.rateLimits, now);
  const settings = deps.config.attachments;
  checkFile(settings, frame);
  const { chat } = requireParticipant(await deps.store.getChat(frame.chatId), ctx.caller);
  requireOpen(chat);
  const attachment: Attachment = { id: deps.ids.next('att'), name: frame.fileName, contentType: frame.contentType, size: frame.size };
  const upload = await deps.objects.presignUpload(attachmentKey(chat.chatId, attachment.id), attachment, settings.uploadUrlSeconds);
  return { attachment, upload: { ...upload, method: 'PUT', expiresAt: now + settings.uploadUrlSeconds * 1000 } };
}

/**
 * Checks every file a message names in the store before the message is written: each must have
 * been uploaded to this chat and match its declared size and type. Throws naming the file.
 */
export async function verifyAttachments(deps: Pick<Deps, 'objects' | 'config'>, chat: ChatRecord, attachments: readonly Attachment[]): Promise<void> {
  checkDistinct(attachments);
  const stored = await Promise.all(attachments.map((a) => deps.objects.head(attachmentKey(chat.chatId, a.id))));
  attachments.forEach((a, i) => checkStored(deps.config.attachments, a, stored[i], i));
}

/**
 * A download URL for whoever may read the chat, or, with `viaChatId`, for staff reading the
 * customer's earlier conversation through the chat in front of them (the `readHistory` rule).
 */
export async function getAttachment(deps: Pick<Deps, 'store' | 'objects' | 'clock' | 'config'>, ctx: SocketContext, frame: FrameOf<'getAttachment'>): Promise<AckPayloads['getAttachment']> {
  const chat =
    frame.viaChatId === undefined
      ? requireReader(await deps.store.getChat(frame.chatId), ctx.caller)
      : await requireContactChat(deps, ctx, 'getAttachment', frame.chatId, frame.viaChatId);
  const { messages } = await deps.store.listMessages(chat.chatId, frame.seq - 1, 1);
  const message = messages.find((m) => m.seq === frame.seq);
  if (!message) throw new NotFoundError(`No message ${frame.seq} in this chat`, 'seq');
  const attachment = message.attachments?.find((a) => a.id === frame.attachmentId);
  if (!attachment) throw new NotFoundError('No such file on that message', 'attachmentId');
  const seconds = deps.config.attachments.downloadUrlSeconds;
  const now = deps.clock.now();
  const url = await deps.objects.presignDownload(
    attachmentKey(chat.chatId, attachment.id),
    { contentType: attachment.contentType, contentDisposition: contentDisposition(attachment) },
    seconds,
  );
  return { url, expiresAt: now + seconds * 1000 };
}

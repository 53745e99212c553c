/**
 * Showing and sending files, fetched as a chunk the first time a chat has one (every visitor pays
 * for the console's first load; few chats have files). A file shows as a thumbnail that opens full
 * size (images) or a link with name and size (PDF); the short-lived URL is asked for when it is
 * shown, never stored. A file's name is the sender's text: only ever a text node or an attribute.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { uploadFile } from '../sdk/attachments';
import type { Attachment } from '../sdk/types';
import type { AttachmentUrl, ChatFiles, FileWords } from './file-list';


/** 48 KB, 1.2 MB. */
export const formatSize = (bytes: number): string =>
  bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

export function FileLink({ file, seq, resolve }: { file: Attachment; seq: number; resolve: AttachmentUrl }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => void resolve(seq, file.id).then((link) => setUrl(link.url), () => undefined), [seq, file.id]);
  const image = file.contentType.startsWith('image/');
  return (
    <a class={`attachment ${image ? 'image' : 'file'}`} style="color:inherit;margin-right:.4rem" href={url} target="_blank" rel="noopener noreferrer" data-attachment={file.id}>
      {image && url ? <img src={url} alt={file.name} style="max-width:220px;max-height:160px;min-width:48px;min-height:48px;object-fit:contain;border-radius:10px;vertical-align:top;background:#fff" /> : [file.name, ' ', <span class="file-size">{formatSize(file.size)}</span>]}
    </a>
  );
}

/**
 * Uploads and sends one file, telling `show` what to display: "Uploading receipt.png… 40%", then
 * nothing once sent, or why it was not (the server's size and type refusals in the caller's words).
 */
export function sendFile(files: ChatFiles, file: File, t: FileWords, show: (note?: string, failed?: boolean) => void): Promise<void> {
  const progress = (fraction: number) => show(t('file.uploading', { name: file.name, percent: Math.round(fraction * 100) }));
  progress(0);
  return uploadFile(files.ports, file, progress)
    .then(files.send)
    .then(
      () => show(),
      (e: Error) => {
        const field = (e as { field?: string }).field;
        show(field === 'size' ? t('file.tooLarge', { max: formatSize(files.limits?.maxBytes ?? 0) }) : field === 'contentType' ? t('file.type') : e.message, true);
      },
    );
}

/**
 * The attach control (a paperclip): a label around a visually hidden file input, so the picker opens
 * natively on a click, Enter or Space (the input keeps the focus; the label shows it).
 */
function AttachButton({ label, accept, disabled, onFile }: { label: string; accept?: readonly string[]; disabled?: boolean; onFile: (file: File) => void }) {
  return (
    <label class={disabled ? 'attach disabled' : 'attach'} title={label} style="display:grid;place-items:center;padding:.5rem;border:1px solid #e5e7eb;border-radius:10px;cursor:pointer;color:#5f6673">
      <input
        type="file"
        class="file-input"
        style="position:absolute;opacity:0;width:1px"
        aria-label={label}
        accept={accept?.join()}
        disabled={disabled}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2">
        <path d="M9 12V7a3 3 0 0 1 6 0v10a5 5 0 0 1-10 0V9" />
      </svg>
    </label>
  );
}

/** The files a paste or a drop carries (none when it is text). */
const carried = (data: DataTransfer | null | undefined): File[] => [...(data?.files ?? [])];

/**
 * The attach control and what became of the last file ("Uploading… 40%", or why it was not sent).
 * Files pasted into the composer (a screenshot) or dropped on it go the same way as the
 * paperclip's, one after another; text pastes and drops are left to the text box.
 */
export function Attach({ files, t, label, disabled }: { files: ChatFiles; t: FileWords; label: string; disabled?: boolean }) {
  const [note, setNote] = useState<{ text: string; failed: boolean }>();
  const show = (text?: string, failed = false) => setNote(text === undefined ? undefined : { text, failed });
  const anchor = useRef<HTMLSpanElement>(null);
  // The listeners outlive renders; they read the latest props.
  const latest = useRef({ files, t, disabled });
  latest.current = { files, t, disabled };
  useEffect(() => {
    const composer = anchor.current?.closest('form');
    if (!composer) return undefined;
    const sendAll = async (list: File[]) => {
      for (const file of list) await sendFile(latest.current.files, file, latest.current.t, show);
    };
    const highlight = (on: boolean) => void (composer.style.outline = on ? '2px dashed #2563eb' : '');
    const onPaste = (event: ClipboardEvent) => {
      const list = carried(event.clipboardData);
      if (list.length === 0 || latest.current.disabled) return;
      event.preventDefault();
      void sendAll(list);
    };
    const onDragOver = (event: DragEvent) => {
      if (latest.current.disabled || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault(); // allows the drop
      highlight(true);
    };
    const onDragLeave = () => highlight(false);
    const onDrop = (event: DragEvent) => {
      highlight(false);
      const list = carried(event.dataTransfer);
      if (list.length === 0 || latest.current.disabled) return;
      event.preventDefault();
      void sendAll(list);
    };
    composer.addEventListener('paste', onPaste);
    composer.addEventListener('dragover', onDragOver);
    composer.addEventListener('dragleave', onDragLeave);
    composer.addEventListener('drop', onDrop);
    return () => {
      composer.removeEventListener('paste', onPaste);
      composer.removeEventListener('dragover', onDragOver);
      composer.removeEventListener('dragleave', onDragLeave);
      composer.removeEventListener('drop', onDrop);
      highlight(false);
    };
  }, []);
  return (
    <span class="file-tools" ref={anchor} style="display:flex;align-items:center;gap:.4rem">
      {note ? (
        <span class="file-note" role={note.failed ? 'alert' : 'status'} style={`font-size:.8rem;max-width:14rem;color:${note.failed ? '#b91c1c' : '#5f6673'}`}>
          {note.text}
        </span>
      ) : null}
      <AttachButton label={label} accept={files.limits?.allowedTypes} disabled={disabled} onFile={(file) => void sendFile(files, file, t, show)} />
    </span>
  );
}

/**
 * Sending a file, client side (docs/protocol.md "Attachments"): `requestUpload` for a presigned
 * URL (the server checks the limits and decides), then the bytes straight to the object store,
 * with upload progress. The message that names the file is sent by the caller, through its
 * outbox like any message. XMLHttpRequest, not fetch: only XHR reports upload progress.
 * Kept small on purpose: every byte here is paid by each visitor of the widget.
 */
import type { AckPayloads, Attachment } from './types';

export interface UploadPorts {
  /** `requestUpload` on the socket: its ack, or a RequestError (`bad_request` on `size` / `contentType`). */
  requestUpload(file: { fileName: string; contentType: string; size: number }): Promise<AckPayloads['requestUpload']>;
  /** A fresh XMLHttpRequest. @default the browser's */
  xhr?(): XMLHttpRequest;
}

/** Uploads `file` for the chat the ports name and resolves with the attachment to send. */
export async function uploadFile(ports: UploadPorts, file: File, onProgress: (fraction: number) => void): Promise<Attachment> {
  const { attachment, upload } = await ports.requestUpload({ fileName: file.name.slice(-200) || 'file', contentType: file.type, size: file.size });
  const xhr = ports.xhr?.() ?? new XMLHttpRequest();
  await new Promise<void>((resolve, reject) => {
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status < 300 ? resolve() : reject(new Error(`Upload refused (HTTP ${xhr.status})`)));
    xhr.onerror = () => reject(new Error('Upload failed'));
    xhr.send(file);
  });
  return attachment;
}

/**
 * The transcript a visitor downloads: built in the browser from the messages already shown,
 * as a self-contained HTML file that is inert (every character of every message escaped, a
 * Content-Security-Policy that forbids scripts and remote loads) or as plain text.
 */
import type { ChatMessage } from '../sdk/types';
import type { T } from './locale';

export interface TranscriptLabels {
  /** The document title, e.g. "Parley: conversation of 21 Nov 2026". */
  readonly title: string;
  /** How the visitor's own messages are signed ("You"). */
  readonly you: string;
  readonly locale: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

function stamp(ms: number, locale: string): string {
  return new Date(ms).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

function sender(message: ChatMessage, labels: TranscriptLabels): string {
  if (message.senderRole === 'visitor') return labels.you;
  return message.senderName ?? (message.senderRole === 'system' ? '' : 'Agent');
}

export function transcriptText(messages: readonly ChatMessage[], labels: TranscriptLabels): string {
  const lines = messages.map((m) => {
    const who = sender(m, labels);
    return `[${stamp(m.createdAt, labels.locale)}] ${who ? `${who}: ` : ''}${m.text}`;
  });
  return `${labels.title}\n\n${lines.join('\n')}\n`;
}

export function transcriptHtml(messages: readonly ChatMessage[], labels: TranscriptLabels): string {
  const rows = messages
    .map((m) => {
      const who = sender(m, labels);
      return `<p class="${m.senderRole}"><time>${escapeHtml(stamp(m.createdAt, labels.locale))}</time> ${who ? `<b>${escapeHtml(who)}:</b> ` : ''}<span>${escapeHtml(m.text)}</span></p>`;
    })
    .join('\n');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(labels.locale)}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(labels.title)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#111827}time{color:#6b7280;font-size:.85em}span{white-space:pre-wrap}.system{color:#6b7280;font-style:italic}</style>',
    `</head><body><h1>${escapeHtml(labels.title)}</h1>`,
    rows,
    '</body></html>',
    '',
  ].join('\n');
}

/** A file name that sorts by date and is safe on every OS. */
export function transcriptFileName(createdAt: number, ext: 'html' | 'txt'): string {
  return `chat-${new Date(createdAt).toISOString().slice(0, 16).replace(/[:T]/g, '-')}.${ext}`;
}

/** Saves the conversation as an inert HTML file, built here from what the visitor already sees. */
export function downloadTranscript(messages: readonly ChatMessage[], brand: string, t: T, locale: string): void {
  const createdAt = messages[0]?.createdAt ?? Date.now();
  const title = t('transcript.title', { brand, date: new Date(createdAt).toLocaleDateString(locale, { dateStyle: 'medium' }) });
  const blob = new Blob([transcriptHtml(messages, { title, you: t('transcript.visitor'), locale })], { type: 'text/html' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = transcriptFileName(createdAt, 'html');
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * The HTML transcript a visitor downloads is a file opened outside any CSP of ours: the XSS
 * corpus of test/e2e/xss.test.ts, as message text and as an agent's name, must appear only as
 * escaped text, and the file's own policy forbids every script.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../functions/contracts/frames';
import { escapeHtml, transcriptHtml } from '../../../web/widget/transcript';

const CORPUS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  '<a href="javascript:window.__xss=4">click</a>',
  '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>',
  '</span></p><details open ontoggle="window.__xss=8">',
];

const message = (seq: number, text: string, senderName?: string): ChatMessage => ({
  chatId: 'c1',
  seq,
  clientMessageId: `m${seq}`,
  senderRole: senderName ? 'agent' : 'visitor',
  senderId: senderName ? 'u1' : 'v1',
  ...(senderName ? { senderName } : {}),
  text,
  createdAt: Date.UTC(2026, 10, 21, 10, seq),
});

describe('HTML transcript with hostile text', () => {
  it.each(CORPUS)('shows %s only as escaped text, as a message and as a sender name', (payload) => {
    const html = transcriptHtml([message(1, payload), message(2, 'hello', payload)], { title: payload, you: 'You', locale: 'en' });

    expect(html).not.toContain(payload);
    // The title twice (<title>, <h1>), the message, the sender.
    expect(html.split(escapeHtml(payload)).length - 1).toBe(4);
    expect(html).not.toMatch(/<(script|img|svg|iframe|details|a)\b/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_PRE_CHAT, looksLikeEmail, offlineReason, validateOffline, validatePreChat, visibleFields, type PreChatConfig } from '../../../web/widget/forms';
import { escapeHtml, transcriptFileName, transcriptHtml, transcriptText } from '../../../web/widget/transcript';
import type { ChatMessage } from '../../../web/sdk/types';

const empty = { text: '', name: '', email: '', department: '' };
const all = (value: PreChatConfig['name']): PreChatConfig => ({ name: value, email: value, department: value, question: value });

describe('pre-chat form', () => {
  it('shows the fields the config switches on; a department only when there are several', () => {
    expect(visibleFields(DEFAULT_PRE_CHAT, 3)).toEqual(['question', 'name', 'email', 'department']);
    expect(visibleFields(DEFAULT_PRE_CHAT, 1)).toEqual(['question', 'name', 'email']);
    expect(visibleFields({ ...all('off'), email: 'required' }, 3)).toEqual(['email']);
  });

  it('asks only for required fields, each with its own message', () => {
    expect(validatePreChat(empty, DEFAULT_PRE_CHAT, 3)).toEqual({ question: 'invalid.question' });
    expect(validatePreChat(empty, all('required'), 3)).toEqual({
      question: 'invalid.question',
      name: 'invalid.name',
      email: 'invalid.email',
      department: 'invalid.department',
    });
    expect(validatePreChat(empty, all('optional'), 3)).toEqual({});
  });

  it('does not require a department the visitor is never shown', () => {
    expect(validatePreChat({ ...empty, text: 'hi' }, { ...DEFAULT_PRE_CHAT, department: 'required' }, 1)).toEqual({});
  });

  it('checks the shape of an optional email only when one is given', () => {
    expect(validatePreChat({ ...empty, text: 'hi', email: 'mia@' }, DEFAULT_PRE_CHAT, 1)).toEqual({ email: 'invalid.emailFormat' });
    expect(validatePreChat({ ...empty, text: 'hi', email: ' mia@example.com ' }, DEFAULT_PRE_CHAT, 1)).toEqual({});
    expect(validatePreChat({ ...empty, text: 'hi', email: 'mia@x.fi' }, { ...DEFAULT_PRE_CHAT, email: 'off' }, 1)).toEqual({});
  });

  it.each([
    ['mia@example.com', true],
    ['a.b+c@shop.co.uk', true],
    ['mia@example', false],
    ['mia example@x.com', false],
    ['@x.com', false],
  ])('looksLikeEmail(%s) = %s', (value, ok) => {
    expect(looksLikeEmail(value)).toBe(ok);
  });
});

describe('offline form', () => {
  it('needs an email that looks right and a message', () => {
    expect(validateOffline({ name: '', email: '', department: '', message: ' ' })).toEqual({ email: 'invalid.email', message: 'invalid.message' });
    expect(validateOffline({ name: '', email: 'nope', department: '', message: 'Call me' })).toEqual({ email: 'invalid.emailFormat' });
    expect(validateOffline({ name: '', email: 'mia@example.com', department: '', message: 'Call me' })).toEqual({});
  });

  const dept = (id: string, online: boolean, withinHours: boolean) => ({ id, name: id, online, withinHours });

  it.each<[string, ReturnType<typeof dept>[] | undefined, string | undefined, string | undefined]>([
    ['availability unknown', undefined, undefined, undefined],
    ['someone online in hours', [dept('support', true, true), dept('billing', false, true)], undefined, undefined],
    ['everyone outside hours', [dept('support', true, false), dept('billing', false, false)], undefined, 'hours'],
    ['in hours but nobody online', [dept('support', false, true), dept('billing', false, false)], undefined, 'nobody'],
    ['the chosen department closed', [dept('support', true, true), dept('billing', false, false)], 'billing', 'hours'],
    ['the chosen department open', [dept('support', false, false), dept('billing', true, true)], 'billing', undefined],
    ['an unknown department: any open one will do', [dept('support', true, true)], 'sales', undefined],
  ])('%s → %s', (_case, availability, department, expected) => {
    expect(offlineReason(availability, department)).toBe(expected);
  });
});

describe('transcript', () => {
  const at = Date.UTC(2026, 10, 21, 10, 5);
  const messages: ChatMessage[] = [
    { chatId: 'c1', seq: 1, clientMessageId: 'm1', senderRole: 'visitor', senderId: 'v1', text: 'Is <script>alert(1)</script> & "this" safe?', createdAt: at },
    { chatId: 'c1', seq: 2, clientMessageId: 'm2', senderRole: 'system', senderId: 'system', text: 'Alice joined', createdAt: at + 1000 },
    { chatId: 'c1', seq: 3, clientMessageId: 'm3', senderRole: 'agent', senderId: 'a1', senderName: 'Alice', text: "Yes, it's <b>inert</b>.", createdAt: at + 2000 },
  ];
  const labels = { title: 'Parley: conversation of 21 Nov 2026', you: 'You', locale: 'en' };

  it('escapes every message, so the file can hold no markup or script, and forbids scripts by CSP', () => {
    const html = transcriptHtml(messages, labels);

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>inert');
    expect(html).toContain('Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;this&quot; safe?');
    expect(html).toContain('<b>Alice:</b> <span>Yes, it&#39;s &lt;b&gt;inert&lt;/b&gt;.</span>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html.match(/<p /g)).toHaveLength(3);
  });

  it('writes a plain-text version with who said what, in order', () => {
    const text = transcriptText(messages, labels).split('\n');

    expect(text[0]).toBe('Parley: conversation of 21 Nov 2026');
    expect(text.slice(2, 5).map((l) => l.replace(/^\[[^\]]+\] /, ''))).toEqual(['You: Is <script>alert(1)</script> & "this" safe?', 'Alice joined', "Alice: Yes, it's <b>inert</b>."]);
  });

  it('names the file by the chat’s start, safe on every OS', () => {
    expect(transcriptFileName(at, 'html')).toBe('chat-2026-11-21-10-05.html');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});

/**
 * Hostile text through the real UI: an XSS payload corpus sent as the visitor's name and as
 * messages both ways, rendered in the console and the widget, then typed into the console's
 * tag and canned-response forms. No payload may run (each would
 * set `window.__xss`) or add an element; each must show as the literal text it is. Then the
 * agent blocks the visitor from the chat view, and the block holds for a new session.
 * Screenshots land in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { LocalRuntime } from '../../lib/local';
import { goOnline, screenshot, startWorld, stopWorld, WAIT } from './browser';

/** Each payload sets window.__xss if it ever runs, in any context it could land in. */
const CORPUS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "javascript:window.__xss=4//<a href=\"javascript:window.__xss=4\">click</a>",
  '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>',
  '{{constructor.constructor("window.__xss=6")()}}',
  '<div style="background:url(javascript:window.__xss=7)">styled</div>',
  '</textarea><details open ontoggle="window.__xss=8">',
];
const NAME = '<img src=x onerror="window.__xss=9">Mia';
/** A tag (at most 40 characters) and a canned response's title (at most 80). */
const TAG = '<svg onload="window.__xss=10">';
const CANNED_TITLE = '<img src=x onerror="window.__xss=11">Refunds';

let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
});

afterAll(async () => {
  await stopWorld(runtime, browser);
});

/** What a payload could have left behind in a page or frame. */
async function traces(target: Page | Frame): Promise<{ ran: unknown; injected: number }> {
  return target.evaluate(() => ({
    ran: (window as unknown as { __xss?: unknown }).__xss,
    injected: document.querySelectorAll('img[src="x"], svg[onload], iframe[srcdoc], details[ontoggle], a[href^="javascript:"], [style*="javascript:"], main script, section script').length,
  }));
}

describe('XSS payloads are inert everywhere, and an agent can block the sender', () => {
  it('renders the corpus as text in console and widget, then blocks the visitor for good', async () => {
    // Arrange: an agent online, a visitor with a hostile name.
    const agent = runtime.demoUsers.find((u) => u.role === 'agent');
    if (!agent) throw new Error('the local runtime seeds no agent');
    const console_ = await (await browser.newContext()).newPage();
    await console_.goto(`${runtime.urls.web}/console/`);
    await console_.getByLabel('Email').fill(agent.username);
    await console_.getByLabel('Password').fill(agent.password);
    await console_.getByRole('button', { name: 'Sign in' }).click();
    await goOnline(runtime, console_);
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${runtime.urls.web}/`);
    const widget = visitor.frameLocator('iframe[title="Chat"]');

    // Act: the hostile name and the corpus, both ways.
    await visitor.getByRole('button', { name: 'Chat with us' }).click();
    await widget.getByLabel('Your question').fill(CORPUS[0] as string);
    await widget.getByLabel('Name').fill(NAME);
    await widget.getByRole('button', { name: 'Start chat' }).click();
    // Routing offers the chat; the agent accepts it.
    await console_.getByRole('article', { name: `Chat offered: ${NAME}` }).getByRole('button', { name: 'Accept' }).click(WAIT);
    await console_.getByRole('button', { name: /Mia/ }).first().click(WAIT);
    for (const payload of CORPUS.slice(1)) {
      await widget.getByLabel('Message').fill(payload);
      await widget.getByLabel('Message').press('Enter');
      await console_.getByRole('log', { name: 'Messages' }).getByText(payload, { exact: true }).waitFor(WAIT);
    }
    for (const payload of CORPUS) {
      await console_.getByLabel('Reply').fill(`agent: ${payload}`);
      await console_.getByLabel('Reply').press('Enter');
      await widget.getByRole('log', { name: 'Conversation' }).getByText(`agent: ${payload}`, { exact: true }).waitFor(WAIT);
    }
    // Act: hostile text typed into the console's own forms: a tag on the chat, a canned response.
    await console_.getByLabel('Add a tag…').fill(TAG);
    await console_.getByLabel('Add a tag…').press('Enter');
    await console_.getByRole('list', { name: 'Tags' }).getByRole('listitem').filter({ hasText: TAG }).waitFor(WAIT);
    await screenshot(console_, 'xss-01-console-corpus');
    await screenshot(visitor, 'xss-02-widget-corpus');
    await console_.getByRole('button', { name: 'Canned responses' }).click();
    await console_.getByRole('button', { name: 'New response' }).click();
    await console_.getByLabel('Shortcut', { exact: true }).fill('xss');
    await console_.getByLabel('Title', { exact: true }).fill(CANNED_TITLE);
    await console_.getByLabel('Text', { exact: true }).fill(CORPUS[0] as string);
    await console_.getByRole('button', { name: 'Save' }).click();
    await console_.getByRole('region', { name: 'Canned responses' }).getByRole('listitem').filter({ hasText: CANNED_TITLE }).waitFor(WAIT);
    await screenshot(console_, 'xss-05-canned-and-tag');
    expect(await traces(console_)).toEqual({ ran: undefined, injected: 0 });
    await console_.getByRole('button', { name: 'Back to chats' }).click();
    await console_.getByRole('button', { name: /Mia/ }).first().click(WAIT);

    // Assert: nothing ran, nothing was injected, and the name shows as text.
    const frame = visitor.frames().find((f) => f.url().includes('/widget/frame.html'));
    if (!frame) throw new Error('the widget frame did not load');
    for (const target of [console_, visitor, frame]) expect(await traces(target)).toEqual({ ran: undefined, injected: 0 });
    for (const target of [console_, frame]) expect(await target.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toContain("script-src 'self'");
    await console_.getByRole('heading', { name: NAME }).waitFor(WAIT);

    // Act: the agent blocks the visitor (a confirm step first).
    await console_.getByRole('button', { name: 'Block visitor' }).click();
    await screenshot(console_, 'xss-03-block-confirm');
    await console_.getByRole('button', { name: 'Confirm block' }).click();

    // Assert: the chat ends for both, and a new session from the same visitor is refused.
    await widget.getByText('This chat has ended').waitFor(WAIT);
    await console_.getByText('Closed · Unresolved').waitFor(WAIT);
    await screenshot(console_, 'xss-04-blocked');
    const again = await fetch(`${runtime.urls.http}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('blocked');
  });
});

/**
 * Accessibility and locale in real Chromium: the widget walked by keyboard only (Tab to the
 * launcher, Enter opens with focus in the composer, Escape closes and gives focus back); text
 * contrast (WCAG AA, from computed styles) across the widget and the console in their main
 * states, and the console's chat closed by Alt+W; time stamps written in the widget's language when the site sets it (Finnish, Russian),
 * whatever the browser's. Screenshots land in test-results/a11y-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { LocalRuntime } from '../../lib/local';
import { goOnline, launcher, screenshot, signInToConsole, startWorld, stopWorld, WAIT, widget } from './browser';
import { contrastOf, failing } from './contrast';

let runtime: LocalRuntime;
let browser: Browser;
let agent: Page;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
  agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signInToConsole(runtime, agent, 'alice@demo.parley');
  await goOnline(runtime, agent);
});

afterAll(async () => {
  await stopWorld(runtime, browser);
});

async function widgetFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator('iframe[data-parley]').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the widget frame is not on the page');
  return frame;
}

/** What has focus in the widget frame: its tag and accessible label. */
const focusInWidget = async (page: Page) =>
  (await widgetFrame(page)).evaluate(() => {
    const el = document.hasFocus() ? document.activeElement : null;
    return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('aria-label') ?? (el as HTMLTextAreaElement).labels?.[0]?.textContent?.trim() ?? ''}` : 'none';
  });

const launcherFocused = (page: Page) => launcher(page).evaluate((el) => el === document.activeElement);

/** A visitor whose page embeds the widget with `data-locale` set by the site (the browser itself in US English). */
async function visitorWithSiteLocale(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  await context.route(`${runtime.urls.web}/`, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('<script async src="./widget/loader.js">', `<script async data-locale="${locale}" src="./widget/loader.js">`);
    await route.fulfill({ response, body: html });
  });
  return context.newPage();
}

async function ask(page: Page, question: string, start: string, field: string): Promise<void> {
  await launcher(page).click();
  await widget(page).getByLabel(field).fill(question);
  await widget(page).getByRole('button', { name: start }).click();
  await widget(page).getByRole('log').getByText(question).waitFor(WAIT);
}

describe('the widget by keyboard only', () => {
  it('Tab reaches the launcher, Enter opens with focus in the composer, Escape closes and returns focus to the launcher', async () => {
    // Arrange
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${runtime.urls.web}/`);
    await launcher(visitor).waitFor(WAIT);

    // Act: Tab through the host page to the launcher (bounded: the demo page has a handful of links).
    for (let i = 0; i < 40 && !(await launcherFocused(visitor)); i++) await visitor.keyboard.press('Tab');
    const reached = await launcherFocused(visitor);
    await visitor.keyboard.press('Enter');
    await expect.poll(() => focusInWidget(visitor), WAIT).toBe('textarea:Your question');
    await visitor.keyboard.type('Do you deliver to Oulu?');
    await screenshot(visitor, 'a11y-01-opened-by-keyboard');
    await visitor.keyboard.press('Escape');

    // Assert: closed, focus back on the launcher; Enter again lands in the question, still typed.
    expect(reached).toBe(true);
    await expect.poll(() => launcher(visitor).getAttribute('aria-expanded'), WAIT).toBe('false');
    await expect.poll(() => launcherFocused(visitor), WAIT).toBe(true);
    await visitor.keyboard.press('Enter');
    await expect.poll(() => focusInWidget(visitor), WAIT).toBe('textarea:Your question');

    // In a chat, the panel opens onto the message box.
    await widget(visitor).getByRole('button', { name: 'Start chat' }).press('Enter');
    await widget(visitor).getByRole('log').getByText('Do you deliver to Oulu?').waitFor(WAIT);
    await expect.poll(() => widget(visitor).getByLabel('Message').isEnabled(), WAIT).toBe(true);
    await visitor.keyboard.press('Escape');
    await expect.poll(() => launcherFocused(visitor), WAIT).toBe(true);
    await visitor.keyboard.press('Enter');
    await expect.poll(() => focusInWidget(visitor), WAIT).toBe('textarea:Message');
    await screenshot(visitor, 'a11y-02-composer-focused');
    await visitor.context().close();
  });
});

describe('text contrast (WCAG AA)', () => {
  it('holds for the widget’s pre-chat form, conversation and errors, and for the console with a chat open', async () => {
    // Arrange: the pre-chat form with its errors showing.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${runtime.urls.web}/`);
    await launcher(visitor).click();
    await widget(visitor).getByLabel('Email').fill('not-an-email');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
    await widget(visitor).getByText('Please write your question.').waitFor(WAIT);
    const preChat = await contrastOf(await widgetFrame(visitor));

    // A conversation: the visitor's message, the agent's reply, a system line, time stamps.
    await widget(visitor).getByLabel('Email').fill('ilona@example.com');
    await widget(visitor).getByLabel('Name').fill('Ilona');
    await widget(visitor).getByLabel('Your question').fill('Is the blue jacket waterproof?');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
    await agent.getByRole('article', { name: 'Chat offered: Ilona' }).getByRole('button', { name: 'Accept' }).click(WAIT);
    await agent.getByRole('region', { name: 'Chat with Ilona' }).waitFor(WAIT);
    await agent.getByLabel('Reply').fill('Yes, it is rated 10,000 mm.');
    await agent.getByLabel('Reply').press('Enter');
    await widget(visitor).getByText('Yes, it is rated 10,000 mm.').waitFor(WAIT);
    const conversation = await contrastOf(await widgetFrame(visitor));
    const hostPage = (await contrastOf(visitor)).filter((f) => f.element.startsWith('button'));
    await screenshot(visitor, 'a11y-03-widget-conversation');

    // The console: the chat open, a tag, an internal note.
    await agent.getByLabel('Add a tag…').fill('shipping');
    await agent.getByRole('button', { name: 'Add tag' }).click();
    await agent.getByRole('button', { name: 'Remove tag shipping' }).waitFor(WAIT);
    await agent.getByLabel('Internal note (only agents see it)').check();
    await agent.getByLabel('Internal note', { exact: true }).fill('Check stock in Tampere');
    await agent.getByLabel('Internal note', { exact: true }).press('Enter');
    await agent.getByText('Check stock in Tampere').waitFor(WAIT);
    await agent.getByLabel('Internal note (only agents see it)').uncheck();
    const consoleChat = await contrastOf(agent);
    await screenshot(agent, 'a11y-04-console-chat');

    // Assert: each state measured something, and nothing is under its threshold.
    for (const findings of [preChat, conversation, consoleChat]) expect(findings.length).toBeGreaterThan(10);
    expect(preChat.map((f) => f.text)).toContain('Please write your question.');
    expect(conversation.map((f) => f.text)).toContain('Yes, it is rated 10,000 mm.');
    expect(consoleChat.map((f) => f.text)).toContain('Check stock in Tampere');
    expect(failing(preChat)).toEqual([]);
    expect(failing(conversation)).toEqual([]);
    expect(failing(hostPage)).toEqual([]);
    expect(failing(consoleChat)).toEqual([]);

    // Alt+W (the listed shortcut) puts focus on Close chat; Enter closes with the chosen outcome.
    await agent.getByLabel('Outcome').selectOption('resolved');
    await agent.getByRole('log', { name: 'Messages' }).click();
    await agent.keyboard.press('Alt+w');
    await expect.poll(() => agent.getByRole('button', { name: 'Close chat' }).evaluate((el) => el === document.activeElement), WAIT).toBe(true);
    await agent.keyboard.press('Enter');
    await agent.getByText('This chat is closed.').waitFor(WAIT);
    await screenshot(agent, 'a11y-06-closed-by-keyboard');
    await visitor.context().close();
  });
});

describe('time stamps in the widget’s language', () => {
  it.each([
    ['fi', 'Aloita chat', 'Kysymyksesi', /^\d{2}\.\d{2}$/],
    ['ru', 'Начать чат', 'Ваш вопрос', /^\d{2}:\d{2}$/],
  ])('are written the %s way when the site sets that language, in a US-English browser', async (locale, start, field, shape) => {
    // Arrange
    const visitor = await visitorWithSiteLocale(locale);
    await visitor.goto(`${runtime.urls.web}/`);

    // Act
    await ask(visitor, `Kysymys ${locale}`, start, field);
    const stamp = widget(visitor).getByRole('log').locator('time').first();
    const [text, at] = await Promise.all([stamp.textContent(), stamp.getAttribute('dateTime')]);

    // Assert: the site's language, not the browser's (which would write "10:05 AM").
    expect(text).toMatch(shape);
    expect(text).toBe(new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: await visitor.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone) }).format(new Date(at ?? 0)));
    await screenshot(visitor, `a11y-05-stamp-${locale}`);
    await visitor.context().close();
  });
});

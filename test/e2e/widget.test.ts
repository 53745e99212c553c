/**
 * The visitor widget in the browser, with an agent in the console (two contexts): the pre-chat
 * form's validation, keyboard focus into the panel and back, a message that fails to send and
 * is retried (the socket drops sendMessage frames while "offline"), the post-chat rating and
 * surveys, the transcript download, and the widget in Russian, Bulgarian and Finnish.
 * Screenshots land in test-results/widget-*.png.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalRuntime } from '../../lib/local';
import { connectVisitor, newId, onlineAgent } from '../integration/harness';
import { goOnline, launcher, screenshot, startWorld, stopWorld, WAIT, widget } from './browser';

let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
});

afterAll(async () => {
  await stopWorld(runtime, browser);
});

const visitorLog = (page: Page) => widget(page).getByRole('log');
/** Clicks a score the way a person does: on its visible label (the radio itself is visually hidden). */
const pick = (page: Page, name: string) => widget(page).locator('label', { has: widget(page).getByRole('radio', { name }) }).click();

async function agentOnline(context: BrowserContext): Promise<Page> {
  const agent = runtime.demoUsers.find((u) => u.role === 'agent' && u.departments.includes('support'));
  if (!agent) throw new Error('the local runtime seeds no support agent');
  const page = await context.newPage();
  await page.goto(`${runtime.urls.web}/console/`);
  await page.getByLabel('Email').fill(agent.username);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await goOnline(runtime, page);
  await expect.poll(() => page.getByText(agent.name, { exact: true }).count(), WAIT).toBeGreaterThan(0);
  return page;
}

/** A visitor context whose sockets pass through a switch that can swallow every sendMessage frame. */
async function visitorWithFlakySends(): Promise<{ page: Page; dropSends: (on: boolean) => void }> {
  const context = await browser.newContext();
  let dropping = false;
  await context.routeWebSocket(/.*/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (dropping && typeof message === 'string' && message.includes('"action":"sendMessage"')) return;
      server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  return { page: await context.newPage(), dropSends: (on) => void (dropping = on) };
}

describe('the visitor widget', () => {
  it('validates the pre-chat form, retries a failed message, takes a rating and surveys, and downloads the transcript', async () => {
    // Arrange: an agent online; a visitor on the demo shop.
    const console_ = await agentOnline(await browser.newContext());
    const { page: visitor, dropSends } = await visitorWithFlakySends();
    await visitor.goto(`${runtime.urls.web}/`);

    // Opening the panel moves focus into it, onto the first field.
    await launcher(visitor).click();
    await expect.poll(() => widget(visitor).locator('textarea[name="text"]').evaluate((el) => el === document.activeElement), WAIT).toBe(true);

    // The question is required (parley.config.json): an empty form says so next to the field.
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
    await widget(visitor).getByText('Please write your question.').waitFor(WAIT);
    await expect(widget(visitor).getByLabel('Your question').getAttribute('aria-invalid')).resolves.toBe('true');
    await widget(visitor).getByLabel('Email').fill('mia@');
    await widget(visitor).getByLabel('Your question').fill('Can I return worn boots?');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
    await widget(visitor).getByText('This email address does not look right.').waitFor(WAIT);
    await screenshot(visitor, 'widget-01-prechat-errors');
    await widget(visitor).getByLabel('Email').fill('mia@example.com');
    await widget(visitor).getByLabel('Name').fill('Mia');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
    await visitorLog(visitor).getByText('Can I return worn boots?').waitFor(WAIT);

    // The agent accepts the offer and opens the chat.
    await console_.getByRole('article', { name: 'Chat offered: Mia' }).getByRole('button', { name: 'Accept' }).click(WAIT);
    await console_.getByRole('button', { name: /^Mia/ }).click(WAIT);
    await widget(visitor).getByText(/You are chatting with/).waitFor(WAIT);

    // A message that cannot get through shows "Not sent" with Retry; the retry delivers it once.
    dropSends(true);
    await widget(visitor).getByLabel('Message').fill('They were worn once, indoors.');
    await widget(visitor).getByLabel('Message').press('Enter');
    await visitorLog(visitor).getByText('Sending…').waitFor(WAIT);
    await visitorLog(visitor).getByText('Not sent.').waitFor(WAIT);
    await screenshot(visitor, 'widget-02-message-failed');
    dropSends(false);
    await visitorLog(visitor).getByRole('button', { name: 'Retry' }).click();
    const agentLog = console_.getByRole('log', { name: 'Messages' });
    await agentLog.getByText('They were worn once, indoors.').waitFor(WAIT);
    await expect.poll(() => visitorLog(visitor).getByText('Not sent.').count(), WAIT).toBe(0);
    await expect(agentLog.getByText('They were worn once, indoors.').count()).resolves.toBe(1);
    await screenshot(visitor, 'widget-03-message-retried');

    // The agent answers and closes the chat.
    await console_.getByLabel('Reply').fill('Then yes: within 60 days, <b>free</b>.');
    await console_.getByLabel('Reply').press('Enter');
    await visitorLog(visitor).getByText('Then yes: within 60 days, <b>free</b>.').waitFor(WAIT);
    await console_.getByLabel('Outcome').selectOption('resolved');
    await console_.getByRole('button', { name: 'Close chat' }).click();

    // Rating (stars by keyboard), then the CSAT and NPS surveys the config switches on.
    await widget(visitor).getByText('How was this chat?').waitFor(WAIT);
    await widget(visitor).getByRole('radio', { name: '1 star' }).focus();
    await visitor.keyboard.press('ArrowRight');
    await visitor.keyboard.press('ArrowRight');
    await visitor.keyboard.press('ArrowRight');
    await expect(widget(visitor).getByRole('radio', { name: '4 stars' }).isChecked()).resolves.toBe(true);
    await widget(visitor).getByLabel('Comment (optional)').fill('Clear answer, thanks');
    await screenshot(visitor, 'widget-04-rating');
    await widget(visitor).getByRole('button', { name: 'Send rating' }).click();
    await widget(visitor).getByText('How satisfied are you with the help you got?').waitFor(WAIT);
    await pick(visitor, 'Score 5');
    await widget(visitor).getByRole('button', { name: 'Send answer' }).click();
    await widget(visitor).getByText('How likely are you to recommend us to a friend or colleague?').waitFor(WAIT);
    await pick(visitor, 'Score 9');
    await screenshot(visitor, 'widget-05-nps-survey');
    await widget(visitor).getByRole('button', { name: 'Send answer' }).click();
    await widget(visitor).getByText('Thank you for your feedback!').waitFor(WAIT);
    await screenshot(visitor, 'widget-06-feedback-thanks');

    // The transcript downloads as an inert HTML file of exactly what was said.
    const [download] = await Promise.all([visitor.waitForEvent('download', WAIT), widget(visitor).getByRole('button', { name: 'Download transcript' }).click()]);
    const html = await readFile((await download.path()) ?? '', 'utf8');
    expect(download.suggestedFilename()).toMatch(/^chat-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\.html$/);
    expect(html).toContain('Can I return worn boots?');
    expect(html.match(/They were worn once, indoors\./g)).toHaveLength(1);
    expect(html).toContain('Then yes: within 60 days, &lt;b&gt;free&lt;/b&gt;.');
    expect(html).not.toContain('<b>free</b>');

    // Minimizing puts the keyboard back on the launcher.
    await widget(visitor).getByRole('button', { name: 'Minimize chat' }).click();
    await expect.poll(() => visitor.evaluate(() => document.activeElement?.getAttribute('aria-expanded')), WAIT).toBe('false');
  });

  it('shows a queued visitor their place in line, live, as others join and leave the queue', async () => {
    // Arrange: Carol, Sales' only agent, is online with every seat taken, so Sales chats wait in
    // its queue (with nobody online at all they would be offline at once).
    const carol = await onlineAgent(runtime, 'carol@demo.parley');
    const busy = await Promise.all([1, 2, 3].map(() => connectVisitor(runtime)));
    await Promise.all(busy.map((v, i) => v.client.ack({ action: 'startChat', text: `Busy ${i}`, department: 'sales', clientMessageId: newId('m') })));
    await Promise.all(busy.map((v) => v.client.waitFor('chat', (f) => f.chat.status === 'assigned')));
    const ask = async (name: string): Promise<Page> => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${runtime.urls.web}/`);
      await launcher(page).click();
      await widget(page).getByLabel('Your question').fill(`Do you have a bulk discount? (${name})`);
      await widget(page).getByLabel('Name').fill(name);
      await widget(page).getByLabel('Topic').selectOption('sales');
      await widget(page).getByRole('button', { name: 'Start chat' }).click();
      return page;
    };

    // Act + assert: the first in line is next; the second has one person ahead.
    const first = await ask('Olli');
    await widget(first).getByText('You are next in line.').waitFor(WAIT);
    const second = await ask('Pia');
    await widget(second).getByText('1 person is ahead of you.').waitFor(WAIT);
    await screenshot(second, 'widget-08-queue-position');

    // The first visitor leaves: the second moves up without reloading.
    await widget(first).getByRole('button', { name: 'End chat' }).click();
    await widget(second).getByText('You are next in line.').waitFor(WAIT);
    await Promise.all([carol, ...busy.map((v) => v.client)].map((c) => c.kill()));
  });

  it.each([
    ['ru-RU', 'Начать чат', 'Ваш вопрос', 'Напишите нам'],
    ['bg-BG', 'Започнете чат', 'Вашият въпрос', 'Пишете ни'],
    ['fi-FI', 'Aloita chat', 'Kysymyksesi', 'Keskustele kanssamme'],
  ])('speaks the visitor’s language (%s): every label, the launcher and the errors', async (locale, start, question, open) => {
    const page = await (await browser.newContext({ locale })).newPage();
    await page.goto(`${runtime.urls.web}/`);

    await expect.poll(() => launcher(page).getAttribute('aria-label'), WAIT).toBe(open);
    await launcher(page).click();
    await widget(page).getByRole('button', { name: start }).click();

    await expect(widget(page).getByLabel(question).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(widget(page).locator('html').getAttribute('lang')).resolves.toBe(locale.slice(0, 2));
    await expect(widget(page).getByText('Start chat').count()).resolves.toBe(0);
    await screenshot(page, `widget-07-${locale.slice(0, 2)}`);
  });
});

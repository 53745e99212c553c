/**
 * The whole product through the real UI: an agent in the console and a visitor in the widget
 * on the demo site hold one conversation against the local platform, through reloads on
 * both sides, until the agent closes it. Screenshots of each step land in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { LocalRuntime } from '../../lib/local';
import { goOnline, screenshot, startWorld, stopWorld, WAIT } from './browser';

let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
});

afterAll(async () => {
  await stopWorld(runtime, browser);
});

async function agentSignsIn(page: Page): Promise<string> {
  const agent = runtime.demoUsers.find((u) => u.role === 'agent');
  if (!agent) throw new Error('the local runtime seeds no agent');
  await page.goto(`${runtime.urls.web}/console/`);
  await page.getByLabel('Email').fill(agent.username);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await goOnline(runtime, page);
  return agent.name;
}

const widget = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');
const agentLog = (page: Page) => page.getByRole('log', { name: 'Messages' });
const visitorLog = (page: Page) => widget(page).getByRole('log', { name: 'Conversation' });

describe('a support conversation in the browser', () => {
  it('goes from the first question to a resolved close, surviving reloads on both sides', async () => {
    // Arrange: an agent online, a visitor on the demo shop.
    const console_ = await (await browser.newContext()).newPage();
    const agentName = await agentSignsIn(console_);
    await expect.poll(() => console_.getByText(agentName, { exact: true }).count(), WAIT).toBeGreaterThan(0);
    await runtime.idle();
    await screenshot(console_, '01-agent-online');
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${runtime.urls.web}/`);

    // Act + assert: the visitor asks.
    await visitor.getByRole('button', { name: 'Chat with us' }).click();
    await widget(visitor).getByLabel('Your question').fill('Do you ship the Fjell boots to Finland?');
    await widget(visitor).getByLabel('Name').fill('Mia');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
    await visitorLog(visitor).getByText('Do you ship the Fjell boots to Finland?').waitFor(WAIT);
    await screenshot(visitor, '02-visitor-asked');

    // The chat is offered to the agent, who accepts it (a countdown runs until the offer lapses).
    const offer = console_.getByRole('article', { name: 'Chat offered: Mia' });
    await offer.getByRole('timer').waitFor(WAIT);
    await screenshot(console_, '02b-console-offer');
    await offer.getByRole('button', { name: 'Accept' }).click();

    // The agent sees the chat appear and opens it.
    await console_.getByRole('button', { name: /^Mia/ }).click(WAIT);
    await agentLog(console_).getByText('Do you ship the Fjell boots to Finland?').waitFor(WAIT);
    await widget(visitor).getByText(`You are chatting with ${agentName}`).waitFor(WAIT);

    // Typing both ways (the agent reads the visitor's draft before it is sent), then the reply.
    await widget(visitor).getByLabel('Message').pressSequentially('Also, do you have size 43', { delay: 20 });
    await console_.getByText('Mia is typing: Also, do you have size 43').waitFor(WAIT);
    await expect(agentLog(console_).getByText(/size 43/).count()).resolves.toBe(0);
    await screenshot(console_, '03-agent-sees-typing-preview');
    await console_.getByLabel('Reply').pressSequentially('Yes! Finland takes 2', { delay: 20 });
    await widget(visitor).getByText(`${agentName} is typing…`).waitFor(WAIT);
    await console_.getByLabel('Reply').pressSequentially('–3 days.');
    await console_.getByLabel('Reply').press('Enter');
    await visitorLog(visitor).getByText('Yes! Finland takes 2–3 days.').waitFor(WAIT);
    await screenshot(visitor, '04-visitor-sees-reply');

    // An internal note: amber in the console, never in the widget.
    const noteText = 'Loyal customer: waive the return fee';
    await console_.getByLabel('Internal note (only agents see it)').check();
    await console_.getByLabel('Internal note', { exact: true }).fill(noteText);
    await console_.getByLabel('Internal note', { exact: true }).press('Enter');
    await agentLog(console_).locator('.note').getByText(noteText).waitFor(WAIT);
    await screenshot(console_, '04b-agent-internal-note');
    await console_.getByLabel('Internal note (only agents see it)').uncheck();

    // The visitor reloads mid-chat: the widget reopens with the history and keeps going.
    await visitor.reload();
    await visitorLog(visitor).getByText('Yes! Finland takes 2–3 days.').waitFor(WAIT);
    await expect(visitorLog(visitor).getByText('Do you ship the Fjell boots to Finland?').count()).resolves.toBe(1);
    await expect(widget(visitor).getByText(noteText).count()).resolves.toBe(0);
    await widget(visitor).getByLabel('Message').fill('Great, and returns are free?');
    await widget(visitor).getByLabel('Message').press('Enter');
    await agentLog(console_).getByText('Great, and returns are free?').waitFor(WAIT);
    await screenshot(visitor, '05-visitor-after-reload');

    // The agent reloads: still signed in, the chat and its history are back.
    await console_.reload();
    await agentLog(console_).getByText('Great, and returns are free?').waitFor(WAIT);
    await expect(console_.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(0);
    await expect(agentLog(console_).locator('.bubble').count()).resolves.toBe(3);
    await agentLog(console_).locator('.note').getByText(noteText).waitFor(WAIT);
    await expect.poll(() => console_.getByLabel('Status').inputValue(), WAIT).toBe('online');
    await screenshot(console_, '06-agent-after-reload');

    // A reply while the widget is minimized shows on the launcher until the visitor opens it.
    await widget(visitor).getByRole('button', { name: 'Minimize chat' }).click();
    await console_.getByLabel('Reply').fill('Returns are free within 60 days.');
    await console_.getByLabel('Reply').press('Enter');
    const launcher = visitor.getByRole('button', { name: 'Chat with us' });
    await expect.poll(() => launcher.textContent(), WAIT).toBe('1');
    const unreadBadge = () => visitor.getByRole('button', { name: 'Minimize chat' }).textContent();
    await screenshot(visitor, '07-visitor-unread-badge');
    await launcher.click();
    await visitorLog(visitor).getByText('Returns are free within 60 days.').waitFor(WAIT);
    await expect.poll(unreadBadge, WAIT).toBe('');

    // The agent closes the chat as resolved; the visitor sees it end.
    await console_.getByLabel('Outcome').selectOption('resolved');
    await console_.getByRole('button', { name: 'Close chat' }).click();
    await widget(visitor).getByText('This chat has ended').waitFor(WAIT);
    await expect(widget(visitor).getByText(noteText).count()).resolves.toBe(0);
    await console_.getByText('Closed · Resolved').waitFor(WAIT);
    await screenshot(visitor, '08-visitor-chat-ended');
    await screenshot(console_, '08b-agent-closed');
  });
});

describe('agent sign-in', () => {
  it('explains a wrong password politely, then signs in, survives a reload and signs out', async () => {
    const agent = runtime.demoUsers.filter((u) => u.role === 'agent').at(-1);
    if (!agent) throw new Error('the local runtime seeds no agent');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${runtime.urls.web}/console/`);

    await page.getByLabel('Email').fill(agent.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), WAIT).toMatch(/do not match/);
    await screenshot(page, '09-sign-in-error');

    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(agent.name, { exact: true }).waitFor(WAIT);
    await page.reload();
    await page.getByText(agent.name, { exact: true }).waitFor(WAIT);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByRole('button', { name: 'Sign in' }).waitFor(WAIT);
    await expect(page.evaluate(() => sessionStorage.length)).resolves.toBe(0);
  });
});

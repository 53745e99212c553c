/**
 * A logged-in customer on two devices, in real Chromium: on the phone they first ask anonymously,
 * then the site identifies them (Parley.identify with the HMAC its server computed) and they ask
 * again; later, on the laptop, logged in, they ask a third time. The agent's context panel marks
 * them verified and lists both earlier conversations, the anonymous one included, each opened
 * read-only. Screenshots land in test-results/identity-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signSiteUser } from '../../functions/adapters/site-identities';
import type { LocalRuntime } from '../../lib/local';
import { goOnline, launcher, screenshot, signInToConsole, startWorld, stopWorld, WAIT, widget } from './browser';

let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
});

afterAll(async () => {
  await stopWorld(runtime, browser);
});

async function agentOnline(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signInToConsole(runtime, page, 'alice@demo.parley');
  await goOnline(runtime, page);
  return page;
}

/** The visitor asks in the widget; the agent accepts the offer. */
async function asks(visitor: Page, agent: Page, question: string): Promise<void> {
  if ((await launcher(visitor).getAttribute('aria-expanded')) !== 'true') await launcher(visitor).click();
  await widget(visitor).getByLabel('Your question').fill(question);
  await widget(visitor).getByRole('button', { name: 'Start chat' }).click();
  await agent.locator('.offer').getByRole('button', { name: 'Accept' }).click(WAIT);
  await agent.getByRole('log', { name: 'Messages' }).getByText(question).waitFor(WAIT);
}

/** The site identifies its user (Parley.identify); resolves once the widget holds that user's session. */
async function logsIn(visitor: Page, identity: { userId: string }): Promise<void> {
  await visitor.evaluate((who) => (window as unknown as { Parley: { identify(w: unknown): void } }).Parley.identify(who), identity);
  const sessionUser = async () => {
    const frame = await (await visitor.locator('iframe[data-parley]').elementHandle())?.contentFrame();
    return frame?.evaluate(() => (JSON.parse(localStorage.getItem('parley.visitor') ?? '{}') as { userId?: string }).userId).catch(() => undefined);
  };
  await expect.poll(sessionUser, WAIT).toBe(identity.userId);
}

async function agentCloses(agent: Page, visitor: Page): Promise<void> {
  await agent.getByLabel('Outcome').selectOption('resolved');
  await agent.getByRole('button', { name: 'Close chat' }).click();
  await agent.getByText('This chat is closed.').waitFor(WAIT);
  await widget(visitor).getByRole('button', { name: 'Start a new chat' }).click(WAIT);
}

describe('a verified customer on two devices', () => {
  it('shows the agent the customer as verified with the conversations from both devices, the one from before logging in included', async () => {
    // Arrange: the site's server signs the customer's user id with the identity key.
    const agent = await agentOnline();
    const userId = 'shop-user-7781';
    const identity = { userId, name: 'Kaisa Laine', email: 'kaisa@example.com', signature: signSiteUser(userId, runtime.identitySecret) };
    const phone = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
    await phone.goto(`${runtime.urls.web}/`);

    // Act: anonymous on the phone, then logged in there, then on the laptop.
    await asks(phone, agent, 'Do you ship to Lapland?');
    await agentCloses(agent, phone);
    await logsIn(phone, identity);
    await asks(phone, agent, 'Where is my order K-7?');
    await agentCloses(agent, phone);
    const laptop = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
    await laptop.goto(`${runtime.urls.web}/`);
    await logsIn(laptop, identity);
    await asks(laptop, agent, 'Can I change the address of K-7?');

    // Assert: verified, both earlier conversations listed; the anonymous one opens read-only.
    const details = agent.getByRole('complementary', { name: 'Customer details' });
    await details.getByText('Verified', { exact: true }).waitFor(WAIT);
    await details.getByText('Kaisa Laine').waitFor(WAIT);
    await details.getByText('kaisa@example.com', { exact: true }).waitFor(WAIT);
    const previous = details.locator('.previous li');
    await expect.poll(() => previous.count(), WAIT).toBe(2);
    await screenshot(agent, 'identity-01-verified-context');
    await previous.last().getByRole('button').click();
    const history = agent.getByRole('dialog');
    await history.getByText('Do you ship to Lapland?').waitFor(WAIT);
    await expect(history.getByRole('textbox').count()).resolves.toBe(0);
    await screenshot(agent, 'identity-02-before-login-read-only');
    await history.getByRole('button', { name: 'Close' }).click();
    await previous.first().getByRole('button').click();
    await agent.getByRole('dialog').getByText('Where is my order K-7?').waitFor(WAIT);
    await agent.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  });
});

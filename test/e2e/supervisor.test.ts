/**
 * What a team lead and a team see in the console, in real Chromium against the local runtime:
 * the offline form's ticket listed in the Tickets view; the live SLA alert a supervisor gets
 * when nobody answers a chat in time (the red badge beside it); and an offer that goes round:
 * declined by one agent, offered to the next, accepted; and an agent's feedback reaching the
 * admins. Screenshots land in test-results/.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { LocalRuntime } from '../../lib/local';
import { goOnline, screenshot, signInToConsole, startWorld, stopWorld, WAIT } from './browser';

/** The first-response target in this file's config: short, so a breach comes quickly. */
const FIRST_RESPONSE_SECONDS = 3;
/** The longest a breach may take to show after its deadline here (detection ≤ 2 s, plus a busy shared machine). */
const ALERT_GRACE_MS = 8_000;

let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  const project = JSON.parse(readFileSync(resolve(__dirname, '../../parley.config.json'), 'utf8')) as { sla?: object };
  [runtime, browser] = await startWorld({ config: { sla: { ...project.sla, firstResponseSeconds: FIRST_RESPONSE_SECONDS } } });
});

afterAll(async () => {
  await stopWorld(runtime, browser);
});

const widget = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');
const RED = 'rgb(185, 28, 28)';
const colorOf = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).color);

async function signIn(username: string, status: 'online' | 'offline' = 'online'): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signInToConsole(runtime, page, username);
  if (status === 'online') {
    await goOnline(runtime, page);
  }
  await runtime.idle();
  return page;
}

async function visitorAsks(name: string, question: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${runtime.urls.web}/`);
  await page.getByRole('button', { name: 'Chat with us' }).click();
  await widget(page).getByLabel('Your question').fill(question);
  await widget(page).getByLabel('Name').fill(name);
  await widget(page).getByRole('button', { name: 'Start chat' }).click();
  return page;
}

/** A visitor leaves a ticket through the widget's offline form (a real POST /tickets) while nobody is online. */
async function leaveTicket(name: string, email: string, topic: string, message: string): Promise<Page> {
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${runtime.urls.web}/`);
  await visitor.getByRole('button', { name: 'Chat with us' }).click();
  const form = widget(visitor).getByRole('form', { name: 'Leave us a message' });
  await form.waitFor(WAIT);
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Topic').selectOption({ label: topic });
  await form.getByLabel('Message').fill(message);
  await form.getByRole('button', { name: 'Send message' }).click();
  await widget(visitor).getByText(`will reply to ${email}`, { exact: false }).waitFor(WAIT);
  return visitor;
}

describe('tickets', () => {
  it('lists the ticket a visitor left through the offline form while nobody was online', async () => {
    // Arrange, Act: nobody online; the visitor writes; Sam opens Tickets.
    const visitor = await leaveTicket('Olga Virtanen', 'olga@example.com', 'Billing', 'My invoice shows the wrong VAT number.');
    await screenshot(visitor, 'supervisor-01-offline-form-sent');
    const sam = await signIn('sam@demo.parley', 'offline');
    await sam.getByRole('button', { name: 'Tickets' }).click();
    const ticket = sam.getByRole('listitem', { name: 'Ticket from Olga Virtanen' });
    await ticket.waitFor(WAIT);

    // Assert
    await expect(ticket.getByText('olga@example.com').count()).resolves.toBe(1);
    await expect(ticket.getByText('Billing', { exact: true }).count()).resolves.toBe(1);
    await expect(ticket.getByText('My invoice shows the wrong VAT number.').count()).resolves.toBe(1);
    await expect(ticket.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await screenshot(sam, 'supervisor-02-tickets-view');
    await sam.context().close();
  });

  it('resolves a ticket: it leaves the open ones, shows under Resolved, can be reopened, and the backlog on the dashboard follows', async () => {
    // Arrange: a new ticket; Sam reads the backlog on the dashboard.
    await leaveTicket('Pekka Niemi', 'pekka@example.com', 'Support', 'Please call me about my contract.');
    const sam = await signIn('sam@demo.parley', 'offline');
    await sam.getByRole('button', { name: 'Dashboard' }).click();
    const backlog = sam.getByRole('list', { name: 'Live now' }).getByRole('listitem', { name: 'Open tickets', exact: true }).locator('.tile-value');
    await expect.poll(async () => Number(await backlog.textContent()), WAIT).toBeGreaterThan(0);
    const before = Number(await backlog.textContent());
    await sam.getByRole('button', { name: 'Tickets' }).click();
    const filter = sam.getByRole('group', { name: 'Show tickets' });
    const ticket = sam.getByRole('listitem', { name: 'Ticket from Pekka Niemi' });
    await ticket.waitFor(WAIT);
    await expect(filter.getByRole('button', { name: `Open (${before})` }).getAttribute('aria-pressed')).resolves.toBe('true');

    // Act: resolved.
    await ticket.getByRole('button', { name: 'Mark resolved' }).click();

    // Assert: gone from the open ones, listed under Resolved with when; the backlog one smaller.
    await ticket.waitFor({ ...WAIT, state: 'detached' });
    await filter.getByRole('button', { name: `Open (${before - 1})` }).waitFor(WAIT);
    await filter.getByRole('button', { name: 'Resolved' }).click();
    await expect(ticket.getByText(/^Resolved \w{3} \d+, \d{4}/).count()).resolves.toBe(1);
    await screenshot(sam, 'supervisor-02b-ticket-resolved');
    await sam.getByRole('button', { name: 'Dashboard' }).click();
    await expect.poll(async () => Number(await backlog.textContent()), WAIT).toBe(before - 1);

    // Act: reopened (the visitor wrote again); back among the open ones and in the backlog.
    await sam.getByRole('button', { name: 'Tickets' }).click();
    await filter.getByRole('button', { name: 'All' }).click();
    await ticket.getByRole('button', { name: 'Reopen' }).click();
    await ticket.getByRole('button', { name: 'Mark resolved' }).waitFor(WAIT);
    await filter.getByRole('button', { name: `Open (${before})` }).waitFor(WAIT);
    await sam.getByRole('button', { name: 'Dashboard' }).click();
    await expect.poll(async () => Number(await backlog.textContent()), WAIT).toBe(before);
    await sam.context().close();
  }, 60_000);
});

describe('team feedback', () => {
  it('carries an agent’s suggestion to the admins, who read it with who sent it; an agent sees only the form', async () => {
    // Arrange: Alice opens Feedback.
    const alice = await signIn('alice@demo.parley', 'offline');
    await alice.getByRole('button', { name: 'Feedback' }).click();
    const form = alice.getByRole('form', { name: 'Send feedback' });

    // Act: she sends a suggestion; Ada (admin) opens Feedback.
    await form.getByLabel('Kind').selectOption({ label: 'Suggestion' });
    await form.getByLabel('Your feedback').fill('Could Alt+W ask for the outcome before closing?');
    await form.getByRole('button', { name: 'Send to the admins' }).click();
    await alice.getByText('Sent. Thank you!').waitFor(WAIT);
    await screenshot(alice, 'supervisor-06-feedback-sent');
    const ada = await signIn('ada@demo.parley', 'offline');
    await ada.getByRole('button', { name: 'Feedback' }).click();
    const item = ada.getByRole('region', { name: 'From the team' }).getByRole('listitem', { name: 'Feedback from Alice' });
    await item.waitFor(WAIT);

    // Assert
    await expect(item.getByText('Could Alt+W ask for the outcome before closing?').count()).resolves.toBe(1);
    await expect(item.getByText('Agent', { exact: true }).count()).resolves.toBe(1);
    await expect(item.getByText('Suggestion', { exact: true }).count()).resolves.toBe(1);
    expect(await form.getByLabel('Your feedback').inputValue()).toBe('');
    expect(await alice.getByRole('region', { name: 'From the team' }).count()).toBe(0);
    await screenshot(ada, 'supervisor-07-feedback-admin');
    await alice.context().close();
    await ada.context().close();
  });
});

describe('SLA alerts', () => {
  it('shows the supervisor a live alert when nobody answers in time, opens the chat from it, and the badge turns red', async () => {
    // Arrange: Sam (supervisor) watching, Alice online; Mia asks and Alice takes the chat without answering.
    const sam = await signIn('sam@demo.parley', 'offline');
    const alice = await signIn('alice@demo.parley');
    const visitor = await visitorAsks('Mia', 'Is my order shipped yet?');
    await alice.getByRole('article', { name: 'Chat offered: Mia' }).getByRole('button', { name: 'Accept' }).click(WAIT);
    await alice.getByRole('region', { name: 'Chat with Mia' }).waitFor(WAIT);

    // Act: nobody answers; the deadline passes.
    const alert = sam.getByRole('article', { name: 'SLA missed: Mia' });
    await alert.waitFor({ timeout: FIRST_RESPONSE_SECONDS * 1000 + ALERT_GRACE_MS });
    await screenshot(sam, 'supervisor-03-sla-alert');

    // Assert: what the alert says, the region screen readers hear, the red badges on both sides.
    await expect(alert.getByText('Mia: first response target missed').count()).resolves.toBe(1);
    await expect(alert.getByText(/Target 3s, \d+s past the deadline · Support · Alice/).count()).resolves.toBe(1);
    await expect(sam.getByRole('region', { name: 'SLA alerts' }).getAttribute('aria-live')).resolves.toBe('assertive');
    const aliceBadge = alice.locator('.chat-item', { hasText: 'Mia' }).locator('.badge.sla');
    await aliceBadge.waitFor(WAIT);
    await expect(colorOf(aliceBadge)).resolves.toBe(RED);
    await expect(aliceBadge.getAttribute('title')).resolves.toBe('SLA missed: first response');
    await screenshot(alice, 'supervisor-04-agent-red-badge');

    // Opening the alert shows the chat (read through the supervisor's right to read any chat), badge red in Sam's list too.
    await alert.getByRole('button', { name: 'Open chat' }).click();
    await sam.getByRole('region', { name: 'Chat with Mia' }).getByText('Is my order shipped yet?').waitFor(WAIT);
    const samBadge = sam.locator('.chat-item.selected', { hasText: 'Mia' }).locator('.badge.sla');
    await expect(colorOf(samBadge)).resolves.toBe(RED);
    // Sam watches Alice's chat: a note for her, no reply box and no Close (both hers alone).
    const watched = sam.getByRole('region', { name: 'Chat with Mia' });
    await watched.getByText('You are watching Alice’s chat', { exact: false }).waitFor(WAIT);
    await expect(watched.getByLabel('Reply', { exact: true }).count()).resolves.toBe(0);
    await expect(watched.getByRole('button', { name: 'Close chat' }).count()).resolves.toBe(0);
    await watched.getByLabel('Internal note', { exact: true }).fill('Alice, Mia has waited past the target');
    await watched.getByLabel('Internal note', { exact: true }).press('Enter');
    await alice.getByText('Alice, Mia has waited past the target').waitFor(WAIT);
    await screenshot(sam, 'supervisor-05-alert-opened');
    await sam.getByRole('button', { name: 'Dismiss the alert about Mia' }).click();
    await expect.poll(() => alert.count(), WAIT).toBe(0);

    // Alice goes offline, so the routing test below starts from two idle agents alone.
    await alice.getByLabel('Status').selectOption('offline');
    await runtime.idle();
    await Promise.all([sam.context().close(), alice.context().close(), visitor.context().close()]);
  });
});

describe('routing in the console', () => {
  it('offers a chat to one agent with a countdown; declined, it goes to the other, who accepts and reads it', async () => {
    // Arrange: Bob and Dave online in support, neither busy.
    const bob = await signIn('bob@demo.parley');
    const dave = await signIn('dave@demo.parley');
    const offerIn = (page: Page) => page.getByRole('article', { name: 'Chat offered: Noah' });

    // Act: Noah asks; whoever is offered the chat first declines it.
    const visitor = await visitorAsks('Noah', 'Can I pay by invoice?');
    await expect.poll(async () => (await offerIn(bob).count()) + (await offerIn(dave).count()), WAIT).toBe(1);
    const [first, second] = (await offerIn(bob).count()) === 1 ? [bob, dave] : [dave, bob];
    const countdown = offerIn(first).getByRole('timer');
    const secondsLeft = Number((await countdown.textContent())?.replace('s', ''));
    await screenshot(first, 'routing-01-offered');
    await offerIn(first).getByRole('button', { name: 'Decline' }).click();
    await offerIn(second).waitFor(WAIT);
    await screenshot(second, 'routing-02-offered-to-the-next');
    await offerIn(second).getByRole('button', { name: 'Accept' }).click();

    // Assert: the countdown ran from the offer timeout; the chat opened for the second agent only.
    // The offer timeout is 30 s; its deadline is the timer's, whole seconds rounded up.
    expect(secondsLeft).toBeGreaterThan(0);
    expect(secondsLeft).toBeLessThanOrEqual(31);
    await second.getByRole('region', { name: 'Chat with Noah' }).getByText('Can I pay by invoice?').waitFor(WAIT);
    await expect.poll(() => offerIn(first).count(), WAIT).toBe(0);
    await expect(first.locator('.chat-item', { hasText: 'Noah' }).count()).resolves.toBe(0);
    await widget(visitor).getByText('joined the chat', { exact: false }).waitFor(WAIT);
    await screenshot(second, 'routing-03-accepted');
    await screenshot(visitor, 'routing-04-visitor-connected');
  });
});

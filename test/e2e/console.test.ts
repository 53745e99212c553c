/**
 * The agent console's tools through the real UI, with a visitor in the widget in a second
 * browser context: canned responses (managed in their view, inserted by `#shortcut` with the
 * placeholders of the right chat, an unknown one refused), tags, the customer context with a
 * previous conversation opened read-only, keyboard shortcuts with the `?` list and the draft kept
 * across chat switches, a transfer the visitor reads, and an urgent transfer to another
 * department. Screenshots land in test-results/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { ChatSummary } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent } from '../integration/harness';
import { goOnline, screenshot, startWorld, stopWorld, WAIT } from './browser';

let runtime: LocalRuntime;
let browser: Browser;
const sockets: Client[] = [];

beforeAll(async () => {
  [runtime, browser] = await startWorld();
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.kill()));
  await stopWorld(runtime, browser);
});

const widget = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');
const agentLog = (page: Page) => page.getByRole('log', { name: 'Messages' });
const visitorLog = (page: Page) => widget(page).getByRole('log', { name: 'Conversation' });

async function aliceSignsIn(page: Page): Promise<void> {
  await page.goto(`${runtime.urls.web}/console/`);
  await page.getByLabel('Email').fill('alice@demo.parley');
  await page.getByLabel('Password').fill('parley-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await goOnline(runtime, page);
}

describe('the agent console’s tools', () => {
  let agent: Page;
  let visitor: Page;

  /** Presses `key` (one chat per press) until `arrived` says so; at most one press per chat in the list. */
  async function chatByKeyboard(key: string, arrived: () => Promise<boolean>): Promise<void> {
    const chats = await agent.locator('.chat-item').count();
    for (let i = 0; i <= chats && !(await arrived()); i++) {
      await agent.keyboard.press(key);
      await agent.waitForTimeout(150);
    }
    expect(await arrived()).toBe(true);
  }

  it('manages canned responses and inserts one by #shortcut, filled for the open chat; an unknown shortcut is refused', async () => {
    // Arrange: Alice online in the console.
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await aliceSignsIn(agent);

    // Act: a personal canned response, made in its view (before Mia asks: her offer's card sits
    // over the view's top right, where "New response" is, until it is answered).
    await agent.getByRole('button', { name: 'Canned responses' }).click();
    await agent.getByRole('button', { name: 'New response' }).click();
    await agent.getByLabel('Shortcut', { exact: true }).fill('ship');
    await agent.getByLabel('Title', { exact: true }).fill('Shipping times');
    await agent.getByLabel('Text', { exact: true }).fill('Hi {{visitor.name}}, {{agent.name}} here: we ship to Finland in 2–3 days.');
    await agent.getByRole('button', { name: 'Save' }).click();
    await agent.getByText('#ship').waitFor(WAIT);
    await agent.getByLabel('Search canned responses').fill('finland');
    await expect.poll(() => agent.locator('.canned-list li').count(), WAIT).toBe(1);
    await screenshot(agent, 'console-01-canned-responses');

    // Mia asks in the widget.
    visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${runtime.urls.web}/`);
    await visitor.getByRole('button', { name: 'Chat with us' }).click();
    await widget(visitor).getByLabel('Your question').fill('Do you ship to Finland?');
    await widget(visitor).getByLabel('Name').fill('Mia');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();

    // The chat (offered, then accepted), the suggestion list, the insert.
    await agent.getByRole('article', { name: 'Chat offered: Mia' }).getByRole('button', { name: 'Accept' }).click(WAIT);
    await agent.getByRole('button', { name: /^Mia/ }).click(WAIT);
    await agentLog(agent).getByText('Do you ship to Finland?').waitFor(WAIT);
    await agent.getByLabel('Reply').pressSequentially('#sh', { delay: 20 });
    await agent.getByRole('option', { name: /#ship/ }).waitFor(WAIT);
    await screenshot(agent, 'console-02-canned-suggestions');
    await agent.getByLabel('Reply').press('Enter');
    await expect.poll(() => agent.getByLabel('Reply').inputValue(), WAIT).toBe('Hi Mia, Alice here: we ship to Finland in 2–3 days.');
    await agent.getByLabel('Reply').press('Enter');
    await visitorLog(visitor).getByText('Hi Mia, Alice here: we ship to Finland in 2–3 days.').waitFor(WAIT);

    // An unknown shortcut: the server's error, under the box.
    await agent.getByLabel('Reply').pressSequentially('#nope', { delay: 20 });
    await agent.getByText('No canned response matches “#nope”.').waitFor(WAIT);
    await agent.getByLabel('Reply').press('Enter');

    // Assert
    await agent.getByRole('alert').getByText('No canned response #nope').waitFor(WAIT);
    await screenshot(agent, 'console-03-unknown-shortcut');
    await agent.getByLabel('Reply').fill('');
  });

  it('tags the chat from the list or a new tag, and refuses one over the limit', async () => {
    // Act
    const addTag = async (tag: string) => {
      await agent.getByLabel('Add a tag…').fill(tag);
      await agent.getByRole('button', { name: 'Add tag' }).click();
    };
    await addTag('shipping');
    await agent.getByRole('button', { name: 'Remove tag shipping' }).waitFor(WAIT);
    await addTag('VIP customer');
    await agent.getByRole('button', { name: 'Remove tag vip customer' }).waitFor(WAIT);
    await addTag('x'.repeat(41));

    // Assert
    await agent.getByRole('alert').getByText('a tag is at most 40 characters', { exact: false }).waitFor(WAIT);
    await expect(agent.locator('.chip').allTextContents()).resolves.toEqual(['shipping×', 'vip customer×']);
    await screenshot(agent, 'console-04-tags');
    await agent.getByLabel('Add a tag…').fill('');
  });

  it('shows the customer’s context and opens a previous conversation read-only', async () => {
    // Arrange: Noah chatted before (closed), and now again with the site's custom fields.
    const noah = await connectVisitor(runtime);
    const aliceSocket = await connectAgent(runtime, 'alice@demo.parley');
    sockets.push(noah.client, aliceSocket);
    const page = { url: 'https://shop.example/boots', title: 'Fjell boots', referrer: 'https://search.example/', locale: 'fi-FI', userAgent: 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36' };
    const before = await noah.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Where is my order A-1001?', clientMessageId: newId('m'), name: 'Noah' });
    await expect.poll(async () => (await aliceSocket.ack<{ chat: ChatSummary }>({ action: 'resume', chatId: before.chat.chatId, afterSeq: 0 })).chat.status, WAIT).toBe('assigned');
    await aliceSocket.ack({ action: 'sendMessage', chatId: before.chat.chatId, clientMessageId: newId('m'), text: 'It left the warehouse today.' });
    await aliceSocket.ack({ action: 'closeChat', chatId: before.chat.chatId, outcome: 'resolved' });
    await noah.client.ack({ action: 'startChat', text: 'Can I change the size?', clientMessageId: newId('m'), name: 'Noah', email: 'noah@example.com', page, fields: { plan: 'Pro', orderId: 'A-1001' } });

    // Act
    // The open chat, not the closed one beside it in the list (once the console has it closed:
    // until its `chat` frame arrives, the earlier chat is still an assigned Noah too).
    await agent.locator('.chat-item.closed', { hasText: 'Noah' }).waitFor(WAIT);
    await agent.locator('.chat-item.assigned', { hasText: 'Noah' }).click(WAIT);
    await agentLog(agent).getByText('Can I change the size?').waitFor(WAIT);
    const details = agent.getByRole('complementary', { name: 'Customer details' });
    await details.getByText('Chrome 131 on Windows').waitFor(WAIT);
    await details.getByRole('button', { name: /Alice · resolved/ }).click();
    const history = agent.getByRole('dialog');
    await history.getByText('It left the warehouse today.').waitFor(WAIT);

    // Assert
    await expect(details.getByText('noah@example.com').count()).resolves.toBe(1);
    await expect(details.locator('dl.fields').getByText('A-1001', { exact: true }).count()).resolves.toBe(1);
    await expect(details.getByText('fi-FI').count()).resolves.toBe(1);
    await expect(history.getByRole('textbox').count()).resolves.toBe(0);
    await screenshot(agent, 'console-05-context-history');
    await history.getByRole('button', { name: 'Close' }).click();
  });

  it('moves between chats by keyboard, keeps each chat’s draft, and lists the shortcuts on ?', async () => {
    // Arrange: Noah's chat is open; a half-written reply.
    await agent.getByLabel('Reply').fill('Half-written answer about sizes');

    // Act: down the list to Mia, then back up to Noah's open chat.
    await chatByKeyboard('Alt+ArrowDown', () => agent.getByRole('region', { name: 'Chat with Mia' }).count().then((n) => n === 1));
    const atMia = await agent.getByLabel('Reply').inputValue();
    await chatByKeyboard('Alt+ArrowUp', async () => (await agent.locator('.chat-item.selected.assigned', { hasText: 'Noah' }).count()) === 1);
    const kept = await agent.getByLabel('Reply').inputValue();
    await agent.getByLabel('Messages').click();
    await agent.keyboard.press('?');
    const help = agent.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor(WAIT);

    // Assert
    expect(atMia).toBe('');
    expect(kept).toBe('Half-written answer about sizes');
    await expect(help.getByText('Transfer the chat').count()).resolves.toBe(1);
    await screenshot(agent, 'console-06-keyboard-help');
    await agent.keyboard.press('Escape');
    await expect.poll(() => help.count(), WAIT).toBe(0);
  });

  let bob: Client;

  it('transfers a chat by keyboard to a colleague with a reason the visitor reads', async () => {
    // Arrange: Bob comes online; Mia's chat is open.
    bob = await onlineAgent(runtime, 'bob@demo.parley');
    sockets.push(bob);
    await chatByKeyboard('Alt+ArrowDown', () => agent.getByRole('region', { name: 'Chat with Mia' }).count().then((n) => n === 1));

    // Act: no reason first (refused), then a reason.
    await agent.keyboard.press('Alt+t');
    const dialog = agent.getByRole('dialog', { name: 'Transfer this chat' });
    // The dialog's one select ("To"): it sits in its label, so its name gains the chosen colleague once they load.
    await dialog.getByRole('combobox').selectOption({ label: 'Bob (0/3)' });
    await dialog.getByRole('button', { name: 'Transfer chat' }).click();
    await dialog.getByRole('alert').getByText('the visitor sees the reason', { exact: false }).waitFor(WAIT);
    await dialog.getByLabel('Reason (the visitor sees it)').fill('Bob looks after Finnish orders');
    await screenshot(agent, 'console-07-transfer-dialog');
    await dialog.getByRole('button', { name: 'Transfer chat' }).click();

    // Assert
    await visitorLog(visitor).getByText("You're being connected to Bob: Bob looks after Finnish orders").waitFor(WAIT);
    await expect.poll(() => agent.getByRole('button', { name: /^Mia/ }).count(), WAIT).toBe(0);
    await screenshot(visitor, 'console-08-visitor-sees-transfer');
    await screenshot(agent, 'console-09-after-transfer');
  });

  it('transfers a chat to another department as urgent: the agent there is offered it marked Urgent', async () => {
    // Arrange: Bob steps away, so Oskari's question reaches Alice; Carol (Sales) is at her console.
    await bob.ack({ action: 'setStatus', status: 'away' });
    const carol = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await carol.goto(`${runtime.urls.web}/console/`);
    await carol.getByLabel('Email').fill('carol@demo.parley');
    await carol.getByLabel('Password').fill('parley-demo');
    await carol.getByRole('button', { name: 'Sign in' }).click();
    await goOnline(runtime, carol);
    const noah = await connectVisitor(runtime);
    sockets.push(noah.client);
    await noah.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'I want to upgrade 40 seats today', name: 'Oskari', clientMessageId: newId('m') });
    // Alice's own socket from the context test takes her offers: the chat is in her list.
    await agent.getByRole('button', { name: /^Oskari/ }).click(WAIT);
    await agent.getByRole('region', { name: 'Chat with Oskari' }).waitFor(WAIT);

    // Act: to Sales, urgent (the box shows only for a department).
    await agent.keyboard.press('Alt+t');
    const dialog = agent.getByRole('dialog', { name: 'Transfer this chat' });
    await dialog.getByRole('combobox').selectOption({ label: 'Sales' });
    await dialog.getByLabel('Urgent: ahead of everyone waiting there').check();
    await dialog.getByLabel('Reason (the visitor sees it)').fill('Sales can change your plan');
    await screenshot(agent, 'console-10-urgent-transfer');
    await dialog.getByRole('button', { name: 'Transfer chat' }).click();

    // Assert: Carol's offer says Urgent, and so does her chat list once she takes it.
    const offer = carol.getByRole('article', { name: 'Chat offered: Oskari' });
    await offer.getByText('Urgent', { exact: true }).waitFor(WAIT);
    await screenshot(carol, 'console-11-urgent-offer');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await carol.getByRole('button', { name: /^Oskari/ }).getByText('Urgent', { exact: true }).waitFor(WAIT);
    await carol.getByRole('region', { name: 'Chat with Oskari' }).getByText("You're being connected to Sales: Sales can change your plan").waitFor(WAIT);
    await carol.context().close();
  });
});

/**
 * Settings → Privacy in the browser: an admin finds a contact by e-mail, downloads the export
 * (the chat's words in it), deletes the contact after the confirmation, and sees the erasure
 * recorded; a verified contact found by the site's user id shows the anonymous id they chatted
 * under before logging in, with that chat counted; a supervisor has no Privacy view.
 * Screenshots: test-results/privacy-*.png.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactExport } from '../../functions/contracts/contacts';
import { signSiteUser } from '../../functions/adapters/site-identities';
import type { ChatSummary } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { type Client, connectVisitor, newId, onlineAgent, visitorSession, type Visitor } from '../integration/harness';
import { screenshot, signInToConsole, startWorld, stopWorld, WAIT } from './browser';

const CONTACT = { name: 'Pia Private', email: 'pia.private@example.com', words: 'pia-wants-her-data' };

let runtime: LocalRuntime;
let browser: Browser;
let alice: Client;
let pia: Visitor;
/** A verified customer who chatted anonymously first: the anonymous id and the user id. */
const LINKED = { userId: 'shop-user-4410', name: 'Lauri Linked' };
let anonymousId: string;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
  alice = await onlineAgent(runtime, 'alice@demo.parley');
  pia = await connectVisitor(runtime, await visitorSession(runtime, { name: CONTACT.name, email: CONTACT.email }));
  const { chat } = await pia.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: CONTACT.words, clientMessageId: newId('m') });
  await alice.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  await alice.ack({ action: 'sendMessage', chatId: chat.chatId, clientMessageId: newId('m'), text: 'Of course, Pia.' });
  await alice.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
  // Lauri asks anonymously, then logs in on the same browser (the anonymous id gets linked) and asks again.
  const anonymous = await visitorSession(runtime);
  anonymousId = anonymous.visitorId;
  const identity = { ...LINKED, signature: signSiteUser(LINKED.userId, runtime.identitySecret) };
  for (const session of [anonymous, await visitorSession(runtime, { visitorId: anonymous.visitorId, previousToken: anonymous.token, identity })]) {
    const lauri = await connectVisitor(runtime, session);
    const started = await lauri.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'lauri-asks', clientMessageId: newId('m') });
    await alice.waitFor('chat', (f) => f.chat.chatId === started.chat.chatId && f.chat.status === 'assigned');
    await alice.ack({ action: 'closeChat', chatId: started.chat.chatId, outcome: 'resolved' });
    await lauri.client.kill();
  }
  await runtime.idle();
}, 120_000);

afterAll(async () => {
  await Promise.all([alice?.kill(), pia?.client.kill()]);
  await stopWorld(runtime, browser);
});

async function signIn(username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
  await signInToConsole(runtime, page, username);
  return page;
}

describe('console Privacy view (admins)', () => {
  it('finds a contact by e-mail, exports their data as JSON, and deletes it after a confirmation', async () => {
    // Arrange
    const page = await signIn('ada@demo.parley');
    await page.getByRole('button', { name: 'Privacy', exact: true }).click();

    // Act: find
    await page.getByLabel('Find by').selectOption('email');
    await page.getByLabel('Contact', { exact: true }).fill(CONTACT.email.toUpperCase());
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const row = page.getByRole('listitem', { name: `Contact ${CONTACT.name}` });
    await row.waitFor(WAIT);

    // Assert
    await expect(row.textContent()).resolves.toContain('1 chats (0 open) · 0 tickets');
    await expect(row.textContent()).resolves.toContain(pia.session.visitorId);
    await screenshot(page, 'privacy-found');

    // Act: export
    const [file] = await Promise.all([page.waitForEvent('download', WAIT), row.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(await readFile(await file.path(), 'utf8')) as ContactExport;

    // Assert
    expect(file.suggestedFilename()).toBe(`parley-contact-${pia.session.visitorId}.json`);
    expect(exported).toMatchObject({ format: 'parley.contact-export', visitorId: pia.session.visitorId, profile: { name: CONTACT.name, email: CONTACT.email } });
    expect(exported.chats[0]?.messages.map((m) => m.text)).toContain(CONTACT.words);

    // Act: delete, with a confirmation that says what goes
    await row.getByRole('button', { name: 'Delete data' }).click();
    const confirm = row.getByRole('group', { name: 'Delete permanently' });
    await expect(confirm.textContent()).resolves.toContain(`Delete everything stored about ${CONTACT.name}: 1 chats`);
    await screenshot(page, 'privacy-confirm');
    await confirm.getByRole('button', { name: 'Delete permanently' }).click();
    await row.getByRole('status').filter({ hasText: 'Erased' }).waitFor(WAIT);

    // Assert
    await expect(row.textContent()).resolves.toContain('0 chats (0 open) · 0 tickets');
    await expect(row.getByRole('status').textContent()).resolves.toMatch(/Erased .*1 chats/);
    await expect(row.getByRole('button', { name: 'Export JSON' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'privacy-erased');
    const again = await pia.client.request({ action: 'resume', chatId: exported.chats[0]?.chat.chatId ?? '', afterSeq: 0 });
    expect(again).toMatchObject({ type: 'error', code: 'not_found' });
  });

  it('finds a verified contact by the site’s user id with the anonymous id they used before logging in', async () => {
    // Arrange
    const page = await signIn('ada@demo.parley');
    await page.getByRole('button', { name: 'Privacy', exact: true }).click();

    // Act
    await page.getByLabel('Find by').selectOption('userId');
    await page.getByLabel('Contact', { exact: true }).fill(LINKED.userId);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    const row = page.getByRole('listitem', { name: `Contact ${LINKED.name}` });
    await row.waitFor(WAIT);

    // Assert: both chats counted, the linked id named.
    await expect(row.textContent()).resolves.toContain('2 chats (0 open) · 0 tickets');
    await expect(row.textContent()).resolves.toContain(`Includes the visitor ids they used before logging in: ${anonymousId}`);
    await screenshot(page, 'privacy-linked');
  });

  it('is not offered to a supervisor', async () => {
    const page = await signIn('sam@demo.parley');

    await expect(page.getByRole('button', { name: 'Dashboard', exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Privacy', exact: true }).count()).resolves.toBe(0);
  });
});

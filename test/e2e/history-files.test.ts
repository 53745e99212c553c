/**
 * A file in a customer's earlier conversation, in real Chromium: the customer sent Bob a photo
 * last time; today Alice has them, opens that conversation read-only from the context panel,
 * and the photo shows (its URL asked for through today's chat, `getAttachment` with
 * `viaChatId`). Screenshot: test-results/history-files-01-earlier-photo.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckPayloads, ChatSummary } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { type Client, connectVisitor, newId, onlineAgent, type Visitor } from '../integration/harness';
import { goOnline, screenshot, signInToConsole, startWorld, stopWorld, WAIT } from './browser';

/** A real 2×2 PNG, so the browser can decode it (naturalWidth > 0 proves the bytes arrived). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4YWMDRAwQCgAlPgUBdJmUYAAAAABJRU5ErkJggg==', 'base64');

let runtime: LocalRuntime;
let browser: Browser;
let bob: Client;
let customer: Visitor;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
  // Last time: the customer sends Bob a photo of the parcel; Bob closes the chat and signs off.
  bob = await onlineAgent(runtime, 'bob@demo.parley');
  customer = await connectVisitor(runtime);
  const { chat } = await customer.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'My parcel arrived broken', clientMessageId: newId('m') });
  await bob.waitFor('chat', (f) => f.chat.chatId === chat.chatId && f.chat.status === 'assigned');
  const { attachment, upload } = await customer.client.ack<AckPayloads['requestUpload']>({ action: 'requestUpload', chatId: chat.chatId, fileName: 'broken-parcel.png', contentType: 'image/png', size: PNG.length });
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(PNG), signal: AbortSignal.timeout(10_000) });
  expect(put.status).toBe(200);
  await customer.client.ack({ action: 'sendMessage', chatId: chat.chatId, clientMessageId: newId('m'), text: 'Here is a photo', attachments: [attachment] });
  await bob.ack({ action: 'closeChat', chatId: chat.chatId, outcome: 'resolved' });
  await bob.ack({ action: 'setStatus', status: 'away' });
  await runtime.idle();
}, 120_000);

afterAll(async () => {
  await Promise.all([bob?.kill(), customer?.client.kill()]);
  await stopWorld(runtime, browser);
});

async function aliceOnline(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await signInToConsole(runtime, page, 'alice@demo.parley');
  await goOnline(runtime, page);
  return page;
}

describe('files of an earlier conversation in the console', () => {
  it('show in the read-only history dialog for the agent who has the customer today', async () => {
    // Arrange: the customer is back; Alice accepts.
    const agent = await aliceOnline();
    await customer.client.ack({ action: 'startChat', text: 'About the broken parcel again', clientMessageId: newId('m') });
    await agent.locator('.offer').getByRole('button', { name: 'Accept' }).click(WAIT);
    await agent.getByRole('log', { name: 'Messages' }).getByText('About the broken parcel again').waitFor(WAIT);

    // Act: open the earlier conversation from the context panel.
    const previous = agent.getByRole('complementary', { name: 'Customer details' }).locator('.previous li');
    await expect.poll(() => previous.count(), WAIT).toBe(1);
    await previous.first().getByRole('button').click();
    const history = agent.getByRole('dialog');
    await history.getByText('Here is a photo').waitFor(WAIT);
    const photo = history.locator('img[alt="broken-parcel.png"]');
    await photo.waitFor(WAIT);

    // Assert: the image decoded (its bytes came from the store), and nothing in the dialog is editable.
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), WAIT).toBe(2);
    await expect(history.getByRole('textbox').count()).resolves.toBe(0);
    await screenshot(agent, 'history-files-01-earlier-photo');
  });
});

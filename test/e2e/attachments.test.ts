/**
 * Attachments in the agent console, in Chromium, against the local runtime and its S3-compatible
 * store: a visitor's photo (uploaded through the presigned URL by a visitor on a real socket)
 * shows inline; the agent attaches a PDF through the file picker and the visitor downloads it;
 * an oversized file and a disallowed type are refused with a message; a hostile file name stays
 * text. In the widget (the real one, in the demo page's frame): the visitor's photo from the
 * paperclip shows in the console, the agent's PDF is a link in the widget, an oversized file is
 * refused there with the message. A screenshot pasted into the console's reply box and a photo
 * dropped on the widget's composer are sent like the paperclip's. Screenshots land in test-results/.
 */
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import type { AckPayloads, ChatSummary } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { type Client, connectVisitor, newId } from '../integration/harness';
import { goOnline, screenshot, startWorld, stopWorld, WAIT } from './browser';

/** A real 48×32 PNG, half red, half blue: a preview with something to see. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), ...Array.from({ length: width }, (_, x) => Buffer.from(x < width / 2 ? [220, 38, 38] : [37, 99, 235]))]));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
const PNG = png(48, 32);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const HOSTILE = '<img src=x onerror="window.__xss=1">receipt.png';

/**
 * Fires what a browser fires when a file is pasted into (`paste`) or dragged and dropped on
 * (`dragover`, `drop`) an element: the file rides in the event's DataTransfer, as from the OS.
 */
async function carryFile(target: Locator, how: 'paste' | 'drop', file: { name: string; type: string; bytes: Buffer }): Promise<void> {
  await target.evaluate(
    (element, { how, name, type, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type }));
      const init = { bubbles: true, cancelable: true };
      if (how === 'paste') element.dispatchEvent(new ClipboardEvent('paste', { ...init, clipboardData: data }));
      else for (const kind of ['dragover', 'drop']) element.dispatchEvent(new DragEvent(kind, { ...init, dataTransfer: data }));
    },
    { how, name: file.name, type: file.type, bytes: [...file.bytes] },
  );
}

let runtime: LocalRuntime;
let browser: Browser;
let page: Page;
let mia: Client;
let chatId: string;

async function sendPhoto(name: string): Promise<void> {
  const { attachment, upload } = await mia.ack<AckPayloads['requestUpload']>({ action: 'requestUpload', chatId, fileName: name, contentType: 'image/png', size: PNG.length });
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: new Uint8Array(PNG) });
  expect(put.status).toBe(200);
  await mia.ack({ action: 'sendMessage', chatId, clientMessageId: newId('m'), text: '', attachments: [attachment] });
}

beforeAll(async () => {
  [runtime, browser] = await startWorld();
  const agent = runtime.demoUsers.find((u) => u.username.startsWith('alice'));
  if (!agent) throw new Error('no demo agent alice');
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${runtime.urls.web}/console/`);
  await page.getByLabel('Email').fill(agent.username);
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await goOnline(runtime, page);
  mia = (await connectVisitor(runtime)).client;
  const { chat } = await mia.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Here is my receipt', clientMessageId: newId('m'), name: 'Mia' });
  chatId = chat.chatId;
  await page.getByRole('article', { name: 'Chat offered: Mia' }).getByRole('button', { name: 'Accept' }).click(WAIT);
  await page.getByRole('button', { name: /Mia/ }).first().click(WAIT);
}, 120_000);

afterAll(async () => {
  await mia?.kill();
  await stopWorld(runtime, browser);
});

describe('attachments in the console', () => {
  it('shows the visitor’s photo inline, and it opens full size', async () => {
    await sendPhoto('receipt.png');

    const preview = page.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'receipt.png' });
    await preview.waitFor(WAIT);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.attachment img')].some((img) => img.complete && img.naturalWidth === 48));
    await screenshot(page, 'attachments-console-image');

    const link = page.locator('a.attachment.image');
    expect(await link.getAttribute('target')).toBe('_blank');
    const full = await fetch((await link.getAttribute('href')) as string);
    expect(full.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(PNG);
  });

  it('sends a PDF from the file picker; the visitor gets it as a download of the same bytes', async () => {
    await page.getByLabel('Attach a file (image or PDF)').setInputFiles({ name: 'Terms & prices.pdf', mimeType: 'application/pdf', buffer: PDF });

    const pushed = await mia.waitFor('message', (f) => f.message.attachments?.[0]?.name === 'Terms & prices.pdf', 15_000);
    const link = page.getByRole('log', { name: 'Messages' }).locator('a.attachment.file', { hasText: 'Terms & prices.pdf' });
    await link.waitFor(WAIT);
    await screenshot(page, 'attachments-console-pdf');
    const { url } = await mia.ack<AckPayloads['getAttachment']>({ action: 'getAttachment', chatId, seq: pushed.message.seq, attachmentId: pushed.message.attachments?.[0]?.id });
    const file = await fetch(url);

    expect(await link.textContent()).toMatch(/Terms & prices\.pdf\s*1 KB/);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
  });

  it('sends a screenshot pasted into the reply box, as one from the file picker', async () => {
    const replyBox = page.locator('form.composer textarea');
    await replyBox.fill('See the marked line');

    await carryFile(replyBox, 'paste', { name: 'pasted.png', type: 'image/png', bytes: PNG });

    const pushed = await mia.waitFor('message', (f) => f.message.attachments?.[0]?.name === 'pasted.png', 15_000);
    await page.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'pasted.png' }).waitFor(WAIT);
    await screenshot(page, 'attachments-console-pasted');
    expect(pushed.message.attachments?.[0]).toMatchObject({ contentType: 'image/png', size: PNG.length });
    expect(await replyBox.inputValue()).toBe('See the marked line'); // the draft is the agent's still
  });

  it.each([
    ['an oversized file', { name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) }, 'File too large (max 10 MB)'],
    ['a disallowed type', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }, "This file type isn't allowed (images and PDFs only)"],
  ])('refuses %s with a message and sends nothing', async (_name, file, message) => {
    const before = await page.locator('.bubble').count();

    await page.getByLabel('Attach a file (image or PDF)').setInputFiles(file);

    await page.getByRole('alert').filter({ hasText: message }).waitFor(WAIT);
    await screenshot(page, `attachments-console-refused-${file.name.replace('.', '-')}`);
    expect(await page.locator('.bubble').count()).toBe(before);
    expect(mia.pending('message').filter((f) => f.message.attachments?.some((a) => a.name === file.name))).toEqual([]);
  });

  it('shows a hostile file name as text', async () => {
    await sendPhoto(HOSTILE);

    await page.getByRole('log', { name: 'Messages' }).getByRole('img', { name: HOSTILE }).waitFor(WAIT);
    const traces = await page.evaluate(() => ({ ran: (window as unknown as { __xss?: unknown }).__xss, injected: document.querySelectorAll('img[src="x"]').length }));

    expect(traces).toEqual({ ran: undefined, injected: 0 });
  });
});

describe('attachments in the widget', () => {
  let visitor: Page;
  const widget = (): FrameLocator => visitor.frameLocator('iframe[data-parley]');

  beforeAll(async () => {
    visitor = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
    await visitor.goto(`${runtime.urls.web}/`);
    await visitor.locator('button[aria-expanded]').click();
    await widget().getByLabel('Name').fill('Noor');
    await widget().getByLabel('Your question').fill('Is this the right part?');
    await widget().getByRole('button', { name: 'Start chat' }).click();
    await page.getByRole('article', { name: 'Chat offered: Noor' }).getByRole('button', { name: 'Accept' }).click(WAIT);
    await page.getByRole('button', { name: /Noor/ }).first().click(WAIT);
  }, 60_000);

  it('the visitor attaches a photo from the widget; the agent sees it inline', async () => {
    await widget().getByLabel('Attach a file (image or PDF)').setInputFiles({ name: 'part.png', mimeType: 'image/png', buffer: PNG });

    await widget().getByRole('img', { name: 'part.png' }).waitFor(WAIT);
    await page.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'part.png' }).waitFor(WAIT);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.attachment img')].some((img) => img.alt === 'part.png' && img.complete && img.naturalWidth === 48));
    await screenshot(page, 'attachments-widget-image-in-console');
    await screenshot(visitor, 'attachments-widget-image');
  });

  it('the agent sends a PDF; the visitor’s widget shows a link to the same bytes', async () => {
    await page.getByLabel('Attach a file (image or PDF)').setInputFiles({ name: 'Fitting guide.pdf', mimeType: 'application/pdf', buffer: PDF });

    const link = widget().locator('a.attachment.file', { hasText: 'Fitting guide.pdf' });
    await link.waitFor(WAIT);
    await visitor.waitForFunction(() => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe[data-parley]');
      return [...(frame?.contentDocument?.querySelectorAll<HTMLAnchorElement>('a.attachment.file') ?? [])].some((a) => a.href.startsWith('http'));
    });
    await screenshot(visitor, 'attachments-widget-pdf');
    const file = await fetch((await link.getAttribute('href')) as string);

    expect(await link.textContent()).toMatch(/Fitting guide\.pdf\s*1 KB/);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
  });

  it('the visitor drops a photo on the composer; the agent sees it inline', async () => {
    await carryFile(widget().locator('form.composer'), 'drop', { name: 'dropped.png', type: 'image/png', bytes: PNG });

    await widget().getByRole('img', { name: 'dropped.png' }).waitFor(WAIT);
    await page.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'dropped.png' }).waitFor(WAIT);
    await screenshot(visitor, 'attachments-widget-dropped');
  });

  it('refuses an oversized file in the widget with a message and sends nothing', async () => {
    const before = await widget().locator('.bubble').count();

    await widget().getByLabel('Attach a file (image or PDF)').setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });

    await widget().getByRole('alert').filter({ hasText: 'File too large (max 10 MB)' }).waitFor(WAIT);
    await screenshot(visitor, 'attachments-widget-refused');
    expect(await widget().locator('.bubble').count()).toBe(before);
  });
});

/**
 * Going online, in real Chromium, with the console's setStatus frame held on the wire (a loaded
 * server reading it late): the console shows the choice as unconfirmed ("Confirming…", a hollow
 * dot) for as long as the server does not have it, because meanwhile routing does not know the
 * agent is there (a visitor asking then is told nobody is online). Once the server answers, the
 * dot fills, and the next chat is offered to the agent. This is the CI flake of history-files
 * (docs/reliability.md, "The offer that never came"): its setup took the choice for the fact.
 * Screenshot: test-results/presence-01-confirming.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../functions/contracts/frames';
import type { LocalRuntime } from '../../lib/local';
import { type Client, connectVisitor, newId } from '../integration/harness';
import { screenshot, signInToConsole, startWorld, stopWorld, WAIT } from './browser';

let runtime: LocalRuntime;
let browser: Browser;
const visitors: Client[] = [];

beforeAll(async () => {
  [runtime, browser] = await startWorld();
}, 120_000);

afterAll(async () => {
  await Promise.all(visitors.map((v) => v.kill()));
  await stopWorld(runtime, browser);
});

/** A console whose setStatus frames wait on the wire until `release()`; every other frame passes. */
async function consoleWithHeldStatus(): Promise<{ page: Page; release: () => void }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const held: (() => void)[] = [];
  let holding = true;
  await context.routeWebSocket(/.*/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const send = () => server.send(message);
      if (holding && typeof message === 'string' && message.includes('"action":"setStatus"')) held.push(send);
      else send();
    });
    server.onMessage((message) => ws.send(message));
  });
  const release = () => {
    holding = false;
    for (const send of held.splice(0)) send();
  };
  return { page: await context.newPage(), release };
}

/** A console whose setStatus frames never reach the server: the route answers each with `error` (a refusal). */
async function consoleWithRefusedStatus(error: { code: string; message: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.routeWebSocket(/.*/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = typeof message === 'string' ? (JSON.parse(message) as { action?: string; requestId?: string }) : {};
      if (frame.action === 'setStatus') ws.send(JSON.stringify({ type: 'error', requestId: frame.requestId, ...error }));
      else server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  return context.newPage();
}

async function visitorAsks(text: string): Promise<ChatSummary> {
  const { client } = await connectVisitor(runtime);
  visitors.push(client);
  const { chat } = await client.ack<{ chat: ChatSummary }>({ action: 'startChat', text, clientMessageId: newId('m') });
  return chat;
}

describe('going online in the console', () => {
  it('shows the choice as unconfirmed until the server has it, then the agent is offered chats', async () => {
    // Arrange: Alice signed in, her setStatus held back.
    const { page, release } = await consoleWithHeldStatus();
    await signInToConsole(runtime, page, 'alice@demo.parley');
    const status = page.getByLabel('Status');

    // Act: she picks Online; the server has not heard it yet.
    await status.selectOption('online');

    // Assert: the console says so, and it is true: a visitor asking now finds nobody online.
    await page.locator('.dot.online.pending').waitFor(WAIT);
    await page.getByText('Confirming…').waitFor(WAIT);
    await expect(status.getAttribute('aria-busy')).resolves.toBe('true');
    await page.getByRole('heading', { name: 'Going online…' }).waitFor(WAIT);
    await screenshot(page, 'presence-01-confirming');
    await runtime.idle();
    expect((await visitorAsks('Anyone there?')).status).toBe('offline');

    // Act: the frame arrives.
    release();

    // Assert: confirmed (filled dot, no "Confirming…"), and the next visitor's chat is offered to her.
    await page.locator('.dot.online:not(.pending)').waitFor(WAIT);
    await page.getByText('Confirming…').waitFor({ ...WAIT, state: 'detached' });
    await expect(status.getAttribute('aria-busy')).resolves.toBe(null);
    await page.getByRole('heading', { name: 'Waiting for the next chat' }).waitFor(WAIT);
    await runtime.idle();
    expect((await visitorAsks('Where is my order?')).status).toBe('queued');
    await page.locator('.offer').getByRole('button', { name: 'Accept' }).click(WAIT);
    await page.getByRole('log', { name: 'Messages' }).getByText('Where is my order?').waitFor(WAIT);
  });

  it('shows a refused choice as not taken, with the reason, instead of confirming for ever', async () => {
    // Arrange
    const page = await consoleWithRefusedStatus({ code: 'rate_limited', message: 'Too many status changes; retry in 1000 ms' });
    await signInToConsole(runtime, page, 'bob@demo.parley');
    const status = page.getByLabel('Status');

    // Act
    await status.selectOption('online');

    // Assert: back to what the server has (offline), nothing pending, the reason in an alert.
    await page.getByRole('alert').filter({ hasText: 'Status not changed: Too many status changes; retry in 1000 ms' }).waitFor(WAIT);
    await page.locator('.dot.offline:not(.pending)').waitFor(WAIT);
    await expect(status.inputValue()).resolves.toBe('offline');
    await expect(page.getByText('Confirming…').count()).resolves.toBe(0);
    await page.getByRole('heading', { name: 'You are not online' }).waitFor(WAIT);
    await screenshot(page, 'presence-02-refused');
  });
});

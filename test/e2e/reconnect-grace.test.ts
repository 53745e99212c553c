/**
 * The reconnect grace (docs/decisions.md, "Reconnect grace") as a person meets it, in real
 * Chromium against the local runtime: Alice is the only agent online when her network drops (the
 * browser goes offline and her console's socket is gone). Her console
 * says it is reconnecting; a visitor who asks meanwhile is queued ("Waiting for an agent" /
 * "next in line"), not shown the offline form, because Alice is still within
 * `routing.reconnectGraceSeconds`. When the network is back her console reconnects by itself, the
 * chat is offered to her, and she accepts it and reads the question.
 * Screenshots: test-results/grace-01-visitor-waiting.png, grace-02-console-reconnecting.png,
 * grace-03-offer-after-reconnect.png.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../lib/local';
import { LOCAL_CREDENTIALS } from '../../lib/local/dynamodb';
import { goOnline, launcher, screenshot, signInToConsole, startWorld, stopWorld, WAIT, widget } from './browser';

let runtime: LocalRuntime;
let browser: Browser;

beforeAll(async () => {
  // The default grace (60 s) is far longer than the blip below.
  [runtime, browser] = await startWorld();
}, 120_000);

afterAll(async () => {
  await stopWorld(runtime, browser);
});

/**
 * A console whose network can be cut and restored. Cutting closes the open sockets on both ends
 * (the page sees 1001, the server a close) and takes the browser offline (no token fetch, no new
 * socket; one the page opens anyway is closed at once). Restoring brings the network back, and
 * the browser's `online` event wakes the console's reconnect loop.
 */
async function consoleWithCuttableNetwork(): Promise<{ page: Page; cut: () => Promise<void>; restore: () => Promise<void> }> {
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  let down = false;
  const open = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>();
  await context.routeWebSocket(/.*/, async (ws) => {
    if (down) {
      await ws.close({ code: 1001, reason: 'network down' });
      return;
    }
    const server = ws.connectToServer();
    const pair = { page: ws, server };
    open.add(pair);
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => ws.send(message));
    ws.onClose(async (code, reason) => {
      open.delete(pair);
      await server.close({ code, reason }).catch(() => undefined);
    });
    server.onClose(async (code, reason) => {
      open.delete(pair);
      await ws.close({ code, reason }).catch(() => undefined);
    });
  });
  const cut = async () => {
    down = true;
    const pairs = [...open];
    open.clear();
    // The sockets first: an offline browser sends nothing, not even a close, and the server would
    // see the socket open until its idle timeout (no grace would start; that is not this test).
    // (A page may close a socket only with 1000 or 3000–4999; the server runs the same $disconnect for any.)
    await Promise.all(pairs.flatMap(({ page, server }) => [server.close({ code: 1000, reason: 'network down' }), page.close({ code: 1001, reason: 'network down' })]));
    await context.setOffline(true);
  };
  const restore = async () => {
    down = false;
    await context.setOffline(false);
  };
  return { page: await context.newPage(), cut, restore };
}

async function aliceProfile(): Promise<Record<string, unknown> | undefined> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: runtime.urls.dynamodb, region: 'us-east-1', credentials: LOCAL_CREDENTIALS }));
  const { Item } = await client.send(new GetCommand({ TableName: runtime.tableName, Key: { pk: 'AGENT#u-alice', sk: 'PROFILE' }, ConsistentRead: true }));
  return Item;
}

describe('an agent whose network blips', () => {
  it('keeps the visitor queued through the blip and gets the chat offered once the console is back', async () => {
    // Arrange: Alice online in the console, the only agent online.
    const { page: agent, cut, restore } = await consoleWithCuttableNetwork();
    await signInToConsole(runtime, agent, 'alice@demo.parley');
    await goOnline(runtime, agent);
    await agent.getByRole('heading', { name: 'Waiting for the next chat' }).waitFor(WAIT);

    // Act: her network drops.
    await cut();

    // Assert: her console says it is reconnecting, and the server has handled the lost socket
    // (her profile is marked, or she is away when there is no grace).
    await agent.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor(WAIT);
    await expect.poll(async () => {
      const alice = await aliceProfile();
      return alice?.disconnectedAt !== undefined || alice?.status !== 'online';
    }, WAIT).toBe(true);
    await runtime.idle();
    expect((await aliceProfile())?.status).toBe('online');

    // Act: a visitor asks during the blip.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${runtime.urls.web}/`);
    await launcher(visitor).click();
    await widget(visitor).getByLabel('Your question').fill('Is the Fjell boot waterproof?');
    await widget(visitor).getByLabel('Name').fill('Noor');
    await widget(visitor).getByRole('button', { name: 'Start chat' }).click();

    // Assert: queued for an agent, not sent to the offline form.
    await widget(visitor).getByRole('log', { name: 'Conversation' }).getByText('Is the Fjell boot waterproof?').waitFor(WAIT);
    await widget(visitor).getByText(/Waiting for an agent…|You are next in line\./).waitFor(WAIT);
    await runtime.idle();
    await expect(widget(visitor).getByText('Leave us a message').count()).resolves.toBe(0);
    await expect(widget(visitor).getByRole('button', { name: 'Send message' }).count()).resolves.toBe(0);
    await screenshot(visitor, 'grace-01-visitor-waiting');
    await expect(agent.getByRole('status').filter({ hasText: 'Reconnecting…' }).count()).resolves.toBe(1);
    await expect(agent.locator('.offer').count()).resolves.toBe(0);
    await screenshot(agent, 'grace-02-console-reconnecting');

    // Act: the network is back.
    await restore();

    // Assert: the console reconnects by itself, the chat is offered to Alice, she accepts and reads it.
    await agent.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor({ ...WAIT, state: 'detached' });
    const offer = agent.getByRole('article', { name: 'Chat offered: Noor' });
    await offer.getByRole('timer').waitFor(WAIT);
    await expect(agent.locator('.dot.online:not(.pending)').count()).resolves.toBe(1);
    await screenshot(agent, 'grace-03-offer-after-reconnect');
    await offer.getByRole('button', { name: 'Accept' }).click(WAIT);
    await agent.getByRole('button', { name: /^Noor/ }).click(WAIT);
    await agent.getByRole('log', { name: 'Messages' }).getByText('Is the Fjell boot waterproof?').waitFor(WAIT);
    await widget(visitor).getByText('You are chatting with Alice').waitFor(WAIT);
  });
});

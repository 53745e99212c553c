/**
 * The widget's tracking on the demo shop, through the real local runtime: each page load POSTs
 * /visits, the first of the UTC day (from the frame's own storage, no cookies) counting as a
 * visitor; `Parley.trackConversion` on the host page refuses bad input in the console and sends
 * nothing, and a good conversion after a chat is attributed to that chat. The numbers are read
 * the way a BI tool reads them: GET /reports as supervisor Sam.
 * Screenshot: test-results/tracking-01-after-conversion.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LocalRuntime } from '../../lib/local';
import { agentToken, onlineAgent, type Client } from '../integration/harness';
import { screenshot, startWorld, stopWorld, WAIT } from './browser';

const DAY_MS = 86_400_000;

let runtime: LocalRuntime;
let browser: Browser;
let agent: Client | undefined;

beforeAll(async () => {
  [runtime, browser] = await startWorld();
});

afterAll(async () => {
  await agent?.close();
  await stopWorld(runtime, browser);
});

interface Summary {
  visitors: { visitors: number; widgetLoads: number };
  conversion: { conversions: number; value: number; attributed: number };
}

/** The summary around the test's start (a day either side, so a run across UTC midnight still adds up). */
async function summary(token: string, start: number): Promise<Summary> {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const res = await fetch(`${runtime.urls.http}/reports?report=summary&from=${day(start - DAY_MS)}&to=${day(start + DAY_MS)}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /reports answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { summary: Summary }).summary;
}

const widget = (page: Page) => page.frameLocator('iframe[data-parley]');

describe('widget tracking', () => {
  it('counts one visitor over two loads on the same day and attributes a conversion to the chat', async () => {
    // Arrange: Sam reads the reports; an agent is online so the widget offers a chat. The
    // browser's clock is pinned to now, so both loads fall on the same UTC day for the widget.
    const start = Date.now();
    const sam = await agentToken(runtime, 'sam@demo.parley');
    const supportAgent = runtime.demoUsers.find((u) => u.role === 'agent' && u.departments.includes('support'));
    if (!supportAgent) throw new Error('the local runtime seeds no support agent');
    agent = await onlineAgent(runtime, supportAgent.username);
    const context = await browser.newContext();
    await context.clock.setFixedTime(start);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().startsWith('Parley')) errors.push(message.text());
    });

    // Act 1: the demo shop loaded twice in the same browser.
    await page.goto(`${runtime.urls.web}/`);
    await expect.poll(async () => (await summary(sam, start)).visitors, WAIT).toEqual(expect.objectContaining({ visitors: 1, widgetLoads: 1 }));
    await page.reload();

    // Assert 1: two loads, one visitor (the second load was not the first of the day).
    await expect.poll(async () => (await summary(sam, start)).visitors.widgetLoads, WAIT).toBe(2);
    expect((await summary(sam, start)).visitors.visitors).toBe(1);

    // Act 2: a chat, then the site reports a purchase (first with bad input).
    await page.locator('button[aria-expanded]').click();
    await widget(page).getByLabel('Name').fill('Mia');
    await widget(page).getByLabel('Email').fill('mia@example.com');
    await widget(page).getByLabel('Your question').fill('Do these boots come in 42?');
    await widget(page).getByRole('button', { name: 'Start chat' }).click();
    await widget(page).getByRole('log').getByText('Do these boots come in 42?').waitFor(WAIT);
    // The question shows at once ("Sending…"); the chat exists once the server has answered.
    await widget(page).getByRole('log').getByText('Sending…').waitFor({ ...WAIT, state: 'hidden' });
    await page.evaluate(() => {
      const parley = (window as unknown as { Parley: { trackConversion(value: unknown, options?: unknown): void } }).Parley;
      parley.trackConversion(-5);
      parley.trackConversion(Number.NaN);
      parley.trackConversion(10, { currency: 'euro' });
      parley.trackConversion(49.9, { id: 'order-1042', currency: 'EUR' });
      parley.trackConversion(49.9, { id: 'order-1042', currency: 'EUR' }); // the site's script ran twice
    });

    // Assert 2: each bad call names its problem and sends nothing; the order counts once, on the chat.
    await expect.poll(async () => (await summary(sam, start)).conversion, WAIT).toEqual(expect.objectContaining({ conversions: 1, value: 49.9, attributed: 1 }));
    expect(errors).toEqual([
      'Parley.trackConversion: value must not be negative; nothing was sent',
      'Parley.trackConversion: value must be a finite number; nothing was sent',
      'Parley.trackConversion: currency must be a 3-letter ISO 4217 code like EUR; nothing was sent',
    ]);
    await screenshot(page, 'tracking-01-after-conversion');
  });
});

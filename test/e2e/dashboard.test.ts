/**
 * The reports dashboard in the browser: the scripted day of test/support/metrics-scenario.ts
 * goes onto the local bus with the real EventBridge client, the metrics consumer folds it into
 * DynamoDB Local, and a supervisor reads it in the console: tiles with the numbers worked out by
 * hand, uPlot charts drawn, range, grouping, leaderboard order, an agent drill-down and CSV
 * downloads. An agent sees only her own numbers. Screenshots: test-results/dashboard-*.png.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPublisher } from '../../functions/adapters/event-publisher';
import type { LocalRuntime } from '../../lib/local';
import { LOCAL_BUS_NAME } from '../../lib/local/event-bus';
import type { ChatSummary } from '../../functions/contracts/frames';
import { type Client, connectAgent, connectVisitor, newId, onlineAgent } from '../integration/harness';
import { SCENARIO_DAY, scenarioEvents } from '../support/metrics-scenario';
import { screenshot, signInToConsole, startWorld, stopWorld, WAIT } from './browser';

let runtime: LocalRuntime;
let browser: Browser;
let agents: Client[] = [];

beforeAll(async () => {
  [runtime, browser] = await startWorld();
  // Their first sign-in writes the agents' profiles: the leaderboard shows their names.
  agents = await Promise.all(['alice', 'bob', 'carol'].map((name) => connectAgent(runtime, `${name}@demo.parley`)));
  await runtime.idle();
  // One event at a time, in the day's order (presence intervals depend on it), as metrics.test.ts does.
  const publisher = new EventPublisher(new EventBridgeClient({ endpoint: runtime.urls.aws }), LOCAL_BUS_NAME);
  for (const event of scenarioEvents()) {
    await publisher.publish([event]);
    await runtime.idle();
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.kill()));
  await stopWorld(runtime, browser);
});

async function signIn(username: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true })).newPage();
  await signInToConsole(runtime, page, username);
  return page;
}

/** The scenario's day as a custom range. */
async function showScenarioDay(page: Page): Promise<void> {
  await page.getByLabel('Range').selectOption('custom');
  await page.getByLabel('From', { exact: true }).fill(SCENARIO_DAY);
  await page.getByLabel('To', { exact: true }).fill(SCENARIO_DAY);
}

const tile = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true }).locator('.tile-value');
const agentColumn = (page: Page) => page.getByRole('region', { name: 'Agent performance' }).locator('tbody tr td:nth-child(2)').allTextContents();
/** Each agent's badges, as the cell reads (scenario: Alice all three, Bob none, Carol fast first responses). */
const badgeColumn = (page: Page) => page.getByRole('region', { name: 'Agent performance' }).locator('tbody tr td:nth-child(3) .badge, tbody tr td:nth-child(3) .muted').evaluateAll((cells) => cells.map((c) => c.textContent));
const ALICE_BADGES = ['Fast responder', 'Customer favourite', 'Resolver'];

/** Clicks a download button and returns the file's lines. */
async function download(page: Page, scope: ReturnType<Page['getByRole']> | Page, name: string): Promise<string[]> {
  const [file] = await Promise.all([page.waitForEvent('download', WAIT), scope.getByRole('button', { name, exact: true }).click()]);
  const path = await file.path();
  return (await readFile(path, 'utf8')).trim().split(/\r?\n/);
}

/** How many pixels of every canvas on the page something was drawn on. */
const paintedPixels = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.chart canvas')].map((c) => {
      const canvas = c as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++;
      return painted;
    }),
  );

describe('the reports dashboard', () => {
  it('shows a supervisor the day worked out by hand, in tiles, charts and tables, with CSV downloads', async () => {
    const page = await signIn('sam@demo.parley');
    await page.getByRole('button', { name: 'Dashboard' }).click();
    await showScenarioDay(page);

    await expect.poll(() => tile(page, 'Total chats').textContent(), WAIT).toBe('40');
    expect(await tile(page, 'Chats taken').textContent()).toBe('32');
    expect(await tile(page, 'Proactive / reactive').textContent()).toBe('5 / 35');
    expect(await tile(page, 'Converted: proactive / reactive').textContent()).toBe('40 % / 2.9 %');
    expect(await tile(page, 'FRT avg').textContent()).toBe('53.4 s');
    expect(await tile(page, 'FRT median').textContent()).toBe('45 s');
    expect(await tile(page, 'FRT p90').textContent()).toBe('120 s');
    expect(await tile(page, 'Missed').textContent()).toBe('6 (15 %)');
    expect(await tile(page, 'CSAT').textContent()).toBe('3.6');
    expect(await tile(page, 'NPS').textContent()).toBe('20');
    expect(await tile(page, 'Handle time').textContent()).toBe('576.3 s');
    expect(await tile(page, 'Conversion').textContent()).toBe('9.4 %');
    expect(await tile(page, 'FCR').textContent()).toBe('58.8 %');
    expect(await tile(page, 'Utilization').textContent()).toBe('36.7 %');
    expect(await tile(page, 'SLA breaches').textContent()).toBe('6');
    // Two uPlot charts, each with lines drawn on its canvas.
    await expect.poll(async () => (await paintedPixels(page)).length, WAIT).toBe(2);
    expect((await paintedPixels(page)).every((n) => n > 100)).toBe(true);
    expect(await agentColumn(page)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(await badgeColumn(page)).toEqual([...ALICE_BADGES, '–', 'Fast responder']);
    await page.getByRole('region', { name: 'Agent performance' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-badges');
    await page.evaluate(() => window.scrollTo(0, 0));
    // Tags: a tag's chats are the closed chats carrying it (billing: 8, worked out in the scenario).
    const billing = page.getByRole('region', { name: 'Tags' }).getByRole('row').filter({ has: page.getByRole('cell', { name: 'billing', exact: true }) });
    expect((await billing.locator('td').allTextContents()).slice(0, 3)).toEqual(['billing', '8', '8']);
    await screenshot(page, 'dashboard-supervisor');

    // Leaderboard order: fastest first response first.
    await page.getByLabel('Order by').selectOption('frtAvgSeconds');
    await expect.poll(() => agentColumn(page), WAIT).toEqual(['Alice', 'Carol', 'Bob']);
    const agentsCsv = await download(page, page.getByRole('region', { name: 'Agent performance' }), 'Download CSV');
    expect(agentsCsv[0]?.split(',').slice(0, 3)).toEqual(['agentId', 'agentName', 'chatsTaken']);
    expect(agentsCsv.slice(1).map((l) => l.split(',').slice(0, 2).join())).toEqual(['u-alice,Alice', 'u-carol,Carol', 'u-bob,Bob']);

    // Hourly grouping: the series download has the day's hours.
    await page.getByLabel('Grouping').selectOption('hour');
    await page.waitForResponse((r) => r.url().includes('report=series') && r.url().includes('grouping=hour'), WAIT);
    const seriesCsv = await download(page, page, 'Download series CSV');
    expect(seriesCsv[0]?.split(',')[0]).toBe('bucket');
    expect(seriesCsv.length - 1).toBe(24);
    // The scenario's 40 chats were requested from 09:00 to 10:59 UTC.
    const busyHours = seriesCsv.slice(1).filter((l) => l.split(',')[1] !== '0').map((l) => l.split(',').slice(0, 2).join());
    expect(busyHours).toEqual([`${SCENARIO_DAY}T09,20`, `${SCENARIO_DAY}T10,20`]);
    await screenshot(page, 'dashboard-hourly');

    // Drill down into one agent: the same tiles and charts, for her alone.
    await page.getByRole('button', { name: 'Details for Alice' }).click();
    await page.getByRole('heading', { name: 'Dashboard · Alice' }).waitFor(WAIT);
    await expect.poll(() => agentColumn(page), WAIT).toEqual(['Alice']);
    await expect.poll(() => tile(page, 'FRT avg').textContent(), WAIT).toBe('30 s');
    expect(await tile(page, 'Chats taken').textContent()).toBe('12');
    expect(await page.getByLabel('Grouping').inputValue()).toBe('day');
    await expect.poll(async () => (await paintedPixels(page)).length, WAIT).toBe(2);
    await screenshot(page, 'dashboard-drilldown');

    // A filter by tag from the filter menu.
    await page.getByLabel('Filter').selectOption('tag:billing');
    await expect.poll(() => tile(page, 'Total chats').textContent(), WAIT).toBe('8');
    await page.getByLabel('Filter').selectOption('');
    await expect.poll(() => tile(page, 'Total chats').textContent(), WAIT).toBe('40');
  }, 120_000);

  it('shows an agent her own numbers only', async () => {
    const page = await signIn('alice@demo.parley');
    await page.getByRole('button', { name: 'My numbers' }).click();
    await showScenarioDay(page);

    await page.getByRole('heading', { name: 'My numbers' }).waitFor(WAIT);
    await expect.poll(() => agentColumn(page), WAIT).toEqual(['Alice']);
    expect(await badgeColumn(page)).toEqual(ALICE_BADGES);
    expect(await tile(page, 'FRT avg').textContent()).toBe('30 s');
    expect(await page.getByLabel('Filter').count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Tags' }).count()).toBe(0);
    await expect.poll(async () => (await paintedPixels(page)).length, WAIT).toBe(2);
    await screenshot(page, 'dashboard-agent');
  }, 60_000);

  it('shows a supervisor the live numbers change without a reload when a visitor asks, the longest wait ticking', async () => {
    const page = await signIn('sam@demo.parley');
    await page.getByRole('button', { name: 'Dashboard' }).click();
    const live = page.getByRole('list', { name: 'Live now' });
    const liveTile = (name: string) => live.getByRole('listitem', { name, exact: true }).locator('.tile-value');
    await expect.poll(() => liveTile('In queue').textContent(), WAIT).toBe('0');
    expect(await liveTile('Longest wait').textContent()).toBe('–');
    const chatsBefore = Number(await liveTile('Chats today').textContent());
    const onlineBefore = Number(await liveTile('Agents online').textContent());

    // Dave is at his desk but does not answer yet: the chat stays in the queue, offered to him.
    const dave = await onlineAgent(runtime, 'dave@demo.parley');
    dave.autoAccept = false;
    agents.push(dave);
    await expect.poll(() => liveTile('Agents online').textContent(), WAIT).toBe(String(onlineBefore + 1));
    const visitor = await connectVisitor(runtime);
    agents.push(visitor.client);
    const { chat } = await visitor.client.ack<{ chat: ChatSummary }>({ action: 'startChat', text: 'Do you ship to Norway?', clientMessageId: newId('m') });

    await expect.poll(() => liveTile('In queue').textContent(), WAIT).toBe('1');
    await expect.poll(() => liveTile('Chats today').textContent(), WAIT).toBe(String(chatsBefore + 1));
    const firstWait = await liveTile('Longest wait').textContent();
    await expect.poll(() => liveTile('Longest wait').textContent(), WAIT).not.toBe(firstWait);
    expect(await liveTile('Longest wait').textContent()).toMatch(/^\d+s$/);
    await screenshot(page, 'dashboard-live');

    // Dave takes it: the queue empties, one active chat, Dave busy.
    await dave.waitFor('offer', (f) => f.offer.chat.chatId === chat.chatId);
    await dave.ack({ action: 'acceptOffer', chatId: chat.chatId });
    await expect.poll(() => liveTile('In queue').textContent(), WAIT).toBe('0');
    await expect.poll(() => liveTile('Active chats').textContent(), WAIT).toBe('1');
    expect(await liveTile('Agents busy').textContent()).toBe('1');
    expect(await liveTile('Longest wait').textContent()).toBe('–');
  }, 90_000);
});

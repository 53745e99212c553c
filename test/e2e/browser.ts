/**
 * Headless Chromium for the e2e tests: Debian's /usr/bin/chromium (never a downloaded
 * browser), a fresh profile per launch, and no network except 127.0.0.1.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { buildWeb } from '../../bin/build-web';
import { startLocal, type LocalRuntime, type LocalRuntimeOptions } from '../../lib/local';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, timeout: 30_000 });
}

const SHOTS = resolve(__dirname, '../../test-results');

/** Saves a screenshot under test-results/ (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** What every e2e file starts with: the web build (the runtime serves dist/web, so the test sees
 * what the sources build to now), the local runtime on ephemeral ports, and Chromium. */
export async function startWorld(options: Omit<LocalRuntimeOptions, 'basePort'> = {}): Promise<[LocalRuntime, Browser]> {
  await buildWeb();
  return Promise.all([startLocal({ ...options, basePort: 0 }), launchBrowser()]);
}

/** Closes what startWorld opened (either may be missing when the start failed). */
export async function stopWorld(runtime: LocalRuntime | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await runtime?.stop();
}

/** Signs a demo user in to the console on `page`; resolves once the header's status control shows. */
export async function signInToConsole(runtime: LocalRuntime, page: Page, username: string): Promise<void> {
  const user = runtime.demoUsers.find((u) => u.username === username);
  if (!user) throw new Error(`the local runtime seeds no ${username}`);
  await page.goto(`${runtime.urls.web}/console/`);
  await page.getByLabel('Email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Status').waitFor({ timeout: 15_000 });
}

/**
 * A signed-in console goes online: the server has confirmed it (the status dot is filled, not the
 * hollow "pending" one the choice shows at once) and the runtime has handled what that started.
 * Waiting for the choice alone raced the server: `idle()` could find nothing in flight while the
 * setStatus frame was still on its way (or waiting for the socket to open), and a visitor asking
 * then was told nobody was online (docs/reliability.md, "The offer that never came").
 */
export async function goOnline(runtime: LocalRuntime, page: Page): Promise<void> {
  await page.getByLabel('Status').selectOption('online');
  await page.locator('.dot.online:not(.pending)').waitFor({ timeout: 15_000 });
  await runtime.idle();
}

/** How long a UI step may take on a loaded 2-core machine before the test fails. */
export const WAIT = { timeout: 15_000 };

/** The widget's frame on a page that embeds it, and the launcher button the loader puts there. */
export const widget = (page: Page): FrameLocator => page.frameLocator('iframe[data-parley]');
export const launcher = (page: Page) => page.locator('button[aria-expanded]');

/**
 * Figure 5: what visitors and agents download, gzip -9, JS + CSS, as bin/build-web.ts builds
 * it into a fresh folder (the project's dist/web is left alone).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../bin/build-web';

export const WEB_PARTS = {
  loader: ['widget/loader.js'],
  /** With the largest fetched catalog (Russian): the most any visitor downloads. */
  widget: ['widget/loader.js', 'widget/frame.html', 'widget/frame.js', 'widget/frame.css', 'widget/locales/ru.json'],
  /** What the console fetches to start (its shared chunks included), not the dashboard chunk. */
  console: ['console/app.js', 'console/app.css'],
} as const;

export type WebPart = keyof typeof WEB_PARTS | 'dashboard';

const gzipBytes = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).byteLength;

export async function webWeight(): Promise<Record<WebPart, number>> {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-bench-web-'));
  try {
    await buildWeb({ outDir });
    const total = (files: readonly string[]): number => files.reduce((a, f) => a + gzipBytes(join(outDir, f)), 0);
    // The console's code-split chunks (bin/build-web.ts): the dashboard one loads on first open.
    const chunks = readdirSync(join(outDir, 'console', 'chunks')).map((f) => `console/chunks/${f}`);
    const lazy = chunks.filter((f) => f.startsWith('console/chunks/dashboard-'));
    const shared = chunks.filter((f) => !lazy.includes(f));
    // The chunks the widget's frame script imports statically are first load too; the rest (file UI,
    // feedback, offline form) are fetched when first shown.
    const frameChunks = [...readFileSync(join(outDir, 'widget', 'frame.js'), 'utf8').matchAll(/from\s*"\.\/(chunks\/[\w-]+\.js)"/g)].map((m) => `widget/${m[1]}`);
    return { loader: total(WEB_PARTS.loader), widget: total([...WEB_PARTS.widget, ...frameChunks]), console: total([...WEB_PARTS.console, ...shared]), dashboard: total(lazy) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

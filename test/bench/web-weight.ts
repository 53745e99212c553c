/**
 * Figure 5: what visitors and agents download, gzip -9, JS + CSS, as bin/build-web.ts builds
 * it into a fresh folder (the project's dist/web is left alone).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../../bin/build-web';

export const WEB_PARTS = {
  loader: ['widget/loader.js'],
  /** With the largest fetched catalog (Russian): the most any visitor downloads. */
  widget: ['widget/loader.js', 'widget/frame.js', 'widget/frame.css', 'widget/locales/ru.json'],
  console: ['console/app.js', 'console/app.css'],
} as const;

export type WebPart = keyof typeof WEB_PARTS;

const gzipBytes = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).byteLength;

export async function webWeight(): Promise<Record<WebPart, number>> {
  const outDir = mkdtempSync(join(tmpdir(), 'parley-bench-web-'));
  try {
    await buildWeb({ outDir });
    const total = (files: readonly string[]): number => files.reduce((a, f) => a + gzipBytes(join(outDir, f)), 0);
    return { loader: total(WEB_PARTS.loader), widget: total(WEB_PARTS.widget), console: total(WEB_PARTS.console) };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, type BuiltFile } from '../../../bin/build-web';

let outDir: string;
let files: BuiltFile[];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'parley-web-'));
  files = await buildWeb({ outDir });
}, 60_000);

afterAll(() => rm(outDir, { recursive: true, force: true }));

const gzip = (path: string) => files.find((f) => f.path === path)?.gzipBytes ?? Infinity;

describe('web build', () => {
  it.each(['index.html', 'console/index.html', 'console/app.js', 'console/app.css', 'widget/loader.js', 'widget/frame.html', 'widget/frame.js', 'widget/frame.css', 'widget/locales/ru.json', 'widget/locales/bg.json', 'widget/locales/fi.json'])(
    'emits %s',
    (path) => {
      expect(files.map((f) => f.path)).toContain(path);
    },
  );

  it('keeps the loader at most 3 KB and the whole widget under 25 KB gzipped, with the largest catalog a visitor fetches', async () => {
    // The first load: loader, frame page, script and styles, and the chunks the frame script imports
    // statically; not the ones it imports when first shown.
    const frame = await readFile(join(outDir, 'widget/frame.js'), 'utf8');
    const shared = [...frame.matchAll(/from\s*"\.\/(chunks\/[\w-]+\.js)"/g)].map((m) => `widget/${m[1]}`);
    const own = files.filter((f) => f.path.startsWith('widget/') && (!/^widget\/(locales|chunks)\//.test(f.path) || shared.includes(f.path)));
    expect(shared.length).toBeGreaterThan(0);
    const catalogs = files.filter((f) => f.path.startsWith('widget/locales/')).map((f) => f.gzipBytes);
    const widget = own.reduce((sum, f) => sum + f.gzipBytes, 0) + Math.max(...catalogs);

    expect(gzip('widget/loader.js')).toBeLessThanOrEqual(3 * 1024);
    expect(widget).toBeLessThan(25 * 1024);
  });

  it('keeps the file UI, feedback and offline form out of the widget\'s first load', async () => {
    const frame = await readFile(join(outDir, 'widget/frame.js'), 'utf8');
    const chunks = files.filter((f) => f.path.startsWith('widget/chunks/'));

    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(frame).not.toContain('XMLHttpRequest');
    expect(frame).toMatch(/import\("\.\/chunks\/files-[\w-]+\.js"\)/);
  });

  it('writes every non-English catalog whole, and bundles only English', async () => {
    const frame = await readFile(join(outDir, 'widget/frame.js'), 'utf8');
    const ru = JSON.parse(await readFile(join(outDir, 'widget/locales/ru.json'), 'utf8')) as Record<string, unknown>;

    expect(ru['queue.wait']).toMatchObject({ few: 'Примерное ожидание: {count} минуты.' });
    expect(frame).toContain('Chat with us');
    expect(frame).not.toContain('Напишите нам');
  });

  it('ships no schema library and no development build of Preact to the browser', async () => {
    const frame = await readFile(join(outDir, 'widget/frame.js'), 'utf8');
    const console_ = await readFile(join(outDir, 'console/app.js'), 'utf8');

    for (const bundle of [frame, console_]) {
      expect(bundle).not.toMatch(/ZodError|zod/);
      expect(bundle).not.toContain('process.env');
    }
  });

  it('links the demo page to the widget with one async script tag', async () => {
    const html = await readFile(join(outDir, 'index.html'), 'utf8');

    expect(html.match(/<script[^>]*>/g)).toEqual(['<script async src="./widget/loader.js">']);
  });
});

/**
 * Bundles the web clients into dist/web/: the demo site at the root, the agent console under
 * console/, the widget (loader + frame) under widget/. One esbuild call for scripts and one for
 * styles, minified, target es2020, with `process.env.NODE_ENV` defined so Preact drops its
 * development paths. HTML pages are copied as they are. Prints gzip sizes: the loader must stay
 * tiny and the whole widget small, because visitors pay for it on every page view.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CATALOGS } from '../web/widget/catalogs';

export interface BuildWebOptions {
  /** @default dist/web under the project root */
  readonly outDir?: string;
  /** @default true */
  readonly minify?: boolean;
}

export interface BuiltFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

const root = resolve(__dirname, '..');
const web = join(root, 'web');

const scripts = {
  'widget/loader': 'widget/loader.ts',
};
const styles = {
  'console/app': 'console/styles.css',
  'widget/frame': 'widget/frame.css',
  'demo': 'demo/demo.css',
};
const pages = {
  'index.html': 'demo/index.html',
  'console/index.html': 'console/index.html',
  'widget/frame.html': 'widget/frame.html',
};

const asEntries = (map: Record<string, string>) => Object.entries(map).map(([out, src]) => ({ out, in: join(web, src) }));

/** Builds every web client into `outDir`; returns each output file with its sizes. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuiltFile[]> {
  const outDir = resolve(options.outDir ?? join(root, 'dist', 'web'));
  const minify = options.minify ?? true;
  await rm(outDir, { recursive: true, force: true });
  // UTF-8 output: esbuild's default escapes every non-ASCII character as \uXXXX (6 bytes for one
  // Cyrillic letter), which roughly doubled the gzipped widget catalogs. The pages declare UTF-8.
  const common = { absWorkingDir: root, bundle: true, minify, outdir: outDir, target: 'es2020', logLevel: 'warning', legalComments: 'none', charset: 'utf8' } as const;
  const script = { jsx: 'automatic', jsxImportSource: 'preact', define: { 'process.env.NODE_ENV': '"production"' }, metafile: true } as const;
  const [js, frameJs, consoleJs, css] = await Promise.all([
    build({ ...common, ...script, entryPoints: asEntries(scripts), format: 'iife' }),
    // The widget's frame is an ES module with code splitting too: what no first paint needs (the
    // file UI, the post-chat feedback, the offline form) is a chunk under widget/chunks/, fetched
    // when first shown, so the first load stays in the 25 KB budget (docs/decisions.md).
    build({
      ...common,
      ...script,
      entryPoints: [{ out: 'widget/frame', in: join(web, 'widget/frame.tsx') }],
      format: 'esm',
      splitting: true,
      chunkNames: 'widget/chunks/[name]-[hash]',
    }),
    // The console is an ES module with code splitting: the dashboard (and uPlot with it) is a
    // chunk the console imports the first time someone opens it (docs/decisions.md).
    build({
      ...common,
      ...script,
      entryPoints: [{ out: 'console/app', in: join(web, 'console/main.tsx') }],
      format: 'esm',
      splitting: true,
      chunkNames: 'console/chunks/[name]-[hash]',
    }),
    build({ ...common, entryPoints: asEntries(styles), metafile: true }),
  ]);
  for (const [out, src] of Object.entries(pages)) {
    await mkdir(dirname(join(outDir, out)), { recursive: true });
    await copyFile(join(web, src), join(outDir, out));
  }
  const locales = await writeLocales(outDir);
  const outputs = [...Object.keys(js.metafile.outputs), ...Object.keys(frameJs.metafile.outputs), ...Object.keys(consoleJs.metafile.outputs), ...Object.keys(css.metafile.outputs)].map((p) => resolve(root, p));
  return Promise.all([...outputs, ...Object.keys(pages).map((p) => join(outDir, p)), ...locales].map((p) => sizeOf(p, outDir)));
}

/** The widget's non-English catalogs as widget/locales/<locale>.json (English is in the bundle). */
async function writeLocales(outDir: string): Promise<string[]> {
  const dir = join(outDir, 'widget', 'locales');
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [locale, catalog] of Object.entries(CATALOGS)) {
    if (locale === 'en') continue;
    const file = join(dir, `${locale}.json`);
    await writeFile(file, JSON.stringify(catalog));
    written.push(file);
  }
  return written;
}

async function sizeOf(path: string, outDir: string): Promise<BuiltFile> {
  const content = await readFile(path);
  return { path: relative(outDir, path), bytes: (await stat(path)).size, gzipBytes: gzipSync(content, { level: 9 }).length };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function report(files: readonly BuiltFile[]): void {
  for (const f of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    console.log(`  ${f.path.padEnd(24)} ${kb(f.bytes).padStart(9)}  ${kb(f.gzipBytes).padStart(8)} gzip`);
  }
  const widget = files.filter((f) => f.path.startsWith('widget/') && !f.path.startsWith('widget/chunks/')).reduce((sum, f) => sum + f.gzipBytes, 0);
  const widgetChunks = files.filter((f) => f.path.startsWith('widget/chunks/')).reduce((sum, f) => sum + f.gzipBytes, 0);
  console.log(`  widget total ${kb(widget)} gzip (all catalogs), chunks ${kb(widgetChunks)} gzip (loaded when first shown)`);
  const lazy = (f: BuiltFile) => f.path.startsWith('console/chunks/dashboard-');
  const consoleStart = files.filter((f) => /^console\/(app\.(js|css)|chunks\/)/.test(f.path) && !lazy(f)).reduce((sum, f) => sum + f.gzipBytes, 0);
  const chunks = files.filter(lazy).reduce((sum, f) => sum + f.gzipBytes, 0);
  console.log(`  console start ${kb(consoleStart)} gzip, dashboard chunk ${kb(chunks)} gzip (loaded on first open)`);
}

if (require.main === module) {
  buildWeb()
    .then(report)
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

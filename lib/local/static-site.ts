/**
 * Serves dist/web (built by `npm run build:web`): the demo site at `/`, the console at
 * `/console/`, the widget at `/widget/`, and `/config.json`, the RuntimeConfig with this
 * runtime's URLs, so the same static files work on a laptop and behind CloudFront.
 * Paths are resolved inside the root and nowhere else.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { RuntimeConfig } from '../../functions/contracts/http';
import { sendJson, type RequestHandler } from './http-util';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path names inside `root`, or undefined when it would step outside. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const absoluteRoot = resolve(root);
  const file = resolve(absoluteRoot, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return file === absoluteRoot || file.startsWith(absoluteRoot + sep) ? file : undefined;
}

async function fileToServe(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (info?.isFile()) return file;
  if (info?.isDirectory()) return fileToServe(join(file, 'index.html'));
  return undefined;
}

export function staticSiteHandler(root: string, config: RuntimeConfig): RequestHandler {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { message: 'Method Not Allowed' });
    if (path === '/config.json') return sendJson(res, 200, config, { 'cache-control': 'no-store' });
    const candidate = resolveInside(root, path);
    const file = candidate && (await fileToServe(candidate));
    if (!file) return sendJson(res, 404, { message: `Not found: ${path} (did \`npm run build:web\` run?)` });
    if (!path.endsWith('/') && file.endsWith(`${sep}index.html`) && !path.endsWith('index.html')) {
      // `/console` → `/console/`, so the page's relative asset URLs resolve inside its folder.
      return void res.writeHead(301, { location: `${path}/` }).end();
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const { size } = await stat(file);
    res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };
}

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../../../functions/contracts/http';
import { asListener, closeServer, listen } from '../../../lib/local/http-util';
import { resolveInside, staticSiteHandler } from '../../../lib/local/static-site';

const config: RuntimeConfig = {
  websocketUrl: 'ws://127.0.0.1:1',
  httpUrl: 'http://127.0.0.1:2',
  identity: { endpoint: 'http://127.0.0.1:3', clientId: 'parley-local-console' },
  branding: { name: 'Parley', color: '#4f46e5' },
  departments: [{ id: 'support', name: 'Support' }],
  firstResponseTargetSeconds: 60,
  widget: { preChat: { name: 'optional', email: 'optional', department: 'optional', question: 'required' }, rating: true, surveys: { csat: false, nps: false, ces: false } },
};

const root = mkdtempSync(join(tmpdir(), 'parley-site-'));
const server = createServer();
let base = '';

beforeAll(async () => {
  mkdirSync(join(root, 'console'));
  writeFileSync(join(root, 'index.html'), '<h1>demo</h1>');
  writeFileSync(join(root, 'console', 'index.html'), '<h1>console</h1>');
  writeFileSync(join(root, 'console', 'app.js'), 'export {}');
  writeFileSync(join(root, '..', 'parley-secret.txt'), 'outside');
  server.on('request', asListener(staticSiteHandler(root, config), 'web'));
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll(async () => {
  await closeServer(server);
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', 'parley-secret.txt'), { force: true });
});

describe('static site', () => {
  it.each([
    ['/', 'text/html; charset=utf-8', '<h1>demo</h1>'],
    ['/console/', 'text/html; charset=utf-8', '<h1>console</h1>'],
    ['/console/app.js', 'text/javascript; charset=utf-8', 'export {}'],
  ])('serves %s with its content type', async (path, type, body) => {
    // Act
    const res = await fetch(`${base}${path}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(await res.text()).toBe(body);
  });

  it('serves the runtime config at /config.json', async () => {
    // Act
    const res = await fetch(`${base}/config.json`);

    // Assert
    expect(await res.json()).toEqual(config);
  });

  it('redirects a folder without its slash', async () => {
    // Act
    const res = await fetch(`${base}/console`, { redirect: 'manual' });

    // Assert
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it.each(['/../parley-secret.txt', '/%2e%2e/parley-secret.txt', '/..%2fparley-secret.txt', '/missing.js'])(
    'answers 404 for %s',
    async (path) => {
      // Act
      const res = await fetch(`${base}${path}`);

      // Assert
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('outside');
    },
  );

  it.each([
    ['/../etc/passwd', undefined],
    ['/%2e%2e%2fx', undefined],
    ['/a%00b', undefined],
    ['/%E0%A4%A', undefined],
    ['/console/app.js', join(root, 'console', 'app.js')],
  ])('resolves %s inside the root only', (path, expected) => {
    // Act / Assert
    expect(resolveInside(root, path)).toBe(expected);
  });
});

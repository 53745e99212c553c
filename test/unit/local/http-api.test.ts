import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRouteSpec } from '../../../functions/manifest';
import type { Invoker } from '../../../lib/local/functions';
import { httpApiHandler } from '../../../lib/local/http-api';
import { asListener, closeServer, listen } from '../../../lib/local/http-util';

const routes: HttpRouteSpec[] = [
  { method: 'POST', path: '/sessions', name: 'create-session', handler: 'x.ts', access: [] },
  { method: 'GET', path: '/config', name: 'config', handler: 'y.ts', access: [] },
  { method: 'GET', path: '/boom', name: 'boom', handler: 'z.ts', access: [] },
];

let lastEvent: Record<string, unknown> | undefined;
const invoker: Invoker = {
  async invoke(spec, event) {
    lastEvent = event as Record<string, unknown>;
    if (spec.name === 'boom') throw new Error('exploded with a secret stack');
    if (spec.name === 'config') return { plain: true };
    return { statusCode: 201, headers: { 'X-Custom': 'yes' }, body: '{"ok":true}' };
  },
};

const server = createServer(asListener(httpApiHandler({ routes, invoker, allowedOrigins: ['https://shop.example'] }), 'http'));
let base = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(() => closeServer(server));

describe('local HTTP API', () => {
  it('invokes the route with a payload 2.0 event and returns its structured response', async () => {
    // Act
    const res = await fetch(`${base}/sessions?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Mixed-Case': 'v', origin: 'https://shop.example' },
      body: '{"name":"Mia"}',
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.headers.get('x-custom')).toBe('yes');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(await res.json()).toEqual({ ok: true });
    expect(lastEvent).toMatchObject({
      version: '2.0',
      routeKey: 'POST /sessions',
      rawPath: '/sessions',
      rawQueryString: 'x=1',
      queryStringParameters: { x: '1' },
      headers: { 'x-mixed-case': 'v', 'content-type': 'application/json' },
      body: '{"name":"Mia"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/sessions', sourceIp: '127.0.0.1' }, routeKey: 'POST /sessions' },
    });
  });

  it('turns a result without statusCode into 200 JSON', async () => {
    // Act
    const res = await fetch(`${base}/config`);

    // Assert
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ plain: true });
  });

  it.each([
    ['an unknown path', 'GET', '/nowhere'],
    ['a known path with another method', 'GET', '/sessions'],
  ])('answers 404 JSON for %s', async (_case, method, path) => {
    // Act
    const res = await fetch(`${base}${path}`, { method });

    // Assert
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found' });
  });

  it('hides a failing function behind a plain 500', async () => {
    // Act
    const res = await fetch(`${base}/boom`);

    // Assert
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('secret stack');
  });

  it.each([
    ['an allowed origin', 'https://shop.example', 'https://shop.example'],
    ['another origin', 'https://evil.example', null],
  ])('answers the preflight from %s', async (_case, origin, allowed) => {
    // Act
    const res = await fetch(`${base}/sessions`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });

    // Assert
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
  });
});

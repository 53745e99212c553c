/**
 * The local object store against the real S3 client and presigner: what the functions and the
 * browsers send is what it verifies. Time is injected, so expiry is tested without waiting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Objects, s3Client } from '../../../functions/adapters/s3-objects';
import { asListener, closeServer, listen } from '../../../lib/local/http-util';
import { directoryBackend, memoryBackend, objectStoreHandler } from '../../../lib/local/object-store';

const server = createServer();
const ORIGIN = 'http://127.0.0.1:4000';
const BUCKET = 'parley-attachments';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let now = Date.now();
let endpoint = '';
let objects: S3Objects;

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

beforeAll(async () => {
  endpoint = `http://127.0.0.1:${await listen(server, 0)}`;
  server.on('request', asListener(objectStoreHandler({ bucket: BUCKET, credentials, corsOrigins: [ORIGIN], maxObjectBytes: 1024, backend: memoryBackend(), now: () => now }), 'objects'));
  objects = new S3Objects(s3Client({ endpoint, region: 'us-east-1', credentials }), BUCKET);
});

afterAll(() => closeServer(server));

async function presignedPut(key: string, size = png.length, type = 'image/png'): Promise<string> {
  return (await objects.presignUpload(key, { contentType: type, size }, 300)).url;
}

const put = (url: string, body: Buffer, type = 'image/png', extra: Record<string, string> = {}) =>
  fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'content-type': type, origin: ORIGIN, ...extra } });

const errorCode = async (res: Response): Promise<string> => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1] ?? `(status ${res.status})`;

describe('local object store', () => {
  it('takes a presigned PUT and tells HEAD (header-signed, by the real client) its size and type', async () => {
    const res = await put(await presignedPut('chats/c1/att_1'), png);

    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(await objects.head('chats/c1/att_1')).toEqual({ size: png.length, contentType: 'image/png' });
  });

  it('answers "nothing stored" for a key never uploaded', async () => {
    expect(await objects.head('chats/c1/att_missing')).toBeUndefined();
  });

  it('serves a presigned GET with the signed type and disposition', async () => {
    await put(await presignedPut('chats/c1/att_2'), png);
    const url = await objects.presignDownload('chats/c1/att_2', { contentType: 'image/png', contentDisposition: 'inline; filename="a.png"' }, 60);

    const res = await fetch(url);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="a.png"');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
  });

  it.each([
    ['a body of another size than signed', async () => put(await presignedPut('chats/c1/att_3', png.length + 1), png), 403, 'SignatureDoesNotMatch'],
    ['another type than signed', async () => put(await presignedPut('chats/c1/att_4'), png, 'text/html'), 403, 'SignatureDoesNotMatch'],
    ['a tampered signature', async () => put((await presignedPut('chats/c1/att_5')).replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`), png), 403, 'SignatureDoesNotMatch'],
    ['another key than signed', async () => put((await presignedPut('chats/c1/att_6')).replace('att_6', 'att_7'), png), 403, 'SignatureDoesNotMatch'],
    ['no signature at all', async () => put(`${endpoint}/${BUCKET}/chats/c1/att_8`, png), 403, 'AccessDenied'],
    ['a body over the store limit', async () => put(await presignedPut('chats/c1/att_9', 2048), Buffer.alloc(2048)), 400, 'EntityTooLarge'],
    ['another bucket', async () => put((await presignedPut('chats/c1/att_10')).replace(`/${BUCKET}/`, '/other-bucket/'), png), 404, 'NoSuchBucket'],
  ])('refuses %s and stores nothing', async (_name, send, status, code) => {
    const res = await send();

    expect(res.status).toBe(status);
    expect(await errorCode(res)).toBe(code);
  });

  it('refuses a URL once it has expired, and before its date', async () => {
    const url = await presignedPut('chats/c1/att_11');

    now += 400_000;
    const late = await put(url, png);
    now -= 400_000 + 3_600_000;
    const early = await put(url, png);
    now += 3_600_000;

    expect([late.status, await late.text()]).toEqual([403, expect.stringContaining('Request has expired')]);
    expect([early.status, await early.text()]).toEqual([403, expect.stringContaining('Request is not yet valid')]);
    expect(await objects.head('chats/c1/att_11')).toBeUndefined();
  });

  it('refuses a URL signed with another key', async () => {
    const stranger = s3Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'not-the-key' } });
    const url = await getSignedUrl(stranger, new PutObjectCommand({ Bucket: BUCKET, Key: 'chats/c1/att_12', ContentType: 'image/png', ContentLength: png.length }), { expiresIn: 60 });

    const res = await put(url, png);

    expect([res.status, await errorCode(res)]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('allows a CORS preflight from the web origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${endpoint}/${BUCKET}/chats/c1/att_1`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });

    const ours = await preflight(ORIGIN);
    const theirs = await preflight('https://evil.example');

    expect(ours.status).toBe(200);
    expect(ours.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(ours.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(theirs.status).toBe(403);
    expect(theirs.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('deletes every file under a chat’s prefix (files under another chat stay), and a second run finds nothing', async () => {
    for (const key of ['chats/c7/att_1', 'chats/c7/att_2', 'chats/c70/att_1']) await put(await presignedPut(key), png);

    const first = await objects.deletePrefix('chats/c7/');
    const again = await objects.deletePrefix('chats/c7/');

    expect([first, again]).toEqual([2, 0]);
    expect(await objects.head('chats/c7/att_1')).toBeUndefined();
    expect(await objects.head('chats/c7/att_2')).toBeUndefined();
    expect(await objects.head('chats/c70/att_1')).toEqual({ size: png.length, contentType: 'image/png' });
  });

  it('lists by prefix in pages (ListObjectsV2 with a continuation token) and deletes a missing key without error', async () => {
    const client = s3Client({ endpoint, region: 'us-east-1', credentials });
    for (const key of ['chats/c8/a', 'chats/c8/b', 'chats/c8/c']) await put(await presignedPut(key), png);

    const first = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'chats/c8/', MaxKeys: 2 }));
    const second = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'chats/c8/', MaxKeys: 2, ContinuationToken: first.NextContinuationToken }));
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'chats/c8/never-there' }));

    expect([first.Contents?.map((o) => o.Key), first.IsTruncated]).toEqual([['chats/c8/a', 'chats/c8/b'], true]);
    expect([second.Contents?.map((o) => [o.Key, o.Size]), second.IsTruncated]).toEqual([[['chats/c8/c', png.length]], false]);
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });

  it('refuses a listing or a delete signed with another key', async () => {
    const stranger = s3Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'not-the-key' } });
    await put(await presignedPut('chats/c9/att_1'), png);

    await expect(stranger.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'chats/c9/' }))).rejects.toThrow();
    await expect(stranger.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'chats/c9/att_1' }))).rejects.toThrow();
    expect(await objects.head('chats/c9/att_1')).toEqual({ size: png.length, contentType: 'image/png' });
  });
});

describe('local object store on disk', () => {
  it('lists and deletes files it keeps in a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-objects-'));
    try {
      const backend = directoryBackend(dir);
      const file = { body: png, contentType: 'image/png', etag: '"x"', lastModified: 0 };
      backend.put('chats/c1/a', file);
      backend.put('chats/c1/b', file);
      backend.put('chats/c2/a', file);

      backend.delete('chats/c1/a');
      backend.delete('chats/c1/never-there');

      expect(backend.list('chats/c1/')).toEqual(['chats/c1/b']);
      expect(backend.list('chats/')).toEqual(['chats/c1/b', 'chats/c2/a']);
      expect(backend.get('chats/c1/b')).toEqual(file);
      expect(backend.get('chats/c1/a')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

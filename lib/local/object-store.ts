/**
 * The local object store: the small part of S3 that attachments use, spoken on the wire the way
 * S3 speaks it, so the functions' real S3 client (an IP endpoint: path-style requests) and the
 * browsers' presigned PUT/GET work unchanged. One bucket; PUT, GET, HEAD and DELETE of objects
 * and ListObjectsV2 by prefix (a contact's erasure lists a chat's files and deletes them); every
 * request SigV4-verified (presigned query or Authorization header) against the local key pair;
 * a signed Content-Length is what the body must be; S3's XML errors; CORS for the web origins.
 * Objects live in memory, or in `<dataDir>/objects` when the runtime keeps its data on disk.
 * Left out on purpose: multipart uploads, versioning, ACLs, DeleteObjects (nothing in Parley uses them).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadTooLargeError, readBody, type RequestHandler } from './http-util';
import { type Credentials, verifySigV4 } from './sigv4';

export const LOCAL_ATTACHMENTS_BUCKET = 'parley-attachments';

export interface StoredFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: number;
}

/** Where the bytes are kept. */
export interface ObjectBackend {
  get(key: string): StoredFile | undefined;
  put(key: string, file: StoredFile): void;
  /** Removes the object; a missing one is fine. */
  delete(key: string): void;
  /** Every stored key starting with `prefix`, sorted. */
  list(prefix: string): string[];
}

/** In memory, with a cap on the total so a runaway test cannot eat the machine. */
export function memoryBackend(maxTotalBytes = 512 * 1024 * 1024): ObjectBackend {
  const files = new Map<string, StoredFile>();
  let total = 0;
  return {
    get: (key) => files.get(key),
    put(key, file) {
      const before = files.get(key)?.body.length ?? 0;
      if (total - before + file.body.length > maxTotalBytes) throw new Error(`the local object store is full (${maxTotalBytes} bytes)`);
      total += file.body.length - before;
      files.set(key, file);
    },
    delete(key) {
      total -= files.get(key)?.body.length ?? 0;
      files.delete(key);
    },
    list: (prefix) => [...files.keys()].filter((key) => key.startsWith(prefix)).sort(),
  };
}

/** On disk, one body file and one metadata file per object (names are the hashed key; the metadata holds the key, for listing). */
export function directoryBackend(dir: string): ObjectBackend {
  mkdirSync(dir, { recursive: true });
  const path = (key: string): string => join(dir, createHash('sha256').update(key).digest('hex'));
  return {
    get(key) {
      const base = path(key);
      if (!existsSync(`${base}.json`)) return undefined;
      const { key: _key, ...meta } = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Omit<StoredFile, 'body'> & { key?: string };
      return { ...meta, body: readFileSync(base) };
    },
    put(key, { body, ...meta }) {
      const base = path(key);
      writeFileSync(base, body);
      writeFileSync(`${base}.json`, JSON.stringify({ ...meta, key }));
    },
    delete(key) {
      const base = path(key);
      rmSync(`${base}.json`, { force: true });
      rmSync(base, { force: true });
    },
    list(prefix) {
      return readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { key?: unknown }).key)
        .filter((key): key is string => typeof key === 'string' && key.startsWith(prefix))
        .sort();
    },
  };
}

export interface ObjectStoreOptions {
  readonly bucket: string;
  readonly credentials: Credentials;
  /** Origins a browser may PUT from and read in (`Access-Control-Allow-Origin`). */
  readonly corsOrigins: readonly string[];
  /** Largest body accepted at all (the signed Content-Length narrows it per upload). */
  readonly maxObjectBytes: number;
  readonly backend: ObjectBackend;
  readonly now?: () => number;
}

const CORS_METHODS = 'GET, PUT, HEAD';
const CORS_HEADERS = 'content-type';

function s3Error(res: ServerResponse, status: number, code: string, message: string, head = false, extra: Record<string, string> = {}): void {
  const body = head ? '' : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message.replace(/[<>&]/g, '')}</Message></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-amz-error-code': code, ...extra });
  res.end(body);
}

function corsHeaders(req: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !(origins.includes(origin) || origins.includes('*'))) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag', vary: 'Origin' };
}

/** `/bucket/key…` → the key (decoded), or undefined for another bucket. */
function keyOf(url: string, bucket: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  const prefix = `/${bucket}/`;
  if (!path.startsWith(prefix) || path.length === prefix.length) return undefined;
  try {
    return decodeURIComponent(path.slice(prefix.length));
  } catch {
    return undefined;
  }
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const LIST_MAX_KEYS = 1000;

/** `GET /bucket?list-type=2&prefix=…`: ListObjectsV2, paged by `max-keys` with the last key as the continuation token. */
function listObjects(res: ServerResponse, url: string, options: ObjectStoreOptions, cors: Record<string, string>): void {
  const params = new URL(url, 'http://local').searchParams;
  if (params.get('list-type') !== '2') return s3Error(res, 400, 'InvalidArgument', 'Only ListObjectsV2 (list-type=2) is supported locally.', false, cors);
  const prefix = params.get('prefix') ?? '';
  const maxKeys = Math.min(LIST_MAX_KEYS, Math.max(1, Number(params.get('max-keys') ?? LIST_MAX_KEYS) || LIST_MAX_KEYS));
  const token = params.get('continuation-token');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (params.get('start-after') ?? '');
  const keys = options.backend.list(prefix).filter((key) => key > after);
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  const contents = page
    .map((key) => {
      const file = options.backend.get(key);
      return file
        ? `<Contents><Key>${xml(key)}</Key><LastModified>${new Date(file.lastModified).toISOString()}</LastModified><ETag>${xml(file.etag)}</ETag><Size>${file.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`
        : '';
    })
    .join('');
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xml(options.bucket)}</Name><Prefix>${xml(prefix)}</Prefix>` +
    `<KeyCount>${page.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
    (token ? `<ContinuationToken>${xml(token)}</ContinuationToken>` : '') +
    (truncated ? `<NextContinuationToken>${Buffer.from(page[page.length - 1] ?? '').toString('base64url')}</NextContinuationToken>` : '') +
    `${contents}</ListBucketResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...cors });
  res.end(body);
}

/** `/bucket` or `/bucket/` with no key: the bucket itself. */
const isBucket = (url: string, bucket: string): boolean => [`/${bucket}`, `/${bucket}/`].includes(url.split('?')[0] ?? '');

/** Response overrides a signed GET may carry (S3's response-content-type / -disposition). */
function overrides(url: string): Record<string, string> {
  const params = new URL(url, 'http://local').searchParams;
  const out: Record<string, string> = {};
  const type = params.get('response-content-type');
  const disposition = params.get('response-content-disposition');
  if (type) out['content-type'] = type;
  if (disposition) out['content-disposition'] = disposition;
  return out;
}

async function put(req: IncomingMessage, res: ServerResponse, key: string, options: ObjectStoreOptions, cors: Record<string, string>): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !Number.isInteger(declared) || declared < 0) {
    return s3Error(res, 411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.', false, cors);
  }
  if (declared > options.maxObjectBytes) {
    req.resume();
    return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', false, cors);
  }
  let body: Buffer;
  try {
    body = await readBody(req, options.maxObjectBytes);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', false, cors);
    throw error;
  }
  if (body.length !== declared) return s3Error(res, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.', false, cors);
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : 'binary/octet-stream';
  options.backend.put(key, { body, contentType, etag, lastModified: (options.now ?? Date.now)() });
  res.writeHead(200, { etag, 'content-length': 0, ...cors });
  res.end();
}

/** The store's request handler. */
export function objectStoreHandler(options: ObjectStoreOptions): RequestHandler {
  return async (req, res) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const cors = corsHeaders(req, options.corsOrigins);
    if (method === 'OPTIONS') {
      if (!cors['access-control-allow-origin']) return s3Error(res, 403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed.');
      res.writeHead(200, { ...cors, 'access-control-allow-methods': CORS_METHODS, 'access-control-allow-headers': CORS_HEADERS, 'access-control-max-age': '3000', 'content-length': 0 });
      return void res.end();
    }
    const head = method === 'HEAD';
    const bucket = isBucket(url, options.bucket);
    const key = keyOf(url, options.bucket);
    if (key === undefined && !bucket) return s3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', head, cors);
    const allowed = bucket ? ['GET'] : ['GET', 'HEAD', 'PUT', 'DELETE'];
    if (!allowed.includes(method)) return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', head, cors);
    const auth = verifySigV4({ method, url, headers: req.headers }, options.credentials, (options.now ?? Date.now)());
    if (!auth.ok) {
      req.resume();
      return s3Error(res, auth.status, auth.code, auth.message, head, cors);
    }
    if (key === undefined) return listObjects(res, url, options, cors);
    if (method === 'PUT') return put(req, res, key, options, cors);
    if (method === 'DELETE') {
      options.backend.delete(key);
      res.writeHead(204, cors);
      return void res.end();
    }
    const file = options.backend.get(key);
    if (!file) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.', head, cors);
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': file.body.length,
      etag: file.etag,
      'last-modified': new Date(file.lastModified).toUTCString(),
      'accept-ranges': 'bytes',
      ...overrides(url),
      ...cors,
    });
    res.end(head ? undefined : file.body);
  };
}

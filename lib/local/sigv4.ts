/**
 * Verifies AWS Signature Version 4 the way S3 does, for the local object store: presigned URLs
 * (query auth: what browsers use) and the Authorization header (what the SDK sends for HEAD and
 * GET). The canonical request is rebuilt from the request exactly as it arrived (S3 does not
 * re-normalize the path) and the signature recomputed with the one local key pair.
 * Left out on purpose: chunked (streaming) payload signatures and header-signed bodies, which
 * nothing in Parley sends; such requests are refused, not trusted.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3's limit on X-Amz-Expires: seven days. */
const MAX_EXPIRES_SECONDS = 604_800;
/** How far a request's date may be ahead of the store's clock. */
const CLOCK_SKEW_MS = 15 * 60_000;

export interface SignedRequest {
  readonly method: string;
  /** The raw request target, path and query, as it arrived (`req.url`). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Why S3 would refuse the request: its error code, HTTP status and message. */
export interface SigV4Failure {
  readonly status: 400 | 403;
  readonly code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId' | 'AuthorizationQueryParametersError' | 'InvalidArgument';
  readonly message: string;
}

export type SigV4Result = { readonly ok: true; readonly presigned: boolean } | ({ readonly ok: false } & SigV4Failure);

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

/** 20261122T004419Z → epoch ms, or NaN. */
export function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : Number.NaN;
}

/** Query pairs as sent, decoded (URLSearchParams would turn `+` into a space). */
function queryPairs(query: string): [string, string][] {
  if (!query) return [];
  return query.split('&').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    const [k, v] = at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    return [decodeURIComponent(k), decodeURIComponent(v)];
  });
}

interface Parts {
  accessKeyId: string;
  scope: string;
  date: string;
  region: string;
  service: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  expiresSeconds?: number;
}

type Parsed = { ok: true; parts: Parts; query: [string, string][] } | ({ ok: false } & SigV4Failure);

const fail = (status: SigV4Failure['status'], code: SigV4Failure['code'], message: string): { ok: false } & SigV4Failure => ({ ok: false, status, code, message });

function splitCredential(credential: string): Pick<Parts, 'accessKeyId' | 'scope' | 'date' | 'region' | 'service'> | undefined {
  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request' || rest.length > 0) return undefined;
  return { accessKeyId, scope: `${date}/${region}/${service}/aws4_request`, date, region, service };
}

function parsePresigned(pairs: [string, string][]): Parsed {
  const get = (name: string): string | undefined => pairs.find(([k]) => k === name)?.[1];
  if (get('X-Amz-Algorithm') !== ALGORITHM) return fail(400, 'AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const credential = splitCredential(get('X-Amz-Credential') ?? '');
  const amzDate = get('X-Amz-Date') ?? '';
  const expires = Number(get('X-Amz-Expires'));
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  if (!credential || !amzDate || !signedHeaders || !signature) {
    return fail(400, 'AuthorizationQueryParametersError', 'Query-string authentication requires X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature');
  }
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES_SECONDS) return fail(400, 'AuthorizationQueryParametersError', `X-Amz-Expires must be 1 to ${MAX_EXPIRES_SECONDS} seconds`);
  const query = pairs.filter(([k]) => k !== 'X-Amz-Signature');
  return { ok: true, query, parts: { ...credential, amzDate, signedHeaders: signedHeaders.split(';'), signature, payloadHash: UNSIGNED_PAYLOAD, expiresSeconds: expires } };
}

function parseHeader(authorization: string, headers: IncomingHttpHeaders, pairs: [string, string][]): Parsed {
  const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
  const credential = m && splitCredential(m[1] as string);
  if (!m || !credential) return fail(400, 'InvalidArgument', 'The Authorization header is malformed');
  const amzDate = String(headers['x-amz-date'] ?? '');
  const payloadHash = String(headers['x-amz-content-sha256'] ?? '');
  if (!amzDate) return fail(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (!payloadHash) return fail(400, 'InvalidArgument', 'x-amz-content-sha256 must be present');
  return { ok: true, query: pairs, parts: { ...credential, amzDate, signedHeaders: (m[2] as string).split(';'), signature: m[3] as string, payloadHash } };
}

function canonicalRequest(req: SignedRequest, path: string, query: [string, string][], parts: Parts): string {
  const canonicalQuery = query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerLines = parts.signedHeaders.map((name) => {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    return `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  });
  return [req.method, path, canonicalQuery, headerLines.join(''), parts.signedHeaders.join(';'), parts.payloadHash].join('\n');
}

/**
 * Checks the request's signature against `credentials` at time `now` (epoch ms). A request
 * without any signature is refused too: the local store, like the bucket, is never public.
 */
export function verifySigV4(req: SignedRequest, credentials: Credentials, now: number): SigV4Result {
  const at = req.url.indexOf('?');
  const path = at < 0 ? req.url : req.url.slice(0, at);
  const pairs = queryPairs(at < 0 ? '' : req.url.slice(at + 1));
  const presigned = pairs.some(([k]) => k === 'X-Amz-Signature');
  const authorization = req.headers.authorization;
  let parsed: Parsed;
  if (presigned) parsed = parsePresigned(pairs);
  else if (authorization) parsed = parseHeader(authorization, req.headers, pairs);
  else return fail(403, 'AccessDenied', 'Access Denied');
  if (!parsed.ok) return parsed;
  const { parts, query } = parsed;

  if (parts.accessKeyId !== credentials.accessKeyId) return fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (!presigned && parts.payloadHash !== UNSIGNED_PAYLOAD && parts.payloadHash !== EMPTY_SHA256) {
    return fail(400, 'InvalidArgument', 'The local object store accepts header-signed requests without a body only; upload through a presigned URL');
  }
  if (!parts.signedHeaders.includes('host')) return fail(403, 'AccessDenied', 'The host header must be signed');
  const signedAt = parseAmzDate(parts.amzDate);
  if (Number.isNaN(signedAt) || !parts.amzDate.startsWith(parts.date)) return fail(403, 'AccessDenied', 'X-Amz-Date is not a valid date in the credential scope');
  if (signedAt - now > CLOCK_SKEW_MS) return fail(403, 'AccessDenied', 'Request is not yet valid');
  if (parts.expiresSeconds !== undefined && now > signedAt + parts.expiresSeconds * 1000) return fail(403, 'AccessDenied', 'Request has expired');

  const stringToSign = [ALGORITHM, parts.amzDate, parts.scope, sha256(canonicalRequest(req, path, query, parts))].join('\n');
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, parts.date, parts.region, parts.service)).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(parts.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return { ok: true, presigned };
}

/**
 * Pushes frames to sockets through the @connections API. A socket that is gone answers 410,
 * which SDK v3 raises as GoneException (never `statusCode === 410`): that is a result, 'gone',
 * not an error, so the caller can clean up and deliver to the others.
 * API Gateway answers 429 (LimitExceededException / ThrottlingException) past its rate limits,
 * and a post can meet a 5xx or a dropped connection: that post is retried after an
 * exponentially growing, jittered wait, a bounded number of times, then the error goes up.
 * This is the ONE retry policy for posts: the management client is built with
 * `maxAttempts: 1` (app-deps.ts), so the SDK's own quick retries do not multiply these
 * (3 SDK attempts × 4 of ours was 12 posts and no jitter between the inner three). The bound
 * keeps a delivery within a few seconds of Lambda time.
 */
import { type ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import type { ServerFrame } from '../contracts/frames';
import type { Push } from '../use-cases/ports';

const encoder = new TextEncoder();
const THROTTLED = new Set(['LimitExceededException', 'ThrottlingException', 'TooManyRequestsException']);

export interface PushRetryOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): spreads retries so Lambdas throttled together do not retry together. */
  readonly random?: () => number;
  /** Posts in all, the first included. @default 4 */
  readonly attempts?: number;
  /** Ceiling of the first wait; each next one doubles. @default 100 */
  readonly baseDelayMs?: number;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Network failures the SDK reports without an HTTP status: the post may not have arrived. */
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'TimeoutError', 'RequestTimeout']);

const statusOf = (error: Error): number | undefined => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

export function isThrottled(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return THROTTLED.has(error.name) || statusOf(error) === 429;
}

/** Worth another post after a wait: throttling, a 5xx, or a network failure. Never a 4xx (410 is 'gone'). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = statusOf(error);
  const code = (error as { code?: unknown }).code;
  return isThrottled(error) || (status !== undefined && status >= 500) || NETWORK.has(error.name) || (typeof code === 'string' && NETWORK.has(code));
}

/** "Equal jitter": half the ceiling fixed, half random, so no retry comes near zero. */
export function throttleDelay(retry: number, random: () => number, baseDelayMs: number): number {
  const ceiling = baseDelayMs * 2 ** retry;
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class ConnectionPush implements Push {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly attempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly client: ApiGatewayManagementApiClient,
    options: PushRetryOptions = {},
  ) {
    this.sleep = options.sleep ?? wait;
    this.random = options.random ?? Math.random;
    this.attempts = options.attempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 100;
  }

  async send(connectionId: string, frame: ServerFrame): Promise<'sent' | 'gone'> {
    const data = encoder.encode(JSON.stringify(frame));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
        return 'sent';
      } catch (error) {
        if (error instanceof Error && error.name === 'GoneException') return 'gone';
        if (!isRetryable(error) || attempt >= this.attempts) throw error;
        await this.sleep(throttleDelay(attempt - 1, this.random, this.baseDelayMs));
      }
    }
  }
}

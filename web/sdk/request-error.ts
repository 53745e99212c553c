import type { ErrorCode } from './types';

/**
 * Why a request failed. Server codes come from an `error` frame and are final, except
 * `internal` (the server failed part-way and says "please retry"); `timeout`, `disconnected`
 * and `closed` are the transport's, and the first two are worth retrying.
 */
export type RequestErrorCode = ErrorCode | 'timeout' | 'disconnected' | 'closed';

export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: RequestErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** A failure where resending (with the same idempotency key) is safe and useful. */
  get retryable(): boolean {
    return this.code === 'timeout' || this.code === 'disconnected' || this.code === 'internal';
  }
}

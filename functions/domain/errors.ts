/**
 * One base error for every rule the caller may break. The transport's error middleware turns
 * a ParleyError into a structured reply (code, message, field) and anything else into a
 * generic `internal` error, so a caller never sees a stack.
 */
import type { ErrorCode } from '../contracts/frames';

export class ParleyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends ParleyError {
  constructor(message: string, field?: string) {
    super('bad_request', message, field);
  }
}

export class ForbiddenError extends ParleyError {
  constructor(message: string, field?: string) {
    super('forbidden', message, field);
  }
}

export class NotFoundError extends ParleyError {
  constructor(message: string, field?: string) {
    super('not_found', message, field);
  }
}

export class ConflictError extends ParleyError {
  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super('conflict', message, field, options);
  }
}

export class UnauthorizedError extends ParleyError {
  constructor(message = 'Unauthorized', options?: { cause?: unknown }) {
    super('unauthorized', message, undefined, options);
  }
}

/** Too many requests in a window; the caller may retry after `retryAfterMs`. */
export class RateLimitedError extends ParleyError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super('rate_limited', message);
  }
}

/** An agent blocked this visitor (by visitor id, verified user id or network address). */
export class BlockedError extends ParleyError {
  constructor(message = 'This chat is not available to you: an agent has blocked this visitor') {
    super('blocked', message);
  }
}

// Store outcomes: the DynamoDB adapter raises these when a conditional write loses; the use
// cases decide what each means for the caller (retry, return the original, or conflict).

/** The chat's lastSeq moved (another writer won) or the chat is no longer open. */
export class SeqConflictError extends Error {
  override readonly name = 'SeqConflictError';
}

/** A message with this clientMessageId already exists in the chat. */
export class DuplicateMessageError extends Error {
  override readonly name = 'DuplicateMessageError';
}

/** A startChat with this clientMessageId already created a chat. */
export class DuplicateStartError extends Error {
  override readonly name = 'DuplicateStartError';
}

/** The chat was no longer queued, or the agent was offline or full, when assigning. */
export class AssignmentConflictError extends Error {
  override readonly name = 'AssignmentConflictError';
  constructor(
    readonly chatLost: boolean,
    readonly agentLost: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Assignment lost (chat: ${chatLost}, agent: ${agentLost})`, options);
  }
}

/** The chat was already closed when closing it. */
export class ChatNotOpenError extends Error {
  override readonly name = 'ChatNotOpenError';
}

/** The chat changed under a conditional write (another agent, a transfer, a close): re-read and decide. */
export class ChatChangedError extends Error {
  override readonly name = 'ChatChangedError';
}

/** Another canned response of the same owner already has this shortcut. */
export class DuplicateShortcutError extends Error {
  override readonly name = 'DuplicateShortcutError';
}

/** The offer being answered or ended is no longer the chat's current offer (accepted, declined, lapsed or withdrawn already). */
export class OfferLostError extends Error {
  override readonly name = 'OfferLostError';
}

/** A metric consumer's per-agent/chat/visitor state moved under it: nothing was counted; retry the event. */
export class MetricStateConflictError extends Error {
  override readonly name = 'MetricStateConflictError';
}

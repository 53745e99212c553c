/**
 * The socket transport's one error middleware. Rule breaks (ParleyError) and bad input
 * (ZodError) become an error frame naming the field; anything else is logged and answered
 * as `internal` without details. The reply is always a 200 whose body is the frame: an error
 * never closes the socket.
 */
import type { MiddlewareObj } from '@middy/core';
import { ZodError } from 'zod';
import type { ErrorCode, ServerFrame } from '../contracts/frames';
import { ParleyError, RateLimitedError } from '../domain/errors';

export interface SocketEvent {
  body?: string | null;
  requestContext: { connectionId: string; routeKey?: string; authorizer?: unknown };
}

export interface SocketReply {
  statusCode: number;
  body: string;
}

/** The requestId of a frame, if the body is JSON carrying one: errors echo it. */
export function requestIdOf(body: string | null | undefined): string | null {
  try {
    const parsed: unknown = JSON.parse(body ?? '');
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { requestId?: unknown }).requestId : undefined;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

export function reply(frame: ServerFrame): SocketReply {
  return { statusCode: 200, body: JSON.stringify(frame) };
}

export function errorFrame(requestId: string | null, error: unknown): Extract<ServerFrame, { type: 'error' }> {
  if (error instanceof ParleyError) {
    const retry = error instanceof RateLimitedError ? { retryAfterMs: error.retryAfterMs } : {};
    return { type: 'error', requestId, code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...retry };
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || undefined;
    const code: ErrorCode = 'bad_request';
    return { type: 'error', requestId, code, message: `${field ?? 'frame'}: ${issue?.message ?? 'invalid'}`, ...(field ? { field } : {}) };
  }
  return { type: 'error', requestId, code: 'internal', message: 'Something went wrong; please retry' };
}

export function socketErrors(): MiddlewareObj<SocketEvent, SocketReply> {
  return {
    onError: (request) => {
      const frame = errorFrame(requestIdOf(request.event.body), request.error);
      if (frame.code === 'internal') console.error(JSON.stringify({ level: 'error', route: request.event.requestContext.routeKey, error: String(request.error), stack: request.error?.stack }));
      request.response = reply(frame);
    },
  };
}

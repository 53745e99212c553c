/**
 * The HTTP transport's one error middleware: rule breaks and bad bodies become a 4xx with an
 * HttpErrorBody naming the field; anything else is logged and answered 500 without details.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorCode } from '../contracts/frames';
import type { HttpErrorBody } from '../contracts/http';
import { errorFrame } from './socket-errors';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  frame_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  blocked: 403,
  internal: 500,
};

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function httpErrors(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const { code, message, field, retryAfterMs } = errorFrame(null, request.error);
      if (code === 'internal') console.error(JSON.stringify({ level: 'error', path: request.event.rawPath, error: String(request.error), stack: request.error?.stack }));
      const body: HttpErrorBody = { error: { code, message, ...(field ? { field } : {}), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } };
      const response = json(STATUS[code], body);
      // Retry-After is in whole seconds (RFC 9110); the body keeps the exact figure.
      if (retryAfterMs !== undefined) response.headers = { ...response.headers, 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
      request.response = response;
    },
  };
}

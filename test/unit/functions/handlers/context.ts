import type { Context } from 'aws-lambda';
import type { Caller } from '../../../../functions/contracts/auth';

/** A Lambda context without a deadline: middy then sets no early-timeout timer. */
export const lambdaContext = {} as Context;

export function socketEvent(body: string, caller: Caller | undefined, connectionId = 'conn-1') {
  return { body, requestContext: { connectionId, routeKey: 'x', ...(caller ? { authorizer: caller } : {}) } };
}

export function frameOf(reply: unknown): Record<string, unknown> {
  const { statusCode, body } = reply as { statusCode: number; body: string };
  if (statusCode !== 200) throw new Error(`status ${statusCode}`);
  return JSON.parse(body) as Record<string, unknown>;
}

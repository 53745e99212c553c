/** The visitor an HTTP request is from: `Authorization: Bearer <visitor token>`, verified, or 401. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { BadRequestError, UnauthorizedError } from '../../domain/errors';
import type { VisitorTokens } from '../../use-cases/ports';

export async function visitorOf(tokens: VisitorTokens, event: APIGatewayProxyEventV2): Promise<string> {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const token = /^Bearer (\S+)$/.exec(header)?.[1];
  if (!token) throw new UnauthorizedError('A visitor token is required (Authorization: Bearer …)');
  const visitorId = await tokens.verify(token).catch(() => undefined);
  if (!visitorId) throw new UnauthorizedError('Invalid visitor token');
  return visitorId;
}

export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequestError('body: not valid JSON', 'body');
  }
}

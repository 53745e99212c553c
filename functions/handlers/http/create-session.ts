/** `POST /sessions`: a signed visitor token (a returning visitor keeps their id). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createSessionBody } from '../../contracts/http';
import { BadRequestError } from '../../domain/errors';
import { createSession, type SessionDeps } from '../../use-cases/create-session';
import { appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';

function bodyJson(event: APIGatewayProxyEventV2): unknown {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequestError('body: not valid JSON', 'body');
  }
}

export const createHandler = (deps: Lazy<SessionDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const body = createSessionBody.parse(bodyJson(event));
      return json(200, await createSession(deps(), body, { address: event.requestContext?.http?.sourceIp }));
    });

export const handler = createHandler(appDeps);

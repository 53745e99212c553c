/** `POST /sessions`: a signed visitor token (a returning visitor keeps their id). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createSessionBody } from '../../contracts/http';
import { createSession, type SessionDeps } from '../../use-cases/create-session';
import { appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { bodyJson } from '../http-request';

export const createHandler = (deps: Lazy<SessionDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const body = createSessionBody.parse(bodyJson(event));
      return json(200, await createSession(deps(), body, { address: event.requestContext?.http?.sourceIp }));
    });

export const handler = createHandler(appDeps);

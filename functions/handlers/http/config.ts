/** `GET /config`: the runtime config, from the environment and PARLEY_CONFIG. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Env } from '../../contracts/env';
import { runtimeConfig } from '../../use-cases/runtime-config';
import { appEnv, type Lazy } from '../per-environment';
import { httpErrors, json } from '../http-errors';

export const createHandler = (env: Lazy<Env>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async () => json(200, runtimeConfig(env())));

export const handler = createHandler(appEnv);

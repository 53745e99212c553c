/** `POST /visits`: the widget's page load, for unique visitors (visitor token required). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { visitBodySchema } from '../../contracts/reports';
import type { AuthorizeDeps } from '../../use-cases/authorize';
import type { Deps } from '../../use-cases/ports';
import { recordVisit } from '../../use-cases/track';
import { appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { bearerCaller, bodyJson } from '../http-request';

export const createHandler = (deps: Lazy<Pick<Deps, 'publisher' | 'clock'> & AuthorizeDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => json(202, await recordVisit(deps(), await bearerCaller(deps(), event), visitBodySchema.parse(bodyJson(event)))));

export const handler = createHandler(appDeps);

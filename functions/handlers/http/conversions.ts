/** `POST /conversions`: a conversion on the site, attributed to the visitor's last chat (visitor token required). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { conversionBodySchema } from '../../contracts/reports';
import type { AuthorizeDeps } from '../../use-cases/authorize';
import type { Deps } from '../../use-cases/ports';
import { recordConversion } from '../../use-cases/track';
import { appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { bearerCaller, bodyJson } from '../http-request';

export const createHandler = (deps: Lazy<Pick<Deps, 'publisher' | 'clock' | 'store' | 'config'> & AuthorizeDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => json(200, await recordConversion(deps(), await bearerCaller(deps(), event), conversionBodySchema.parse(bodyJson(event)))));

export const handler = createHandler(appDeps);

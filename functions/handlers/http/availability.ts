/** `GET /availability`: per department, whether someone is online and it is within business hours. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { availability } from '../../use-cases/tickets';
import { type AppDeps, appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { visitorOf } from './visitor-auth';

export const createHandler = (deps: Lazy<Pick<AppDeps, 'store' | 'config' | 'clock' | 'visitorTokens'>>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      await visitorOf(deps().visitorTokens, event);
      return json(200, await availability(deps()));
    });

export const handler = createHandler(appDeps);

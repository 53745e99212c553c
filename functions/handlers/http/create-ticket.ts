/** `POST /tickets`: the offline form; 201 `{ ticketId }`, publishes ticket.created. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ticketBody } from '../../contracts/http';
import { createTicket } from '../../use-cases/tickets';
import { type AppDeps, appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { jsonBody, visitorOf } from './visitor-auth';

export const createHandler = (deps: Lazy<AppDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const visitorId = await visitorOf(deps().visitorTokens, event);
      return json(201, await createTicket(deps(), visitorId, ticketBody.parse(jsonBody(event))));
    });

export const handler = createHandler(appDeps);

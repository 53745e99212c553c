/** `POST /contacts/erase` `{ visitorId }`: erase one contact; 200 when done, 202 while it still runs (ask again). Admins only. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contactRefSchema } from '../../contracts/contacts';
import { eraseContact } from '../../use-cases/privacy';
import { type AppDeps, appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { adminCaller, bodyJson } from '../http-request';

export const createHandler = (deps: Lazy<AppDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const caller = await adminCaller(deps(), event);
      const record = await eraseContact(deps(), caller, contactRefSchema.parse(bodyJson(event)).visitorId);
      return json(record.status === 'done' ? 200 : 202, record);
    });

export const handler = createHandler(appDeps);

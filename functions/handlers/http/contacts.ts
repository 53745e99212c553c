/** `GET /contacts?visitorId=|userId=|email=`: find a contact (admins only). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contactLookupSchema } from '../../contracts/contacts';
import { findContacts } from '../../use-cases/privacy';
import { type AppDeps, appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { adminCaller } from '../http-request';

export const createHandler = (deps: Lazy<AppDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const caller = await adminCaller(deps(), event);
      return json(200, await findContacts(deps(), caller, contactLookupSchema.parse(event.queryStringParameters ?? {})));
    });

export const handler = createHandler(appDeps);

/** `GET /contacts/export?visitorId=`: everything stored about one contact, as a JSON download (admins only). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contactRefSchema } from '../../contracts/contacts';
import { exportContact, requireAdmin } from '../../use-cases/privacy';
import { type AppDeps, appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { bearerCaller } from '../http-request';

export const createHandler = (deps: Lazy<AppDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const caller = await bearerCaller(deps(), event);
      requireAdmin(caller); // before the input is read: nobody else learns what a valid request looks like
      const { visitorId } = contactRefSchema.parse(event.queryStringParameters ?? {});
      const response = json(200, await exportContact(deps(), caller, visitorId));
      return { ...response, headers: { ...response.headers, 'content-disposition': `attachment; filename="parley-contact-${visitorId}.json"`, 'cache-control': 'no-store' } };
    });

export const handler = createHandler(appDeps);

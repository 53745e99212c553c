/** `GET /contacts/export?visitorId=`: everything stored about one contact, as a JSON download (admins only). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contactRefSchema } from '../../contracts/contacts';
import { exportContact } from '../../use-cases/privacy';
import { type AppDeps, appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { adminCaller } from '../http-request';

export const createHandler = (deps: Lazy<AppDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const caller = await adminCaller(deps(), event);
      const { visitorId } = contactRefSchema.parse(event.queryStringParameters ?? {});
      const response = json(200, await exportContact(deps(), caller, visitorId));
      return { ...response, headers: { ...response.headers, 'content-disposition': `attachment; filename="parley-contact-${visitorId}.json"`, 'cache-control': 'no-store' } };
    });

export const handler = createHandler(appDeps);

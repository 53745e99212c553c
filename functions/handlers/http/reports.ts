/** `GET /reports`: metrics over a date range as JSON or CSV (staff only; agents see their own); `report=live`: the live numbers. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { reportQuerySchema } from '../../contracts/reports';
import { toCsv } from '../../domain/reports';
import type { AuthorizeDeps } from '../../use-cases/authorize';
import type { Deps } from '../../use-cases/ports';
import { liveStatsFor } from '../../use-cases/live-stats';
import { runReport } from '../../use-cases/reports';
import { appDeps, type Lazy } from '../app-deps';
import { httpErrors, json } from '../http-errors';
import { bearerCaller } from '../http-request';

export const createHandler = (deps: Lazy<Pick<Deps, 'store' | 'clock'> & AuthorizeDeps>) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpErrors())
    .handler(async (event) => {
      const caller = await bearerCaller(deps(), event);
      // The live numbers have no range: the dashboard's first paint, then `liveStats` frames.
      if (event.queryStringParameters?.report === 'live') return json(200, { live: await liveStatsFor(deps(), caller) });
      const query = reportQuerySchema.parse(event.queryStringParameters ?? {});
      const result = await runReport(deps().store, caller, query);
      if (query.format === 'json') return json(200, result.body);
      const filename = `parley-${query.report}-${query.from}-${query.to}.csv`;
      return { statusCode: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` }, body: toCsv(result.table) };
    });

export const handler = createHandler(appDeps);

/**
 * Access-log formats for the two APIs: one JSON line per request with the fields we search by.
 * WebSocket and HTTP APIs expose different $context variables, so each has its own list.
 */
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

function jsonLine(fields: Record<string, string>): AccessLogFormat {
  const body = Object.entries(fields)
    .map(([key, variable]) => `"${key}":"${variable}"`)
    .join(',');
  return AccessLogFormat.custom(`{${body}}`);
}

export const socketAccessLogFormat = (): AccessLogFormat =>
  jsonLine({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    eventType: '$context.eventType',
    connectionId: '$context.connectionId',
    status: '$context.status',
    integrationLatency: '$context.integrationLatency',
    error: '$context.error.message',
  });

export const httpAccessLogFormat = (): AccessLogFormat =>
  jsonLine({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    sourceIp: '$context.identity.sourceIp',
    integrationLatency: '$context.integrationLatency',
    error: '$context.error.message',
  });

/**
 * Access-log formats for the two APIs: one JSON line per request with the fields we search by.
 * WebSocket and HTTP APIs expose different $context variables, so each has its own list.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { LogGroupLogDestination, type StageOptions } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

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

export interface LoggedStageProps {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly logRetention: RetentionDays;
}

/** The options both APIs' stages share: auto-deploy, throttling, access logs into a new group. */
export function loggedStageOptions(
  scope: Construct,
  props: LoggedStageProps,
  format: AccessLogFormat,
): { logGroup: LogGroup; options: StageOptions } {
  const logGroup = new LogGroup(scope, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
  const options: StageOptions = {
    autoDeploy: true,
    throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
    accessLogSettings: { destination: new LogGroupLogDestination(logGroup), format },
  };
  return { logGroup, options };
}

/**
 * The environment functions get on a laptop: the same variables as in the cloud
 * (functions/contracts/env.ts), with the SDK's per-service endpoint variables pointing the
 * real AWS clients at the local services, and dummy credentials the local services ignore.
 */
import type { Env } from '../../functions/contracts/env';
import { LOCAL_BUS_NAME } from './event-bus';
import { LOCAL_ATTACHMENTS_BUCKET } from './object-store';
import { LOCAL_TIMER_QUEUE } from './timer-queue';
import type { LocalUrls } from './types';
import { IDENTITY_SECRET_ID, VISITOR_SECRET_ID } from './visitor-secret';

type FunctionEnvNames = keyof Env;

/** The one key pair the local services know (the object store verifies signatures with it). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface FunctionEnvInput {
  readonly urls: LocalUrls;
  readonly tableName: string;
  readonly issuer: string;
  readonly clientId: string;
  /** parley.config.json as text. */
  readonly configText: string;
}

export function functionEnvironment(input: FunctionEnvInput): Record<string, string> {
  const { urls } = input;
  const parley: Record<FunctionEnvNames, string> = {
    TABLE_NAME: input.tableName,
    EVENT_BUS_NAME: LOCAL_BUS_NAME,
    WS_CALLBACK_URL: urls.connections,
    AGENT_JWT_ISSUER: input.issuer,
    AGENT_JWT_AUDIENCE: input.clientId,
    VISITOR_SECRET_ID,
    IDENTITY_SECRET_ID,
    PARLEY_CONFIG: input.configText,
    PUBLIC_WEBSOCKET_URL: urls.websocket,
    PUBLIC_HTTP_URL: urls.http,
    IDENTITY_ENDPOINT: urls.aws,
    TIMER_QUEUE_URL: `${urls.aws}/000000000000/${LOCAL_TIMER_QUEUE}`,
    ATTACHMENTS_BUCKET: LOCAL_ATTACHMENTS_BUCKET,
  };
  return {
    ...parley,
    AWS_ENDPOINT_URL_DYNAMODB: urls.dynamodb,
    AWS_ENDPOINT_URL_EVENTBRIDGE: urls.aws,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: urls.aws,
    AWS_ENDPOINT_URL_SQS: urls.aws,
    // An IP address endpoint: the S3 client sends path-style requests on its own.
    AWS_ENDPOINT_URL_S3: urls.objects,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

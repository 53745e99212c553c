/**
 * The local AWS endpoint: one HTTP server speaking AWS's JSON protocol, dispatching on
 * `x-amz-target` exactly as the SDK clients send it (EventBridge PutEvents, Secrets Manager
 * GetSecretValue, SQS SendMessage and SendMessageBatch to the timer queue, Cognito InitiateAuth), plus the identity provider's JWKS. CORS is open here
 * because the console calls InitiateAuth from the browser, as it calls Cognito in the cloud.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBus } from './event-bus';
import { asListener, readBody, sendJson } from './http-util';
import { awsError, type AwsJsonResult, type IdentityProvider } from './identity-provider';
import { LOCAL_TIMER_QUEUE, type TimerQueue } from './timer-queue';
import { IDENTITY_SECRET_ID, VISITOR_SECRET_ID } from './visitor-secret';

export interface AwsEndpointOptions {
  readonly bus: EventBus;
  readonly timers: TimerQueue;
  readonly identity: IdentityProvider;
  readonly visitorSecret: string;
  readonly identitySecret: string;
  /** Path of the issuer on this endpoint (`/idp`), where the JWKS lives. */
  readonly issuerPath: string;
}

const MAX_PUT_EVENTS_ENTRIES = 10;
const MAX_DELAY_SECONDS = 900;
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 1_048_576;

const isTimerQueue = (url: unknown): boolean => typeof url === 'string' && url.endsWith(`/${LOCAL_TIMER_QUEUE}`);

/** What SQS would refuse in one message, or undefined. */
function invalidMessage(body: unknown, delaySeconds: unknown): string | undefined {
  if (typeof body !== 'string' || body.length === 0) return 'The request must contain the parameter MessageBody.';
  if (!Number.isInteger(delaySeconds) || (delaySeconds as number) < 0 || (delaySeconds as number) > MAX_DELAY_SECONDS) {
    return `Value ${String(delaySeconds)} for parameter DelaySeconds is invalid. Reason: must be between 0 and ${MAX_DELAY_SECONDS}, if provided.`;
  }
  return undefined;
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-amz-target, x-amz-user-agent, authorization, amz-sdk-invocation-id, amz-sdk-request',
  'access-control-max-age': '600',
};

type Operation = (input: Record<string, unknown>) => AwsJsonResult | Promise<AwsJsonResult>;

function operations(options: AwsEndpointOptions): Record<string, Operation> {
  const created = Math.floor(Date.now() / 1000);
  return {
    'AWSEvents.PutEvents': ({ Entries }) => {
      if (!Array.isArray(Entries) || Entries.length < 1 || Entries.length > MAX_PUT_EVENTS_ENTRIES) {
        return awsError(400, 'ValidationException', `Entries must hold 1 to ${MAX_PUT_EVENTS_ENTRIES} entries.`);
      }
      const results = options.bus.publish(Entries as object[]);
      const failed = results.filter((r) => 'ErrorCode' in r).length;
      return { status: 200, body: { FailedEntryCount: failed, Entries: results } };
    },
    'secretsmanager.GetSecretValue': ({ SecretId }) => {
      const secrets: Record<string, string> = { [VISITOR_SECRET_ID]: options.visitorSecret, [IDENTITY_SECRET_ID]: options.identitySecret };
      const name = Object.keys(secrets).find((id) => SecretId === id || (typeof SecretId === 'string' && SecretId.includes(`:secret:${id}`)));
      if (!name) return awsError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return {
        status: 200,
        body: {
          ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-local`,
          Name: name,
          SecretString: secrets[name],
          VersionId: 'local',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: created,
        },
      };
    },
    'AmazonSQS.SendMessage': ({ QueueUrl, MessageBody, DelaySeconds = 0 }) => {
      if (!isTimerQueue(QueueUrl)) return awsError(400, 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
      const invalid = invalidMessage(MessageBody, DelaySeconds);
      if (invalid) return awsError(400, 'InvalidParameterValue', invalid);
      return { status: 200, body: options.timers.send(MessageBody as string, DelaySeconds as number) };
    },
    // As SQS: request-wide problems refuse the whole batch; a bad entry fails alone, named in Failed, with the others sent.
    'AmazonSQS.SendMessageBatch': ({ QueueUrl, Entries }) => {
      if (!isTimerQueue(QueueUrl)) return awsError(400, 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
      if (!Array.isArray(Entries) || Entries.length === 0) return awsError(400, 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
      if (Entries.length > MAX_BATCH_ENTRIES) return awsError(400, 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${Entries.length}.`);
      const entries = Entries as { Id?: unknown; MessageBody?: unknown; DelaySeconds?: unknown }[];
      if (entries.some((e) => typeof e?.Id !== 'string' || !/^[\w-]{1,80}$/.test(e.Id))) return awsError(400, 'AWS.SimpleQueueService.InvalidBatchEntryId', 'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.');
      if (new Set(entries.map((e) => e.Id)).size !== entries.length) return awsError(400, 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
      const size = entries.reduce((sum, e) => sum + (typeof e.MessageBody === 'string' ? Buffer.byteLength(e.MessageBody) : 0), 0);
      if (size > MAX_BATCH_BYTES) return awsError(400, 'AWS.SimpleQueueService.BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes.`);
      const Successful: object[] = [];
      const Failed: object[] = [];
      for (const { Id, MessageBody, DelaySeconds = 0 } of entries) {
        const invalid = invalidMessage(MessageBody, DelaySeconds);
        if (invalid) Failed.push({ Id, SenderFault: true, Code: 'InvalidParameterValue', Message: invalid });
        else Successful.push({ Id, ...options.timers.send(MessageBody as string, DelaySeconds as number) });
      }
      return { status: 200, body: { Successful, Failed } };
    },
    'AWSCognitoIdentityProviderService.InitiateAuth': (input) => options.identity.initiateAuth(input),
  };
}

function answer(res: ServerResponse, result: AwsJsonResult): void {
  const type = result.body.__type;
  const headers: Record<string, string> = { ...CORS_HEADERS, 'content-type': 'application/x-amz-json-1.1' };
  if (typeof type === 'string') headers['x-amzn-errortype'] = type;
  sendJson(res, result.status, result.body, headers);
}

async function parseInput(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const text = (await readBody(req)).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The endpoint's request listener (attached once its port, and so the issuer URL, is known). */
export function awsEndpointListener(options: AwsEndpointOptions) {
  const table = operations(options);
  const jwksPath = `${options.issuerPath}/.well-known/jwks.json`;
  return asListener(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS_HEADERS).end();
    if (req.method === 'GET' && path === jwksPath) return sendJson(res, 200, options.identity.jwks, CORS_HEADERS);
    const target = req.headers['x-amz-target'];
    const operation = typeof target === 'string' ? table[target] : undefined;
    if (req.method !== 'POST' || !operation) {
      return answer(res, awsError(400, 'UnknownOperationException', `Unknown operation ${String(target)}`));
    }
    const input = await parseInput(req);
    if (!input) return answer(res, awsError(400, 'SerializationException', 'The request body is not a JSON object.'));
    answer(res, await operation(input));
  }, 'aws');
}

/**
 * The real dependencies, built on first use (the local runtime imports handler modules before
 * it has set every variable) and shared while the environment they come from stays the same:
 * once per Lambda instance; again for each local runtime a process hosts (per-environment.ts).
 * Tests of handlers never build them (they inject their own through each createHandler).
 */
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { AgentTokens } from '../adapters/agent-tokens';
import { ConnectionPush } from '../adapters/connection-push';
import { DynamoContacts } from '../adapters/dynamo-contacts';
import { documentClient, dynamoStore } from '../adapters/dynamo-store';
import { EventPublisher } from '../adapters/event-publisher';
import { S3Objects, s3Client } from '../adapters/s3-objects';
import { HmacSiteIdentities } from '../adapters/site-identities';
import { SqsTimers } from '../adapters/sqs-timers';
import { VisitorSecret } from '../adapters/visitor-secret';
import { HmacVisitorTokens } from '../adapters/visitor-tokens';
import { type Env, readEnv } from '../contracts/env';
import type { AuthorizeDeps } from '../use-cases/authorize';
import { ConnectionLimiter } from '../use-cases/connection-limits';
import { TypingCache } from '../use-cases/typing-cache';
import { LivePushGate } from '../use-cases/live-stats';
import { QueuePushGate } from '../use-cases/queue-updates';
import type { Deps, SiteIdentities, VisitorTokens } from '../use-cases/ports';
import type { PrivacyDeps } from '../use-cases/privacy';
import { type Lazy, perEnvironment } from './per-environment';

export type AppDeps = Deps & AuthorizeDeps & PrivacyDeps & { env: Env; tokens: VisitorTokens; identities: SiteIdentities };

export type { Lazy } from './per-environment';

function build(): AppDeps {
  const env = readEnv();
  const secrets = new SecretsManagerClient({});
  const secret = new VisitorSecret(secrets, env.VISITOR_SECRET_ID);
  const identitySecret = new VisitorSecret(secrets, env.IDENTITY_SECRET_ID);
  const visitorTokens = new HmacVisitorTokens(() => secret.get());
  const clock = { now: () => Date.now() };
  const identities = new HmacSiteIdentities(() => identitySecret.get());
  const table = { client: documentClient(new DynamoDBClient({})), name: env.TABLE_NAME, retentionDays: env.PARLEY_CONFIG.retentionDays };
  return {
    env,
    config: env.PARLEY_CONFIG,
    store: dynamoStore(table),
    contacts: new DynamoContacts(table),
    contactIds: identities,
    audit: (line) => console.log(JSON.stringify({ level: 'info', ...line })),
    // maxAttempts 1: ConnectionPush's jittered backoff is the one retry policy for posts.
    push: new ConnectionPush(new ApiGatewayManagementApiClient({ endpoint: env.WS_CALLBACK_URL, maxAttempts: 1 })),
    publisher: new EventPublisher(new EventBridgeClient({}), env.EVENT_BUS_NAME),
    clock,
    timers: new SqsTimers(new SQSClient({}), env.TIMER_QUEUE_URL, clock),
    limiter: new ConnectionLimiter(),
    typingCache: new TypingCache(),
    livePushGate: new LivePushGate(),
    queuePushGate: new QueuePushGate(),
    objects: new S3Objects(s3Client(), env.ATTACHMENTS_BUCKET),
    ids: { next: (prefix) => `${prefix}_${randomUUID().replaceAll('-', '')}` },
    tokens: visitorTokens,
    identities,
    visitorTokens,
    agentTokens: new AgentTokens({ issuer: env.AGENT_JWT_ISSUER, audience: env.AGENT_JWT_AUDIENCE }),
  };
}

export const appDeps: Lazy<AppDeps> = perEnvironment(build);

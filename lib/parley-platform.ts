/**
 * The whole of Parley as one construct: usable as the body of our own stack (parley-stack.ts)
 * or dropped into a user's CDK app with typed props. Everything that runs is read from
 * functions/manifest.ts; nothing here names a route or a handler.
 *
 * Order matters to avoid circular references: the APIs are created empty, the functions are
 * then given their URLs in the environment, and only then are routes wired to the functions.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { deploymentConfigSchema, type DeploymentConfig } from '../functions/contracts/config';
import type { Env } from '../functions/contracts/env';
import type { RuntimeConfig } from '../functions/contracts/http';
import { manifest, type FunctionSpec } from '../functions/manifest';
import { widgetSettings } from '../functions/use-cases/runtime-config';
import { ApiGatewayLogsRole } from './api-gateway-account';
import { AttachmentStore } from './attachment-store';
import { grantAccess, type GrantTargets } from './access-grants';
import { Alerts } from './alerts';
import { ParleyBus } from './event-bus';
import { ParleyHttpApi } from './http-api';
import { AgentIdentity } from './identity';
import { ParleyFunction, type FunctionRole } from './parley-function';
import { SlaAlerts } from './sla-alerts';
import { SocketApi } from './socket-api';
import { ParleyTable } from './table';
import { TimerQueue } from './timer-queue';
import { ParleyWaf } from './waf';
import { type WebDomain, WebHosting } from './web-hosting';

const repoRoot = path.resolve(__dirname, '..');

export interface ParleyPlatformProps {
  /** The parsed deployment config (parley.config.json, functions/contracts/config.ts). Validated again here. */
  readonly config: DeploymentConfig;
  /** Name of the event bus. @default `parley-<stack name>` */
  readonly busName?: string;
  /** Where alarms are e-mailed. @default - no e-mail; alarms show in CloudWatch only */
  readonly alertEmail?: string;
  /** Built web files to publish. @default `<repo>/dist/web` (built by `npm run build:web`) */
  readonly webAssetPath?: string;
  /** Folder the manifest's handler paths are relative to. @default `<repo>/functions` */
  readonly functionsDir?: string;
  /** Retention of every log group. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** WebSocket stage throttling, requests per second. @default { rateLimit: 500, burstLimit: 1000 } */
  readonly socketThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** HTTP stage throttling, requests per second. @default { rateLimit: 100, burstLimit: 200 } */
  readonly httpThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * Set the account's API Gateway CloudWatch Logs role, which WebSocket stage logging needs.
   * Turn off when the account (this region) already has one. @default true
   */
  readonly manageApiGatewayLogsRole?: boolean;
  /**
   * Serve the console and widget on your own domain, with its ACM certificate (in us-east-1):
   * then CloudFront's TLS floor is TLS 1.2 (TLSv1.2_2021). @default - the *.cloudfront.net name
   */
  readonly webDomain?: WebDomain;
}

/** Props with every default applied, after validation. */
interface ResolvedProps extends Required<Omit<ParleyPlatformProps, 'alertEmail' | 'busName' | 'webDomain'>> {
  readonly alertEmail?: string;
  readonly busName?: string;
  readonly webDomain?: WebDomain;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function resolveProps(props: ParleyPlatformProps): ResolvedProps {
  const parsed = deploymentConfigSchema.safeParse(props.config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`ParleyPlatform: config is invalid:\n  ${problems.join('\n  ')}`);
  }
  if (props.alertEmail !== undefined && !emailPattern.test(props.alertEmail)) {
    throw new Error(`ParleyPlatform: alertEmail is not an e-mail address: ${props.alertEmail}`);
  }
  const resolved: ResolvedProps = {
    ...props,
    config: parsed.data,
    webAssetPath: props.webAssetPath ?? path.join(repoRoot, 'dist', 'web'),
    functionsDir: props.functionsDir ?? path.join(repoRoot, 'functions'),
    logRetention: props.logRetention ?? RetentionDays.ONE_MONTH,
    socketThrottle: props.socketThrottle ?? { rateLimit: 500, burstLimit: 1000 },
    httpThrottle: props.httpThrottle ?? { rateLimit: 100, burstLimit: 200 },
    manageApiGatewayLogsRole: props.manageApiGatewayLogsRole ?? true,
  };
  for (const [name, throttle] of [['socketThrottle', resolved.socketThrottle], ['httpThrottle', resolved.httpThrottle]] as const) {
    if (!(throttle.rateLimit > 0 && throttle.burstLimit >= throttle.rateLimit)) {
      throw new Error(`ParleyPlatform: ${name} needs rateLimit > 0 and burstLimit >= rateLimit`);
    }
  }
  for (const [name, dir] of [['webAssetPath', resolved.webAssetPath], ['functionsDir', resolved.functionsDir]] as const) {
    if (!existsSync(dir)) throw new Error(`ParleyPlatform: ${name} does not exist: ${dir} (run \`npm run build:web\`?)`);
  }
  return resolved;
}

export class ParleyPlatform extends Construct {
  public readonly table: ParleyTable;
  public readonly bus: ParleyBus;
  public readonly identity: AgentIdentity;
  public readonly visitorSecret: Secret;
  /** The key a site signs its logged-in users' ids with (identity verification); the site's backend reads it. */
  public readonly identitySecret: Secret;
  public readonly socketApi: SocketApi;
  public readonly httpApi: ParleyHttpApi;
  /** Every manifest function, by its manifest name. */
  public readonly functions: ReadonlyMap<string, ParleyFunction>;
  public readonly alerts: Alerts;
  /** E-mail for sla.breached, when the config names an address (`alerts.email`). */
  public readonly slaAlerts?: SlaAlerts;
  /** Delayed work: offer timeouts and queue limits. */
  public readonly timers: TimerQueue;
  public readonly web: WebHosting;
  /** The bucket attachments' files are uploaded to and served from (presigned URLs only). */
  public readonly attachments: AttachmentStore;
  /** The account-wide API Gateway logging role, when this platform manages it. */
  public readonly apiGatewayLogsRole?: ApiGatewayLogsRole;
  /** config `waf.enabled`: the regional WebACL on the agents' sign-in (the user pool). */
  public readonly regionalWaf?: ParleyWaf;
  /** config `waf.enabled` in us-east-1: the CLOUDFRONT-scope WebACL on the distribution. */
  public readonly cloudFrontWaf?: ParleyWaf;

  constructor(scope: Construct, id: string, props: ParleyPlatformProps) {
    super(scope, id);
    const resolved = resolveProps(props);
    const { config, logRetention } = resolved;
    const stackName = this.stackName();

    this.table = new ParleyTable(this, 'Data', { spec: manifest.table });
    this.bus = new ParleyBus(this, 'Events', { busName: resolved.busName ?? `parley-${stackName}` });
    this.identity = new AgentIdentity(this, 'Identity');
    this.visitorSecret = this.createVisitorSecret();
    this.identitySecret = this.createIdentitySecret();
    this.socketApi = new SocketApi(this, 'Socket', { apiName: `${stackName}-socket`, logRetention, ...resolved.socketThrottle });
    if (resolved.manageApiGatewayLogsRole) {
      this.apiGatewayLogsRole = new ApiGatewayLogsRole(this, 'ApiGatewayLogs');
      this.socketApi.stage.node.addDependency(this.apiGatewayLogsRole.account);
    }
    this.httpApi = new ParleyHttpApi(this, 'Http', {
      apiName: `${stackName}-http`,
      allowedOrigins: config.allowedOrigins,
      logRetention,
      ...resolved.httpThrottle,
    });
    this.alerts = new Alerts(this, 'Alerts', { email: resolved.alertEmail });
    if (config.alerts.email) this.slaAlerts = new SlaAlerts(this, 'SlaAlerts', { bus: this.bus.bus, email: config.alerts.email });
    this.timers = new TimerQueue(this, 'Timers');

    const waf = config.waf;
    if (waf.enabled) {
      this.regionalWaf = new ParleyWaf(this, 'Waf', { scope: 'REGIONAL', rateLimitPerFiveMinutes: waf.rateLimitPerFiveMinutes, metricName: `${stackName}-regional` });
      this.regionalWaf.associate('UserPool', this.identity.userPool.userPoolArn);
      // CloudFront's WebACLs live in us-east-1 only: made here when the stack is there, else named in the config.
      if (!waf.cloudFrontWebAclArn && Stack.of(this).region === 'us-east-1') {
        this.cloudFrontWaf = new ParleyWaf(this, 'CdnWaf', { scope: 'CLOUDFRONT', rateLimitPerFiveMinutes: waf.rateLimitPerFiveMinutes, metricName: `${stackName}-cdn` });
      }
    }
    const webAclArn = waf.enabled ? (waf.cloudFrontWebAclArn ?? this.cloudFrontWaf?.webAcl.attrArn) : undefined;
    this.web = new WebHosting(this, 'Web', {
      assetPath: resolved.webAssetPath,
      runtimeConfig: this.runtimeConfig(config),
      allowedOrigins: config.allowedOrigins,
      ...(webAclArn ? { webAclArn } : {}),
      ...(resolved.webDomain ? { domain: resolved.webDomain } : {}),
    });
    // The console and the widget frame are both served from our CloudFront origin.
    this.attachments = new AttachmentStore(this, 'Attachments', {
      corsOrigins: [this.web.url],
      accessLogs: this.web.logBucket,
      // Files go when the conversations they were sent in do.
      ...(config.retentionDays === undefined ? {} : { expireAfterDays: config.retentionDays }),
    });

    this.functions = this.createFunctions(resolved);
    this.wire();
  }

  /** What the console and widget read from /config.json and GET /config. */
  private runtimeConfig(config: DeploymentConfig): RuntimeConfig {
    return {
      websocketUrl: this.socketApi.url,
      httpUrl: this.httpApi.url,
      identity: { endpoint: this.identity.identityEndpoint, clientId: this.identity.consoleClient.userPoolClientId },
      branding: config.branding,
      departments: config.departments.map(({ id, name }) => ({ id, name })),
      firstResponseTargetSeconds: config.sla.firstResponseSeconds,
      widget: widgetSettings(config),
    };
  }

  /** The stack's name in a form valid for bus and API names. */
  private stackName(): string {
    return Stack.of(this).stackName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  }

  private createVisitorSecret(): Secret {
    const secret = new Secret(this, 'VisitorTokenSecret', {
      description: 'Parley: HMAC key that signs visitor tokens (HS256)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Rotating the visitor-token key would sign every visitor out at once; rotation needs a two-key verifier, which is a deliberate later step.',
    });
    return secret;
  }

  private createIdentitySecret(): Secret {
    const secret = new Secret(this, 'IdentityVerificationSecret', {
      description: 'Parley: HMAC key a site signs its logged-in users\' ids with (identity verification)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The site operator copies this key into their own backend; rotating it automatically would break every site that signs identities until they copy it again.',
    });
    return secret;
  }

  /** The environment every function reads (functions/contracts/env.ts), typed against it. */
  private environment(config: DeploymentConfig): Record<keyof Env, string> {
    return {
      TABLE_NAME: this.table.table.tableName,
      EVENT_BUS_NAME: this.bus.bus.eventBusName,
      WS_CALLBACK_URL: this.socketApi.callbackUrl,
      AGENT_JWT_ISSUER: this.identity.issuer,
      AGENT_JWT_AUDIENCE: this.identity.consoleClient.userPoolClientId,
      VISITOR_SECRET_ID: this.visitorSecret.secretArn,
      IDENTITY_SECRET_ID: this.identitySecret.secretArn,
      PARLEY_CONFIG: JSON.stringify(config),
      PUBLIC_WEBSOCKET_URL: this.socketApi.url,
      PUBLIC_HTTP_URL: this.httpApi.url,
      IDENTITY_ENDPOINT: this.identity.identityEndpoint,
      TIMER_QUEUE_URL: this.timers.queue.queueUrl,
      ATTACHMENTS_BUCKET: this.attachments.bucket.bucketName,
    };
  }

  private createFunctions(resolved: ResolvedProps): Map<string, ParleyFunction> {
    const environment = this.environment(resolved.config);
    const targets: GrantTargets = {
      table: this.table.table,
      bus: this.bus.bus,
      socketApi: this.socketApi.api,
      socketStage: this.socketApi.stage,
      visitorSecret: this.visitorSecret,
      identitySecret: this.identitySecret,
      timerQueue: this.timers.queue,
      attachments: this.attachments,
    };
    const roles: [FunctionSpec, FunctionRole][] = [
      [manifest.socket.authorizer, 'request'],
      ...manifest.socket.routes.map((spec): [FunctionSpec, FunctionRole] => [spec, 'request']),
      ...manifest.http.map((spec): [FunctionSpec, FunctionRole] => [spec, 'request']),
      ...manifest.subscriptions.map((spec): [FunctionSpec, FunctionRole] => [spec, 'consumer']),
      [manifest.timers, 'consumer'],
    ];
    const functions = new Map<string, ParleyFunction>();
    for (const [spec, role] of roles) {
      const fn = new ParleyFunction(this, spec.name, {
        spec,
        role,
        functionsDir: resolved.functionsDir,
        environment,
        logRetention: resolved.logRetention,
      });
      grantAccess({ principal: fn.fn, owner: fn }, spec.access, targets);
      this.alerts.watchErrors(spec.name, fn.fn);
      functions.set(spec.name, fn);
    }
    return functions;
  }

  private fn(spec: FunctionSpec): IFunction {
    const found = this.functions.get(spec.name);
    if (!found) throw new Error(`ParleyPlatform: no function was built for ${spec.name}`);
    return found.fn;
  }

  /** Routes and subscriptions, each pointing at the function the manifest names. */
  private wire(): void {
    this.socketApi.addRoutes(
      this.fn(manifest.socket.authorizer),
      manifest.socket.routes.map((spec) => ({ spec, fn: this.fn(spec) })),
    );
    this.httpApi.addRoutes(manifest.http.map((spec) => ({ spec, fn: this.fn(spec) })));
    this.bus.subscribe(manifest.subscriptions.map((spec) => ({ spec, fn: this.fn(spec) })));
    for (const subscription of this.bus.subscriptions) this.alerts.watch(subscription.deadLetterAlarm);
    this.timers.consume(this.fn(manifest.timers));
    this.alerts.watch(this.timers.deadLetterAlarm);
  }
}

/**
 * `startLocal`: the whole platform on one machine. Ports, in this fixed order from the base
 * (default 4000; 0 = every service on its own ephemeral port, for tests):
 *   base+0 static site (demo, console, widget, config.json)
 *   base+1 HTTP API
 *   base+2 WebSocket API and its @connections API (stage `local`)
 *   base+3 local AWS endpoint (EventBridge, Secrets Manager, Cognito IdP + JWKS)
 *   base+4 DynamoDB Local
 *   base+5 object store (attachments; S3-compatible, path-style)
 * Functions are invoked in process; they are imported only once their environment is set
 * and the table exists, so their cold start sees the same world as in the cloud.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { parseDeploymentConfig, type DeploymentConfig } from '../../functions/contracts/config';
import type { RuntimeConfig } from '../../functions/contracts/http';
import { manifest } from '../../functions/manifest';
import { widgetSettings } from '../../functions/use-cases/runtime-config';
import { awsEndpointListener } from './aws-endpoint';
import { DEMO_USERS } from './demo-users';
import { ensureTable, startDynamoDb, type LocalDynamoDb } from './dynamodb';
import { createEventBus } from './event-bus';
import { type FaultController, FaultInjector, faultyInvoker } from './faults';
import { functionEnvironment, LOCAL_CREDENTIALS } from './function-env';
import { createThreadedInvoker } from './function-threads';
import { createInvoker, type Invoker } from './functions';
import { httpApiHandler } from './http-api';
import { asListener, closeServer, freePort, listen } from './http-util';
import { createIdentityProvider } from './identity-provider';
import { directoryBackend, LOCAL_ATTACHMENTS_BUCKET, memoryBackend, objectStoreHandler } from './object-store';
import { LOCAL_STAGE } from './socket-events';
import { createSocketGateway } from './socket-gateway';
import { createTimerQueue } from './timer-queue';
import { staticSiteHandler } from './static-site';
import type { LocalRuntime, LocalRuntimeOptions, LocalUrls } from './types';
import { loadIdentitySecret, loadVisitorSecret } from './visitor-secret';

export type { LocalRuntime, LocalRuntimeOptions, LocalUrls, DemoUser } from './types';
export type { FaultController, FaultPlan, FaultRates } from './faults';

const ROOT = resolve(__dirname, '../..');
const TABLE_NAME = 'parley-local';
const ISSUER_PATH = '/idp';
const STOP_DRAIN_MS = 5_000;

const portFor = (base: number, offset: number): number => (base === 0 ? 0 : base + offset);

function runtimeConfig(urls: LocalUrls, clientId: string, config: DeploymentConfig): RuntimeConfig {
  return {
    websocketUrl: urls.websocket,
    httpUrl: urls.http,
    identity: { endpoint: urls.aws, clientId },
    branding: config.branding,
    departments: config.departments.map(({ id, name }) => ({ id, name })),
    firstResponseTargetSeconds: config.sla.firstResponseSeconds,
    widget: widgetSettings(config),
  };
}

function localUrls(web: number, http: number, ws: number, aws: number, dynamodb: number, objects: number): LocalUrls {
  const host = '127.0.0.1';
  return {
    web: `http://${host}:${web}`,
    http: `http://${host}:${http}`,
    websocket: `ws://${host}:${ws}`,
    connections: `http://${host}:${ws}/${LOCAL_STAGE}`,
    aws: `http://${host}:${aws}`,
    dynamodb: `http://${host}:${dynamodb}`,
    objects: `http://${host}:${objects}`,
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a failed start is reported by startLocal itself
  return { promise, resolve, reject };
}

/** Reports each invocation's wall time to `onInvoke` (the bench); the invoker itself when there is none. */
function observed(invoker: Invoker, onInvoke: LocalRuntimeOptions['onInvoke']): Invoker {
  if (!onInvoke) return invoker;
  return {
    async invoke(spec, event) {
      const started = performance.now();
      try {
        return await invoker.invoke(spec, event);
      } finally {
        onInvoke(spec.name, performance.now() - started);
      }
    },
  };
}

/** The harness's handle on a runtime started with `faults`. */
function faultController(faults: FaultInjector, sockets: ReadonlyMap<string, { ws: { terminate(): void } }>, dynamo: LocalDynamoDb): FaultController {
  let paused: Promise<void> | undefined;
  return {
    injected: faults.injected,
    configure: (rates) => faults.configure(rates),
    dropSockets(fraction) {
      const dropped = faults.pick([...sockets.values()], fraction);
      for (const connection of dropped) connection.ws.terminate();
      faults.count('socketsDropped', dropped.length);
      return dropped.length;
    },
    pauseDynamoDb(ms) {
      // One pause at a time: a second SIGSTOP would be thawed by the first one's SIGCONT.
      paused ??= (async () => {
        faults.count('dynamoDbPauses');
        dynamo.pause();
        try {
          await new Promise((r) => setTimeout(r, ms));
        } finally {
          dynamo.resume();
          paused = undefined;
        }
      })();
      return paused;
    },
    refusePublishing: (ms) => faults.refusePublishingFor(ms),
  };
}

/**
 * The deployment config, validated before anything starts: a bad file fails `npm start` at once
 * with the path of every bad field (as `cdk synth` does), never half a runtime.
 */
export function loadConfig(options: Pick<LocalRuntimeOptions, 'config' | 'configFile'>): { configText: string; config: DeploymentConfig } {
  const file = options.configFile ?? resolve(ROOT, 'parley.config.json');
  let fileConfig: Record<string, unknown>;
  try {
    fileConfig = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file} cannot be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const configText = JSON.stringify({ ...fileConfig, ...options.config });
  return { configText, config: parseDeploymentConfig(configText) };
}

/**
 * Whether this process hosts a runtime now. Functions run in process and read one process-wide
 * environment (the endpoints, the table), as a Lambda instance does, so runtimes take turns:
 * each gets its functions' dependencies built for its own environment
 * (functions/handlers/per-environment.ts), and a second one at the same time is refused.
 */
let hosting = false;

/** Starts every local service; resolves once functions can be invoked. */
export async function startLocal(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const base = options.basePort ?? 4000;
  const log = (line: string): void => void (options.verbose && console.log(`[parley-local] ${line}`));
  const { configText, config } = loadConfig(options);
  if (hosting) throw new Error('A local runtime is already running in this process: stop it first (its functions share one process-wide environment)');
  hosting = true;
  const users = options.users ?? (options.seed === false ? [] : DEMO_USERS);

  const functionsReady = deferred();
  const faults = options.faults && new FaultInjector(options.faults);
  const functionsDir = resolve(ROOT, 'functions');
  const threaded = options.functionThreads === 0 ? undefined : createThreadedInvoker(functionsDir, {
    ready: functionsReady.promise,
    ...(options.functionThreads ? { threads: options.functionThreads } : {}),
    ...(options.functionThreadSetup ? { setup: options.functionThreadSetup } : {}),
  });
  const functions = threaded ?? createInvoker(functionsDir, { ready: functionsReady.promise });
  const invoker = observed(faults ? faultyInvoker(functions, faults) : functions, options.onInvoke);
  const bus = createEventBus({ subscriptions: manifest.subscriptions, invoker, ...(faults ? { faults } : {}), ...(options.onEvent ? { onEvent: options.onEvent } : {}) });
  const timers = createTimerQueue({ spec: manifest.timers, invoker });
  const gateway = createSocketGateway({
    socket: manifest.socket,
    invoker,
    idleTimeoutMs: options.idleTimeoutMs,
    ...(faults ? { postFault: () => faults.postFault() } : {}),
  });
  const httpApi = createServer(asListener(httpApiHandler({ routes: manifest.http, invoker, allowedOrigins: config.allowedOrigins }), 'http'));
  const web = createServer();
  const aws = createServer();
  const objects = createServer();
  const servers: Server[] = [web, httpApi, aws, objects];
  let dynamoStart: Promise<LocalDynamoDb> | undefined;

  const stop = async (): Promise<void> => {
    try {
      await gateway.close();
      timers.close();
      await Promise.race([Promise.all([bus.idle(), timers.idle()]), new Promise((r) => setTimeout(r, STOP_DRAIN_MS).unref())]);
      await Promise.all(servers.map((s) => (s.listening ? closeServer(s) : undefined)));
      await threaded?.close();
      await dynamoStart?.then((dynamo) => dynamo.stop(), () => undefined);
    } finally {
      hosting = false;
    }
  };

  try {
    const [webPort, httpPort, wsPort, awsPort, dynamoPort, objectsPort] = await Promise.all([
      listen(web, portFor(base, 0)),
      listen(httpApi, portFor(base, 1)),
      listen(gateway.server, portFor(base, 2)),
      listen(aws, portFor(base, 3)),
      base === 0 ? freePort() : base + 4,
      listen(objects, portFor(base, 5)),
    ]);
    dynamoStart = startDynamoDb(dynamoPort, options.dataDir);
    dynamoStart.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
    const urls = localUrls(webPort, httpPort, wsPort, awsPort, dynamoPort, objectsPort);
    const identity = await createIdentityProvider(`${urls.aws}${ISSUER_PATH}`, users, options.dataDir);
    const visitorSecret = await loadVisitorSecret(options.dataDir);
    const identitySecret = await loadIdentitySecret(options.dataDir);
    aws.on('request', awsEndpointListener({ bus, timers, identity, visitorSecret, identitySecret, issuerPath: ISSUER_PATH }));
    objects.on('request', asListener(objectStoreHandler({
      bucket: LOCAL_ATTACHMENTS_BUCKET,
      credentials: LOCAL_CREDENTIALS,
      // The console and the widget frame are served by the static site, by either name of this host.
      corsOrigins: [urls.web, urls.web.replace('127.0.0.1', 'localhost')],
      maxObjectBytes: config.attachments.maxBytes,
      backend: options.dataDir ? directoryBackend(resolve(options.dataDir, 'objects')) : memoryBackend(),
    }), 'objects'));
    web.on('request', asListener(staticSiteHandler(resolve(ROOT, 'dist/web'), runtimeConfig(urls, identity.clientId, config)), 'web'));
    Object.assign(process.env, functionEnvironment({ urls, tableName: TABLE_NAME, issuer: identity.issuer, clientId: identity.clientId, configText }));

    await ensureTable((await dynamoStart).client, TABLE_NAME, manifest.table);
    functionsReady.resolve();
    for (const [name, url] of Object.entries(urls)) log(`${name.padEnd(12)} ${url}`);

    let stopping: Promise<void> | undefined;
    const dynamo = await dynamoStart;
    return {
      ...(faults ? { faults: faultController(faults, gateway.connections, dynamo) } : {}),
      urls,
      tableName: TABLE_NAME,
      demoUsers: users,
      identitySecret,
      broadcast: async (name, payload) => (threaded ? threaded.broadcast(name, payload) : []),
      async idle() {
        while (gateway.busy() || bus.busy() || timers.busy()) {
          await gateway.settled();
          await bus.idle();
          await timers.idle();
        }
      },
      stop: () => (stopping ??= stop()),
    };
  } catch (error) {
    functionsReady.reject(error);
    await stop();
    throw error;
  }
}

import type { FaultController, FaultPlan } from './faults';

/**
 * The public face of the local runtime: what `npm start`, the integration tests, the e2e tests
 * and the bench use. One runtime at a time per process (functions read one process-wide
 * environment); one after another is fine.
 */
export interface LocalRuntimeOptions {
  /** Base port; each service takes the next one up. 0 = every service on a free ephemeral port (tests). @default 4000 */
  readonly basePort?: number;
  /** Keep DynamoDB data on disk in this folder instead of memory. @default undefined (in memory) */
  readonly dataDir?: string;
  /** Seed demo agents, departments and sample data. @default true */
  readonly seed?: boolean;
  /**
   * The sign-ins the local identity provider knows, instead of the demo users: the bench's
   * sustained run needs more staff than the demo has. @default the demo users (none when `seed` is false)
   */
  readonly users?: readonly DemoUser[];
  /** WebSocket idle timeout in ms (API Gateway: 10 minutes). @default 600000 */
  readonly idleTimeoutMs?: number;
  /**
   * Top-level settings laid over parley.config.json (tests: a short offer timeout); validated
   * like the file. @default undefined
   */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The deployment config file (`npm start -- --config <file>`). @default `<repo>/parley.config.json` */
  readonly configFile?: string;
  /** Sees every event published on the local bus, as a developer's catch-all rule would (tests, the bench). @default undefined */
  readonly onEvent?: (event: { readonly 'detail-type': string; readonly detail: Record<string, unknown> }) => void;
  /** Print a line per started service. @default false */
  readonly verbose?: boolean;
  /**
   * Told of every function invocation once it settles, with its wall time: the bench counts
   * Lambda invocations and durations from outside the functions. @default undefined
   */
  readonly onInvoke?: (functionName: string, durationMs: number) => void;
  /**
   * Test-only fault injection (the chaos harness, reliability tests): failing invocations,
   * duplicate and late event deliveries, 429/410 from @connections; the runtime's `faults`
   * controller adds socket drops, DynamoDB pauses and PutEvents outages. @default undefined (none)
   */
  readonly faults?: FaultPlan;
  /**
   * Worker threads the functions run in, each an instance with its own module scope, apart
   * from the gateway and the endpoints (function-threads.ts); 0 runs them in this thread.
   * @default the machine's cores, at most 4
   */
  readonly functionThreads?: number;
  /** Modules each function thread requires first: the bench's AWS meter (lib/local/thread-control.ts). @default none */
  readonly functionThreadSetup?: readonly string[];
}

export interface LocalUrls {
  /** Static site root: demo website at `/`, console at `/console/`, widget at `/widget/`, runtime config at `/config.json`. */
  readonly web: string;
  /** HTTP API base (manifest http routes), e.g. http://127.0.0.1:4001 */
  readonly http: string;
  /** WebSocket endpoint the clients connect to, e.g. ws://127.0.0.1:4002 */
  readonly websocket: string;
  /** @connections callback base, e.g. http://127.0.0.1:4002/local */
  readonly connections: string;
  /** The local AWS endpoint (EventBridge PutEvents, Secrets Manager, Cognito InitiateAuth + JWKS). */
  readonly aws: string;
  /** DynamoDB Local. */
  readonly dynamodb: string;
  /** The local S3-compatible object store attachments are uploaded to (path-style: `<objects>/<bucket>/<key>`). */
  readonly objects: string;
}

export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly role: 'agent' | 'supervisor' | 'admin';
  readonly departments: readonly string[];
  /** Skills routing matches against a chat's required ones (e.g. a language). */
  readonly skills?: readonly string[];
}

export interface LocalRuntime {
  readonly urls: LocalUrls;
  readonly tableName: string;
  readonly demoUsers: readonly DemoUser[];
  /** The key a site signs its logged-in users' ids with (identity verification): what a site backend would hold. */
  readonly identitySecret: string;
  /** Resolves when every event published so far has been delivered (or dead-lettered). For tests. */
  idle(): Promise<void>;
  /** Present only when started with `faults`: injects faults into the running runtime. */
  readonly faults?: FaultController;
  /** Every function thread's answer to `name` (thread-control.ts); none when functions run in this thread. For the bench. */
  broadcast(name: string, payload?: unknown): Promise<unknown[]>;
  /** Stops every service and the Java process. Idempotent. */
  stop(): Promise<void>;
}

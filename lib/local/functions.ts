/**
 * Runs the functions the manifest declares, in process, the way Lambda would: the same
 * modules the cloud bundles, imported on first use (their module scope is the cold start and
 * reads process.env, which the runtime sets before anything is invoked), called with a
 * Lambda-shaped context and a timeout.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/manifest';

export type LambdaHandler = (event: unknown, context: Context) => unknown;

export interface Invoker {
  /** Invokes `spec`'s handler with `event`; rejects with what the handler threw. */
  invoke(spec: FunctionSpec, event: unknown): Promise<unknown>;
}

/** Lambda's default limit is 3 s; ours are generous so a debugger pause does not kill a call. */
export const DEFAULT_TIMEOUT_MS = 30_000;

function pickHandler(module: unknown, path: string): LambdaHandler {
  const candidates = [module, (module as { default?: unknown } | undefined)?.default];
  for (const candidate of candidates) {
    const handler = (candidate as { handler?: unknown } | undefined)?.handler;
    if (typeof handler === 'function') return handler as LambdaHandler;
  }
  throw new Error(`${path} does not export a function named "handler"`);
}

export function lambdaContext(spec: Pick<FunctionSpec, 'name'>, deadline: number): Context {
  const functionName = `parley-${spec.name}`;
  const notSupported = (): never => {
    throw new Error('Callback-style completion is not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported,
    fail: notSupported,
    succeed: notSupported,
  };
}

export function withTimeout<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Task timed out after ${ms / 1000} seconds (${name})`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export interface InvokerOptions {
  /**
   * Settles when functions may start: their module scope reads process.env once, so no module
   * is imported before the runtime has set it (and the table exists).
   */
  readonly ready?: Promise<void>;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/**
 * Handlers loaded on first use, by absolute file, with `importModule`, as a Lambda instance loads
 * its module once; a module that failed to load is tried again next time, as a new instance would.
 */
export function handlerLoader(importModule: (file: string) => Promise<unknown>): (file: string) => Promise<LambdaHandler> {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  return (file) => {
    let handler = loaded.get(file);
    if (!handler) {
      handler = importModule(file).then((module) => pickHandler(module, file));
      handler.catch(() => loaded.delete(file));
      loaded.set(file, handler);
    }
    return handler;
  };
}

/**
 * An invoker that loads handlers from `functionsDir` (functions/ in the repo; tests pass their
 * own folder of small handlers).
 */
export function createInvoker(functionsDir: string, options: InvokerOptions = {}): Invoker {
  const { ready = Promise.resolve(), timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const load = handlerLoader((file) => import(file));
  return {
    async invoke(spec, event) {
      await ready;
      const handler = await load(join(functionsDir, spec.handler));
      const deadline = Date.now() + timeoutMs;
      return withTimeout(Promise.resolve(handler(event, lambdaContext(spec, deadline))), timeoutMs, spec.name);
    },
  };
}

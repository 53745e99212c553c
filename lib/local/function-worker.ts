/**
 * One function thread (function-threads.ts): loads handlers on first use, as a Lambda instance
 * does, and answers each invocation with the handler's result or what it threw.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FunctionSpec } from '../../functions/manifest';
import { handlerLoader, lambdaContext } from './functions';
import { answerThreadControl } from './thread-control';

export interface InvokeRequest {
  readonly kind: 'invoke';
  readonly id: number;
  readonly file: string;
  readonly spec: Pick<FunctionSpec, 'name'>;
  readonly event: unknown;
  readonly timeoutMs: number;
}

/** A question to every thread (thread-control.ts), answered like an invocation. */
export interface ControlRequest {
  readonly kind: 'control';
  readonly id: number;
  readonly name: string;
  readonly payload: unknown;
}

/** What each thread is started with. */
export interface ThreadData {
  /** Modules required before anything else (LocalRuntimeOptions.functionThreadSetup). */
  readonly setup: readonly string[];
}

export type InvokeReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: { name: string; message: string; stack?: string } };

// require, not import(): this thread's TypeScript hook is tsx's CommonJS one.
const load = handlerLoader(async (file) => require(file) as unknown);

async function answer(request: InvokeRequest | ControlRequest): Promise<InvokeReply> {
  try {
    if (request.kind === 'control') return { id: request.id, ok: true, value: await answerThreadControl(request.name, request.payload) };
    const handler = await load(request.file);
    const value = await handler(request.event, lambdaContext(request.spec, Date.now() + request.timeoutMs));
    return { id: request.id, ok: true, value };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { id: request.id, ok: false, error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
  }
}

for (const file of (workerData as ThreadData | undefined)?.setup ?? []) require(file);

parentPort?.on('message', (request: InvokeRequest | ControlRequest) => {
  void answer(request).then((reply) => {
    try {
      parentPort?.postMessage(reply);
    } catch (error) {
      // A result the structured clone cannot carry (a function, say) is the handler's bug: say so.
      parentPort?.postMessage({ id: request.id, ok: false, error: { name: 'Error', message: `${request.kind === 'invoke' ? request.spec.name : request.name} returned a value that cannot be sent back: ${String(error)}` } } satisfies InvokeReply);
    }
  });
});

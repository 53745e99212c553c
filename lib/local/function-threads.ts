/**
 * Runs the functions in worker threads, apart from the gateway, the endpoints and the event bus
 * as Lambda runs them apart from API Gateway and EventBridge: every thread is an instance with
 * its own module scope, clients and caches (unlike Lambda, one thread hosts every function), and
 * the main thread keeps the rest to itself. On a laptop that is also what lets the functions'
 * SDK work use a second core.
 *
 * Each invocation goes to the thread with the fewest in flight. The environment is shared with
 * the main thread (SHARE_ENV): the runtime sets it before anything is invoked. A thread that
 * dies (an exception nobody caught) fails what it had in flight and is replaced on next use, as
 * a crashed Lambda instance is.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { ControlRequest, InvokeReply, InvokeRequest, ThreadData } from './function-worker';
import { DEFAULT_TIMEOUT_MS, type Invoker, type InvokerOptions, withTimeout } from './functions';

export interface ThreadedInvokerOptions extends InvokerOptions {
  /** @default the machine's cores, at most 4 */
  readonly threads?: number;
  /** Modules every thread requires first (thread-control.ts). @default none */
  readonly setup?: readonly string[];
}

export interface ThreadedInvoker extends Invoker {
  /** Every thread's answer to `name` (thread-control.ts), in thread order. */
  broadcast(name: string, payload?: unknown): Promise<unknown[]>;
  /** Ends every thread; what was still in flight fails. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface FunctionThread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/** The threads' TypeScript hook (the runtime itself runs under tsx, or vitest's own). */
const BOOT = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'function-worker.ts'))});`;

function failure(error: { name: string; message: string; stack?: string }): Error {
  return Object.assign(new Error(error.message), { name: error.name, ...(error.stack ? { stack: error.stack } : {}) });
}

export function createThreadedInvoker(functionsDir: string, options: ThreadedInvokerOptions = {}): ThreadedInvoker {
  const { ready = Promise.resolve(), timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const size = Math.max(1, options.threads ?? Math.min(4, availableParallelism()));
  const threads: (FunctionThread | undefined)[] = Array.from({ length: size }, () => undefined);
  let nextId = 1;
  let closed = false;

  function spawn(slot: number): FunctionThread {
    const workerData: ThreadData = { setup: options.setup ?? [] };
    const worker = new Worker(BOOT, { eval: true, env: SHARE_ENV, workerData });
    worker.unref(); // the runtime's servers keep the process alive, not its function threads
    const thread: FunctionThread = { worker, pending: new Map() };
    const failAll = (error: Error): void => {
      if (threads[slot] === thread) threads[slot] = undefined;
      for (const p of thread.pending.values()) p.reject(error);
      thread.pending.clear();
    };
    worker.on('message', (reply: InvokeReply) => {
      const p = thread.pending.get(reply.id);
      thread.pending.delete(reply.id);
      if (!p) return; // timed out already
      if (reply.ok) p.resolve(reply.value);
      else p.reject(failure(reply.error));
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => failAll(new Error(`A function thread exited (code ${code})`)));
    threads[slot] = thread;
    return thread;
  }

  /** Every thread, a dead one replaced. */
  const all = (): FunctionThread[] => threads.map((thread, slot) => thread ?? spawn(slot));

  /** The thread with the fewest invocations in flight. */
  function pick(): FunctionThread {
    return all().reduce((best, thread) => (thread.pending.size < best.pending.size ? thread : best));
  }

  function ask(thread: FunctionThread, request: InvokeRequest | ControlRequest): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      thread.pending.set(request.id, { resolve, reject });
      thread.worker.postMessage(request);
    });
  }

  // Started at once, so a setup module is in place before the first invocation.
  all();

  return {
    async invoke(spec, event) {
      await ready;
      if (closed) throw new Error(`The local runtime has stopped: ${spec.name} was not invoked`);
      const thread = pick();
      const id = nextId++;
      const result = ask(thread, { kind: 'invoke', id, file: join(functionsDir, spec.handler), spec: { name: spec.name }, event, timeoutMs });
      return withTimeout(result, timeoutMs, spec.name).finally(() => thread.pending.delete(id));
    },
    async broadcast(name, payload) {
      if (closed) throw new Error('The local runtime has stopped: its function threads are gone');
      return Promise.all(all().map((thread) => ask(thread, { kind: 'control', id: nextId++, name, payload })));
    },
    async close() {
      closed = true;
      await Promise.all(threads.map((thread) => thread?.worker.terminate()));
    },
  };
}

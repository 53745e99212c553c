/**
 * A DynamoDB Local of a test file's own, holding the manifest's table: for tests of the adapters
 * and use cases against the real engine without the whole local runtime (harness.ts starts that).
 */
import { documentClient, dynamoStore } from '../../functions/adapters/dynamo-store';
import type { Table } from '../../functions/adapters/table';
import { manifest } from '../../functions/manifest';
import type { Store } from '../../functions/use-cases/ports';
import { ensureTable, type LocalDynamoDb, startDynamoDb } from '../../lib/local/dynamodb';
import { freePort } from '../../lib/local/http-util';

export interface LocalTable {
  /** The engine, to stop (or pause) it. */
  readonly dynamo: LocalDynamoDb;
  /** The table as the adapters take it: the document client and the name. */
  readonly table: Table;
  /** Every adapter over that table. */
  readonly store: Store;
}

/** Starts DynamoDB Local on a free port and creates table `name` in it; the caller stops `dynamo`. */
export async function startLocalTable(name: string): Promise<LocalTable> {
  const dynamo = await startDynamoDb(await freePort());
  await ensureTable(dynamo.client, name, manifest.table);
  const table: Table = { client: documentClient(dynamo.client), name };
  return { dynamo, table, store: dynamoStore(table) };
}

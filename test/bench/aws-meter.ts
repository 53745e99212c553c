/**
 * Counts every AWS SDK call made in this process, from outside the functions: it wraps the
 * smithy `Client.prototype.send` every v3 client (and the DynamoDB document client) inherits.
 * DynamoDB calls are asked for ReturnConsumedCapacity=TOTAL so the units come from the engine,
 * except where DynamoDB Local's figure is not what AWS bills (billedWriteUnits below);
 * PostToConnection payload sizes are kept for API Gateway's 32 KB metering.
 */
import { Client } from '@smithy/core/client';

export interface CallStats {
  count: number;
  totalMs: number;
}

export interface MeterReading {
  readonly calls: ReadonlyMap<string, CallStats>;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Byte size of each PostToConnection payload. */
  readonly pushBytes: readonly number[];
  /** Entries sent in PutEvents calls. */
  readonly eventEntries: number;
}

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

type Sendable = { input?: Record<string, unknown> };
type AnySend = (this: unknown, command: Sendable, ...rest: unknown[]) => Promise<unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function serviceOf(client: unknown): string {
  const config = isObject(client) ? client.config : undefined;
  return isObject(config) && typeof config.serviceId === 'string' ? config.serviceId : 'unknown';
}

/** A write or read: which kind of unit a DynamoDB operation consumes. */
function isWrite(command: string): boolean {
  return /^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command);
}

/** AWS bills each item of a transaction twice (prepare and commit): 2 WRU per item per KB. */
export const TRANSACT_WRU_PER_ITEM = 2;

const itemCount = (input: Record<string, unknown> | undefined): number => (Array.isArray(input?.TransactItems) ? input.TransactItems.length : 0);

/**
 * Write units AWS bills where DynamoDB Local's report is wrong or missing, else undefined (the
 * engine's figure stands). A TransactWriteItems is 2 WRU per item (Local reports 2 for a whole
 * 3-item transaction); Parley's transactional items are each under 1 KB. A write that fails its
 * condition is still billed (1 WRU; a cancelled transaction, its items at 2 each), and Local
 * reports nothing for it because the call throws.
 */
export function billedWriteUnits(command: string, input: Record<string, unknown> | undefined, error?: unknown): number | undefined {
  const failedName = error instanceof Error ? error.name : undefined;
  if (command === 'TransactWriteCommand') return error === undefined || failedName === 'TransactionCanceledException' ? TRANSACT_WRU_PER_ITEM * itemCount(input) : 0;
  if (error !== undefined) return failedName === 'ConditionalCheckFailedException' ? 1 : 0;
  return undefined;
}

export class AwsMeter {
  private calls = new Map<string, CallStats>();
  private readUnits = 0;
  private writeUnits = 0;
  private pushBytes: number[] = [];
  private eventEntries = 0;
  private original: AnySend | undefined;

  install(): void {
    if (this.original) return;
    const proto = Client.prototype as unknown as { send: AnySend };
    const original = proto.send;
    this.original = original;
    const meter = this;
    proto.send = async function (this: unknown, command: Sendable, ...rest: unknown[]): Promise<unknown> {
      const name = `${serviceOf(this)}.${command.constructor.name.replace(/Command$/, '')}`;
      meter.beforeSend(name, command);
      const started = performance.now();
      try {
        const output = await original.call(this, command, ...rest);
        meter.afterSend(name, output, command);
        return output;
      } catch (error) {
        meter.afterFailure(name, command, error);
        throw error;
      } finally {
        meter.count(name, performance.now() - started);
      }
    };
  }

  uninstall(): void {
    if (!this.original) return;
    (Client.prototype as unknown as { send: AnySend }).send = this.original;
    this.original = undefined;
  }

  reset(): void {
    this.calls = new Map();
    this.readUnits = 0;
    this.writeUnits = 0;
    this.pushBytes = [];
    this.eventEntries = 0;
  }

  reading(): MeterReading {
    return { calls: new Map(this.calls), readUnits: this.readUnits, writeUnits: this.writeUnits, pushBytes: [...this.pushBytes], eventEntries: this.eventEntries };
  }

  private beforeSend(name: string, command: Sendable): void {
    const input = command.input;
    if (!input) return;
    if (name.startsWith('DynamoDB.') && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
    if (name.endsWith('.PostToConnection')) this.pushBytes.push(byteLength(input.Data));
    if (name.endsWith('.PutEvents') && Array.isArray(input.Entries)) this.eventEntries += input.Entries.length;
  }

  private afterFailure(name: string, sent: Sendable, error: unknown): void {
    if (name.startsWith('DynamoDB.')) this.writeUnits += billedWriteUnits(sent.constructor.name, sent.input, error) ?? 0;
  }

  private afterSend(name: string, output: unknown, sent: Sendable): void {
    if (!name.startsWith('DynamoDB.') || !isObject(output)) return;
    const command = sent.constructor.name;
    const billed = billedWriteUnits(command, sent.input);
    if (billed !== undefined) {
      this.writeUnits += billed;
      return;
    }
    const consumed = output.ConsumedCapacity;
    const list = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) as Capacity[];
    for (const c of list) {
      if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
        this.readUnits += c.ReadCapacityUnits ?? 0;
        this.writeUnits += c.WriteCapacityUnits ?? 0;
      } else if (isWrite(command)) this.writeUnits += c.CapacityUnits ?? 0;
      else this.readUnits += c.CapacityUnits ?? 0;
    }
  }

  private count(name: string, ms: number): void {
    const stats = this.calls.get(name) ?? { count: 0, totalMs: 0 };
    stats.count += 1;
    stats.totalMs += ms;
    this.calls.set(name, stats);
  }
}

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof Uint8Array) return data.byteLength;
  return 0;
}

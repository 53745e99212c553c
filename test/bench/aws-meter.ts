/**
 * Counts every AWS SDK call made in this process, from outside the functions: it wraps the
 * smithy `Client.prototype.send` every v3 client (and the DynamoDB document client) inherits.
 * DynamoDB calls are asked for ReturnConsumedCapacity=TOTAL so the units come from the engine,
 * except where DynamoDB Local's figure is not what AWS bills (billedWriteUnits below; with
 * `sizeTransactions` on, each transaction item is billed by its size: transactionItemUnits);
 * PostToConnection payload sizes are kept for API Gateway's 32 KB metering.
 */
import { GetCommand, NumberValue } from '@aws-sdk/lib-dynamodb';
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
  /** Items of TransactWriteItems calls that were billed (committed or cancelled). */
  readonly transactionItems: number;
  /** The write units billed for them (part of writeUnits). */
  readonly transactionWriteUnits: number;
  /** Transaction items sizing could not read back, billed at the 1 KB minimum (2 WRU). */
  readonly unsizedItems: number;
  /** The largest transaction item sized, with its key (`pk sk`); undefined when none was sized. */
  readonly largestTransactionItem: SizedItem | undefined;
  /** Write units by the kind of item written (itemKind): where the write units go. */
  readonly writeUnitsByKind: ReadonlyMap<string, number>;
}

export interface SizedItem {
  readonly bytes: number;
  readonly key: string;
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
/** DynamoDB's KB: write units are counted in 1,024-byte steps. */
const KB = 1024;

const transactItems = (input: Record<string, unknown> | undefined): unknown[] => (Array.isArray(input?.TransactItems) ? input.TransactItems : []);

/**
 * Bytes of a number as DynamoDB sizes it: 1 per two significant digits (leading and trailing
 * zeros trimmed, sign and exponent not counted) + 1.
 */
export function numberBytes(text: string): number {
  const mantissa = text.trim().replace(/^[+-]/, '').split(/e/i)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
  return Math.ceil(Math.max(1, digits) / 2) + 1;
}

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Bytes of one value in the document client's native form, as AWS's "item sizes and formats"
 * counts them: strings their UTF-8 bytes, numbers numberBytes, binary its raw bytes, null and
 * booleans 1, a list or map 3 + each element's size + 1 per element (a map's keys counted like
 * attribute names). A set counts the sum of its members' sizes. Undefined values are dropped, as
 * the document client does (removeUndefinedValues).
 */
export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(String(value));
  if (value instanceof NumberValue) return numberBytes(value.toString());
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((a: number, v) => a + valueBytes(v), 0);
  if (Array.isArray(value)) return value.reduce((a: number, v) => a + (v === undefined ? 0 : valueBytes(v) + 1), 3);
  if (value instanceof Map) return [...value].reduce((a: number, [k, v]) => a + (v === undefined ? 0 : utf8(String(k)) + valueBytes(v) + 1), 3);
  if (isObject(value)) return Object.entries(value).reduce((a, [k, v]) => a + (v === undefined ? 0 : utf8(k) + valueBytes(v) + 1), 3);
  throw new Error(`Cannot size a DynamoDB value of type ${typeof value}`);
}

/** Bytes of an item: each attribute's name (UTF-8) + its value. */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((a, [name, v]) => a + (v === undefined ? 0 : utf8(name) + valueBytes(v)), 0);
}

/** What one transaction item of this many bytes is billed: 2 WRU per started KB, at least 2. */
export const transactionItemUnits = (bytes: number): number => TRANSACT_WRU_PER_ITEM * Math.max(1, Math.ceil(bytes / KB));

/**
 * Write units AWS bills where DynamoDB Local's report is wrong or missing, else undefined (the
 * engine's figure stands). A TransactWriteItems is 2 WRU per item per KB (Local reports 2 for a
 * whole 3-item transaction); `itemSizes` (bytes per item, in order) are the items' sizes when the
 * meter sized them, else each item is billed as under 1 KB. A write that fails its condition is
 * still billed (1 WRU; a cancelled transaction, its items at 2 each, as the prepare phase stops
 * before anything is written), and Local reports nothing for it because the call throws.
 */
export function billedWriteUnits(command: string, input: Record<string, unknown> | undefined, error?: unknown, itemSizes?: readonly number[]): number | undefined {
  if (command === 'TransactWriteCommand') return transactionUnits(input, error, itemSizes).reduce((a, u) => a + u, 0);
  if (error !== undefined) return error instanceof Error && error.name === 'ConditionalCheckFailedException' ? 1 : 0;
  return undefined;
}

/** billedWriteUnits of a TransactWriteItems, item by item (none when it failed other than by a cancel). */
export function transactionUnits(input: Record<string, unknown> | undefined, error?: unknown, itemSizes?: readonly number[]): number[] {
  const items = transactItems(input);
  if (error !== undefined) return error instanceof Error && error.name === 'TransactionCanceledException' ? items.map(() => TRANSACT_WRU_PER_ITEM) : [];
  return items.map((_, i) => transactionItemUnits(itemSizes?.[i] ?? 0));
}

type KeyedItem = { TableName: string; Key: Record<string, unknown> };
const keyed = (v: unknown): KeyedItem | undefined => (isObject(v) && typeof v.TableName === 'string' && isObject(v.Key) ? { TableName: v.TableName, Key: v.Key } : undefined);

/** What a transaction item needs to be sized: its Put item, or the key to read (before for a Delete, after otherwise). */
type SizeSource = { put: Record<string, unknown> } | { readBefore: KeyedItem } | { readAfter: KeyedItem } | { unknown: true };

/** `pk sk` of the item a transaction item names, for the record of the largest. */
function keyOf(source: SizeSource): string {
  const key = 'put' in source ? source.put : 'readBefore' in source ? source.readBefore.Key : 'readAfter' in source ? source.readAfter.Key : {};
  return [key.pk, key.sk].filter((v) => v !== undefined).map(String).join(' ');
}

/** A key part's fixed words (`CHAT#…`, `MSG#…`, `METRIC#DEPT#…`), the ids and dates after them as `*`. */
function keyShape(part: unknown): string {
  if (part === undefined) return '';
  const words: string[] = [];
  for (const segment of String(part).split('#')) {
    if (!/^[A-Z]+$/.test(segment) && !(words.at(-1) === 'MSTATE' && /^[a-zA-Z]+$/.test(segment))) return [...words, '*'].join('#');
    words.push(segment);
  }
  return words.join('#');
}

/** The kind of item a key names: `CHAT#* MSG#*`, `METRIC#DEPT#* *`, `MSTATE#chat#* STATE`. */
export function itemKind(key: Record<string, unknown> | undefined): string {
  if (!key) return 'unknown';
  return [keyShape(key.pk), keyShape(key.sk)].filter((s) => s !== '').join(' ') || 'unknown';
}

/** The key (or whole item) a single-item write or a transaction item names. */
function writtenKey(request: unknown): Record<string, unknown> | undefined {
  if (!isObject(request)) return undefined;
  if (isObject(request.Item)) return request.Item;
  return isObject(request.Key) ? request.Key : undefined;
}

const transactionItemKey = (entry: unknown): Record<string, unknown> | undefined =>
  isObject(entry) ? writtenKey(entry.Put ?? entry.Update ?? entry.Delete ?? entry.ConditionCheck) : undefined;

function sizeSource(entry: unknown): SizeSource {
  if (!isObject(entry)) return { unknown: true };
  if (isObject(entry.Put) && isObject(entry.Put.Item)) return { put: entry.Put.Item };
  const deleted = keyed(entry.Delete);
  if (deleted) return { readBefore: deleted };
  const read = keyed(entry.Update) ?? keyed(entry.ConditionCheck);
  return read ? { readAfter: read } : { unknown: true };
}

export class AwsMeter {
  /**
   * Bill each TransactWriteItems item by its size (off: each as under 1 KB). Sizing reads the
   * items a Delete removes before the call and the items an Update or ConditionCheck touches
   * after it, with uncounted consistent GetItems: extra work for DynamoDB Local, so it is switched
   * on only where the units are priced. Await settle() before reading: sizing reads may be in flight.
   */
  sizeTransactions = false;
  private calls = new Map<string, CallStats>();
  private readUnits = 0;
  private writeUnits = 0;
  private pushBytes: number[] = [];
  private eventEntries = 0;
  private transactionItems = 0;
  private transactionWriteUnits = 0;
  private unsizedItems = 0;
  private largest: SizedItem | undefined;
  private byKind = new Map<string, number>();
  private readonly sizing = new Set<Promise<void>>();
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
      const sized = meter.sizeTransactions && command.constructor.name === 'TransactWriteCommand';
      const before = sized ? await meter.sizesBefore(original, this, command) : undefined;
      const started = performance.now();
      try {
        const output = await original.call(this, command, ...rest);
        if (before) meter.track(meter.billSized(original, this, command, before));
        else meter.afterSend(name, output, command);
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
    this.transactionItems = 0;
    this.transactionWriteUnits = 0;
    this.unsizedItems = 0;
    this.largest = undefined;
    this.byKind = new Map();
  }

  /** Resolves once every transaction being sized has been billed (those started meanwhile too). */
  async settle(): Promise<void> {
    while (this.sizing.size > 0) await Promise.all([...this.sizing]);
  }

  reading(): MeterReading {
    return {
      calls: new Map(this.calls),
      readUnits: this.readUnits,
      writeUnits: this.writeUnits,
      pushBytes: [...this.pushBytes],
      eventEntries: this.eventEntries,
      transactionItems: this.transactionItems,
      transactionWriteUnits: this.transactionWriteUnits,
      unsizedItems: this.unsizedItems,
      largestTransactionItem: this.largest,
      writeUnitsByKind: new Map(this.byKind),
    };
  }

  private addWriteUnits(kind: string, units: number): void {
    if (units === 0) return;
    this.writeUnits += units;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + units);
  }

  private track(work: Promise<void>): void {
    const done = work.finally(() => this.sizing.delete(done));
    this.sizing.add(done);
  }

  /** Bytes the item at `key` holds now, 0 if there is none; undefined if it could not be read. Not metered. */
  private async storedBytes(original: AnySend, client: unknown, key: KeyedItem): Promise<number | undefined> {
    try {
      const got = (await original.call(client, new GetCommand({ TableName: key.TableName, Key: key.Key, ConsistentRead: true }))) as { Item?: Record<string, unknown> };
      return got.Item ? itemBytes(got.Item) : 0;
    } catch {
      return undefined;
    }
  }

  /** The items Deletes are about to remove, sized before the call (after it they are gone). */
  private async sizesBefore(original: AnySend, client: unknown, command: Sendable): Promise<Map<number, number | undefined>> {
    const sources = transactItems(command.input).map(sizeSource);
    const reads = sources.map(async (source, i) => ['readBefore' in source ? await this.storedBytes(original, client, source.readBefore) : undefined, i] as const);
    const sizes = new Map<number, number | undefined>();
    for (const [bytes, i] of await Promise.all(reads)) if ('readBefore' in sources[i]!) sizes.set(i, bytes);
    return sizes;
  }

  /** Sizes a committed transaction's items (Updates and ConditionChecks read back) and bills them. */
  private async billSized(original: AnySend, client: unknown, command: Sendable, before: ReadonlyMap<number, number | undefined>): Promise<void> {
    const sizes = await Promise.all(
      transactItems(command.input).map(async (entry, i) => {
        const source = sizeSource(entry);
        if ('put' in source) return itemBytes(source.put);
        if ('readBefore' in source) return before.get(i);
        if ('readAfter' in source) return this.storedBytes(original, client, source.readAfter);
        return undefined;
      }),
    );
    this.unsizedItems += sizes.filter((b) => b === undefined).length;
    sizes.forEach((bytes, i) => {
      if (bytes !== undefined && bytes > (this.largest?.bytes ?? -1)) this.largest = { bytes, key: keyOf(sizeSource(transactItems(command.input)[i])) };
    });
    this.billTransaction(command.input, transactionUnits(command.input, undefined, sizes.map((b) => b ?? 0)));
  }

  /** A transaction's items, each billed `units[i]` (transactionUnits). */
  private billTransaction(input: Record<string, unknown> | undefined, units: readonly number[]): void {
    const items = transactItems(input);
    units.forEach((u, i) => this.addWriteUnits(itemKind(transactionItemKey(items[i])), u));
    this.transactionWriteUnits += units.reduce((a, u) => a + u, 0);
    this.transactionItems += units.length;
  }

  private beforeSend(name: string, command: Sendable): void {
    const input = command.input;
    if (!input) return;
    if (name.startsWith('DynamoDB.') && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'TOTAL';
    if (name.endsWith('.PostToConnection')) this.pushBytes.push(byteLength(input.Data));
    if (name.endsWith('.PutEvents') && Array.isArray(input.Entries)) this.eventEntries += input.Entries.length;
  }

  private afterFailure(name: string, sent: Sendable, error: unknown): void {
    if (!name.startsWith('DynamoDB.')) return;
    if (sent.constructor.name === 'TransactWriteCommand') {
      this.billTransaction(sent.input, transactionUnits(sent.input, error));
    } else this.addWriteUnits(itemKind(writtenKey(sent.input)), billedWriteUnits(sent.constructor.name, sent.input, error) ?? 0);
  }

  private afterSend(name: string, output: unknown, sent: Sendable): void {
    if (!name.startsWith('DynamoDB.') || !isObject(output)) return;
    const command = sent.constructor.name;
    if (command === 'TransactWriteCommand') {
      this.billTransaction(sent.input, transactionUnits(sent.input)); // unsized: each item as under 1 KB
      return;
    }
    const consumed = output.ConsumedCapacity;
    const list = (Array.isArray(consumed) ? consumed : consumed === undefined ? [] : [consumed]) as Capacity[];
    for (const c of list) {
      if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
        this.readUnits += c.ReadCapacityUnits ?? 0;
        this.addWriteUnits(writeKind(command, sent.input), c.WriteCapacityUnits ?? 0);
      } else if (isWrite(command)) this.addWriteUnits(writeKind(command, sent.input), c.CapacityUnits ?? 0);
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

/** The kind a single-item write's units go to; a BatchWriteItem's are its own line. */
const writeKind = (command: string, input: Record<string, unknown> | undefined): string => (command.startsWith('BatchWrite') ? 'BatchWriteItem' : itemKind(writtenKey(input)));

function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof Uint8Array) return data.byteLength;
  return 0;
}

/** One reading of several meters (one per function thread): counts and units summed, the largest item kept. */
export function combineReadings(readings: readonly MeterReading[]): MeterReading {
  const calls = new Map<string, CallStats>();
  for (const r of readings)
    for (const [name, c] of r.calls) {
      const seen = calls.get(name) ?? { count: 0, totalMs: 0 };
      calls.set(name, { count: seen.count + c.count, totalMs: seen.totalMs + c.totalMs });
    }
  const total = (pick: (r: MeterReading) => number): number => readings.reduce((a, r) => a + pick(r), 0);
  const largest = readings.map((r) => r.largestTransactionItem).reduce<SizedItem | undefined>((a, b) => (b && (!a || b.bytes > a.bytes) ? b : a), undefined);
  return {
    calls,
    readUnits: total((r) => r.readUnits),
    writeUnits: total((r) => r.writeUnits),
    pushBytes: readings.flatMap((r) => r.pushBytes),
    eventEntries: total((r) => r.eventEntries),
    transactionItems: total((r) => r.transactionItems),
    transactionWriteUnits: total((r) => r.transactionWriteUnits),
    unsizedItems: total((r) => r.unsizedItems),
    largestTransactionItem: largest,
    writeUnitsByKind: readings.reduce((byKind, r) => {
      for (const [kind, units] of r.writeUnitsByKind) byKind.set(kind, (byKind.get(kind) ?? 0) + units);
      return byKind;
    }, new Map<string, number>()),
  };
}

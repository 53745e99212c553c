import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { billedWriteUnits, combineReadings, itemBytes, itemKind, type MeterReading, numberBytes, transactionItemUnits, transactionUnits, valueBytes } from '../../bench/aws-meter';

const named = (name: string) => Object.assign(new Error(name), { name });
const transaction = { TransactItems: [{ Put: {} }, { Update: {} }, { Put: {} }] };

describe('write units as AWS bills them', () => {
  it('bills a transaction 2 WRU per item when its items are not sized (sizing off), whatever DynamoDB Local reports', () => {
    expect(billedWriteUnits('TransactWriteCommand', transaction)).toBe(6);
  });

  it('bills each sized transaction item 2 WRU per started KB, at least 2', () => {
    expect(billedWriteUnits('TransactWriteCommand', transaction, undefined, [200, 1229, 0])).toBe(2 + 4 + 2);
    expect(billedWriteUnits('TransactWriteCommand', transaction, undefined, [1024, 1025, 3 * 1024 + 1])).toBe(2 + 4 + 8);
  });

  it('bills a cancelled transaction 2 per item, sized or not, and nothing for one that never ran', () => {
    expect(billedWriteUnits('TransactWriteCommand', transaction, named('TransactionCanceledException'))).toBe(6);
    expect(billedWriteUnits('TransactWriteCommand', transaction, named('TransactionCanceledException'), [5000, 5000, 5000])).toBe(6);
    expect(billedWriteUnits('TransactWriteCommand', transaction, named('ValidationException'))).toBe(0);
  });

  it('bills 1 WRU for a write that failed its condition (Local reports nothing: the call throws)', () => {
    expect(billedWriteUnits('PutCommand', {}, named('ConditionalCheckFailedException'))).toBe(1);
    expect(billedWriteUnits('UpdateCommand', {}, named('ProvisionedThroughputExceededException'))).toBe(0);
  });

  it('leaves every other successful call to the engine’s own figure', () => {
    expect(billedWriteUnits('PutCommand', {})).toBeUndefined();
    expect(billedWriteUnits('QueryCommand', {})).toBeUndefined();
  });

  it('rounds an item up to whole KB of 1,024 bytes', () => {
    expect([0, 1, 1024, 1025, 2048, 2049].map(transactionItemUnits)).toEqual([2, 2, 2, 4, 4, 6]);
  });
});

describe('item sizes as DynamoDB counts them', () => {
  it('counts a string attribute as its name and value in UTF-8 bytes', () => {
    expect(itemBytes({ pk: 'chat#1' })).toBe(2 + 6);
    expect(itemBytes({ name: 'Zoë' })).toBe(4 + 4);
  });

  it('counts a number as 1 byte per two significant digits + 1, leading and trailing zeros trimmed', () => {
    expect(numberBytes('7')).toBe(2);
    expect(numberBytes('12')).toBe(2);
    expect(numberBytes('123')).toBe(3);
    expect(numberBytes('1763798400000')).toBe(4 + 1); // 1763798400000: 9 significant digits
    expect(numberBytes('-0.0125')).toBe(3);
    expect(numberBytes('1.5e+21')).toBe(2);
    expect(numberBytes('0')).toBe(2);
    expect(itemBytes({ rev: 42, ttl: 1763798400 })).toBe(3 + 2 + 3 + 5);
    expect(valueBytes(new NumberValue('12345678901234567890'))).toBe(numberBytes('12345678901234567890'));
    expect(valueBytes(10n ** 20n)).toBe(2);
  });

  it('counts booleans and null as 1 byte and binary as its raw bytes', () => {
    expect(itemBytes({ on: true, off: null, b: new Uint8Array(10) })).toBe(2 + 1 + 3 + 1 + 1 + 10);
  });

  it('counts a map or list as 3 bytes + each element + 1 byte per element, nested maps alike', () => {
    expect(valueBytes({})).toBe(3);
    expect(valueBytes([])).toBe(3);
    expect(valueBytes(['ab', 7])).toBe(3 + (2 + 1) + (2 + 1));
    // value: 3 + ("a" 1 + "xy" 2 + 1) + ("n" 1 + { 3 + ("k" 1 + 1 byte true + 1) } + 1)
    expect(itemBytes({ value: { a: 'xy', n: { k: true } } })).toBe(5 + 3 + (1 + 2 + 1) + (1 + (3 + (1 + 1 + 1)) + 1));
    expect(valueBytes(new Map([['a', 'xy']]))).toBe(3 + 1 + 2 + 1);
  });

  it('counts a set as the sum of its members, strings, numbers or binary', () => {
    expect(itemBytes({ agents: new Set(['ana', 'bo']) })).toBe(6 + 3 + 2);
    expect(valueBytes(new Set([1, 100, 12345]))).toBe(2 + 2 + 4);
    expect(valueBytes(new Set([new Uint8Array(3), new Uint8Array(4)]))).toBe(7);
  });

  it('drops undefined attributes, as the document client does with removeUndefinedValues', () => {
    expect(itemBytes({ pk: 'a', gone: undefined, m: { x: undefined } })).toBe(2 + 1 + 1 + 3);
  });

  it('bills a 1.2 KB rollup update 4 WRU in a transaction', () => {
    // 90 counters of 9-byte names and 4-digit values (3 bytes each) beside its keys: 1,131 bytes.
    const counters = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`counter${String(i).padStart(2, '0')}`, 1001 + i]));
    const rollup = { pk: 'rollup#team#support', sk: 'hour#2026-11-22T07', type: 'rollup', ...counters };
    const bytes = itemBytes(rollup);
    expect(bytes).toBe(2 + 19 + 2 + 18 + 4 + 6 + 90 * (9 + 3));
    expect(billedWriteUnits('TransactWriteCommand', { TransactItems: [{ Update: {} }] }, undefined, [bytes])).toBe(4);
  });
});

describe('readings of several function threads, as one', () => {
  const reading = (over: Partial<MeterReading>): MeterReading => ({
    calls: new Map(),
    readUnits: 0,
    writeUnits: 0,
    pushBytes: [],
    eventEntries: 0,
    transactionItems: 0,
    transactionWriteUnits: 0,
    unsizedItems: 0,
    largestTransactionItem: undefined,
    writeUnitsByKind: new Map(),
    ...over,
  });

  it('sums calls by name, units and counts, keeps every push size and the largest item of all', () => {
    // Arrange
    const a = reading({ calls: new Map([['DynamoDB.Put', { count: 2, totalMs: 4 }]]), readUnits: 1.5, writeUnits: 3, pushBytes: [10], eventEntries: 1, transactionItems: 2, transactionWriteUnits: 4, largestTransactionItem: { bytes: 300, key: 'A META' }, writeUnitsByKind: new Map([['CHAT#* MSG#*', 3]]) });
    const b = reading({ calls: new Map([['DynamoDB.Put', { count: 1, totalMs: 1 }], ['EventBridge.PutEvents', { count: 1, totalMs: 2 }]]), writeUnits: 2, pushBytes: [20, 30], unsizedItems: 1, largestTransactionItem: { bytes: 900, key: 'B META' }, writeUnitsByKind: new Map([['CHAT#* MSG#*', 1], ['CONN#* META', 1]]) });

    // Act
    const both = combineReadings([a, b, reading({})]);

    // Assert
    expect([...both.calls]).toEqual([['DynamoDB.Put', { count: 3, totalMs: 5 }], ['EventBridge.PutEvents', { count: 1, totalMs: 2 }]]);
    expect([both.readUnits, both.writeUnits, both.eventEntries, both.transactionItems, both.transactionWriteUnits, both.unsizedItems]).toEqual([1.5, 5, 1, 2, 4, 1]);
    expect(both.pushBytes).toEqual([10, 20, 30]);
    expect(both.largestTransactionItem).toEqual({ bytes: 900, key: 'B META' });
    expect([...both.writeUnitsByKind]).toEqual([['CHAT#* MSG#*', 4], ['CONN#* META', 1]]);
  });
});

describe('where the write units go', () => {
  it('names an item by its key’s fixed words, ids and dates as *', () => {
    expect(itemKind({ pk: 'CHAT#c-12ab', sk: 'MSG#0000000007' })).toBe('CHAT#* MSG#*');
    expect(itemKind({ pk: 'CHAT#c-12ab', sk: 'META' })).toBe('CHAT#* META');
    expect(itemKind({ pk: 'METRIC#DEPT#2026-11', sk: '2026-11-22#sales' })).toBe('METRIC#DEPT#* *');
    expect(itemKind({ pk: 'MSTATE#chat#c-12ab', sk: 'STATE' })).toBe('MSTATE#chat#* STATE');
    expect(itemKind({ pk: 'EVENT#metrics#e-1', sk: 'DONE' })).toBe('EVENT#* DONE');
    expect(itemKind({ pk: 'TAGS', sk: 'TAG#refund' })).toBe('TAGS TAG#*');
    expect(itemKind(undefined)).toBe('unknown');
  });

  it('bills a transaction item by item, so each item’s units go to its kind', () => {
    const input = { TransactItems: [{ Put: { Item: { pk: 'EVENT#metrics#e', sk: 'DONE' } } }, { Update: { Key: { pk: 'METRIC#ALL#2026-11', sk: '2026-11-22#all' } } }] };
    expect(transactionUnits(input, undefined, [40, 1500])).toEqual([2, 4]);
    expect(transactionUnits(input, named('TransactionCanceledException'))).toEqual([2, 2]);
    expect(transactionUnits(input, named('ValidationException'))).toEqual([]);
  });
});

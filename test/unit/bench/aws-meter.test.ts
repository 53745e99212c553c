import { describe, expect, it } from 'vitest';
import { billedWriteUnits } from '../../bench/aws-meter';

const named = (name: string) => Object.assign(new Error(name), { name });
const transaction = { TransactItems: [{ Put: {} }, { Update: {} }, { Put: {} }] };

describe('write units as AWS bills them', () => {
  it('bills a transaction 2 WRU per item, whatever DynamoDB Local reports', () => {
    expect(billedWriteUnits('TransactWriteCommand', transaction)).toBe(6);
  });

  it('bills a cancelled transaction like a committed one, and nothing for one that never ran', () => {
    expect(billedWriteUnits('TransactWriteCommand', transaction, named('TransactionCanceledException'))).toBe(6);
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
});

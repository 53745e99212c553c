import { describe, expect, it } from 'vitest';
import { parleyFunctions } from '../../bench/cdk-bundles';

const fn = (description: string | undefined, memory: number | undefined, key = 'abc.zip') => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Description: description, MemorySize: memory, Code: { S3Key: key } },
});

describe('parleyFunctions', () => {
  it('names each Parley function from its description and keeps its memory size and asset folder', () => {
    const template = { Resources: { A: fn('Parley socket-send-message (handlers/socket/send-message.ts)', 512, 'd5fe.zip') } };

    expect(parleyFunctions(template)).toEqual([{ name: 'socket-send-message', memoryMb: 512, asset: 'asset.d5fe' }]);
  });

  it.each([
    ['a CDK helper function without a description', fn(undefined, 512)],
    ['a function without a memory size', fn('Parley routing (handlers/events/routing.ts)', undefined)],
    ['another resource type', { Type: 'AWS::IAM::Role', Properties: { Description: 'Parley routing (x)' } }],
  ])('leaves out %s', (_name, resource) => {
    expect(parleyFunctions({ Resources: { A: resource } })).toEqual([]);
  });
});

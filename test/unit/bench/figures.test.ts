import { describe, expect, it } from 'vitest';
import { anchorText, type Figure, formatTable, meetsTarget, resultsJson } from '../../bench/figures';

const figure = (over: Partial<Figure>): Figure => ({ id: 'x', value: 10, unit: 'ms', better: 'lower', ...over });

describe('meetsTarget', () => {
  it.each([
    ['lower, under', { value: 10, target: 50 }, true],
    ['lower, equal', { value: 50, target: 50 }, true],
    ['lower, over', { value: 51, target: 50 }, false],
    ['higher, over', { value: 51, target: 50, better: 'higher' as const }, true],
    ['higher, under', { value: 49, target: 50, better: 'higher' as const }, false],
    ['no target', { value: 49 }, undefined],
    ['not measured', { value: Number.NaN, target: 50 }, undefined],
  ])('%s → %s', (_name, over, expected) => {
    expect(meetsTarget(figure(over))).toBe(expected);
  });
});

describe('anchorText', () => {
  it('puts the ratio next to the anchor', () => {
    expect(anchorText('Crisp', 130, 13, 'KB')).toBe('Crisp 130 KB: 0.10×');
  });

  it('writes tiny ratios in exponent form', () => {
    expect(anchorText('Amazon Connect Chat', 10_000, 4, 'USD')).toBe('Amazon Connect Chat 10000 USD: 4.0e-4×');
  });
});

describe('formatTable and resultsJson', () => {
  const figures = [figure({ id: 'latency.p99.chats200', value: 12.3, target: 50 }), figure({ id: 'synth.seconds', value: 70, target: 60 })];

  it('prints one row per figure with its verdict', () => {
    const lines = formatTable(figures).split('\n');

    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^latency\.p99\.chats200\s+12\.3\s+ms\s+≤ 50\s+ok$/);
    expect(lines[3]).toMatch(/MISS$/);
  });

  it('writes the figures under a "figures" key', () => {
    expect(JSON.parse(resultsJson(figures))).toEqual({ figures });
  });
});

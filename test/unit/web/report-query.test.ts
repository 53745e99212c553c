import { describe, expect, it } from 'vitest';
import { rangeOf, reportParams, type Query } from '../../../web/console/report-query';

const NOW = Date.UTC(2026, 10, 21, 23, 30);
const query: Query = { from: '2026-11-15', to: '2026-11-21', grouping: 'day', filter: '', sort: 'resolved' };

describe('the dashboard range presets', () => {
  it.each([
    ['today', '2026-11-21'],
    ['7d', '2026-11-15'],
    ['30d', '2026-10-23'],
  ] as const)('%s starts on %s and ends today (UTC days)', (kind, from) => {
    expect(rangeOf(kind, NOW)).toEqual({ from, to: '2026-11-21' });
  });
});

describe('the GET /reports query of the dashboard', () => {
  it('sends range, grouping, order and format, and no filter for everyone', () => {
    const params = reportParams(query, 'agents', 'csv');

    expect(Object.fromEntries(params)).toEqual({ report: 'agents', from: '2026-11-15', to: '2026-11-21', grouping: 'day', sort: 'resolved', format: 'csv' });
  });

  it.each([
    ['agent:u-alice', 'agent', 'u-alice'],
    ['department:support', 'department', 'support'],
    ['tag:a:b', 'tag', 'a:b'],
  ])('turns the filter %s into %s=%s', (filter, key, value) => {
    const params = reportParams({ ...query, filter }, 'summary');

    expect(params.get(key)).toBe(value);
    expect(['agent', 'department', 'tag'].filter((k) => params.has(k))).toEqual([key]);
  });
});

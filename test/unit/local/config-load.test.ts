/**
 * The local runtime's config load (`npm start`): an invalid SLA, department or business-hours
 * setting stops it before any service starts, with a message naming the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, startLocal } from '../../../lib/local';

const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loading the deployment config for the local runtime', () => {
  it.each([
    ['an SLA target of zero', { sla: { firstResponseSeconds: 0 } }, 'sla.firstResponseSeconds'],
    ['SLA targets for an unknown department', { sla: { departments: { nowhere: { queueSeconds: 30 } } } }, 'sla.departments.nowhere: no department "nowhere" is configured'],
    ['an unknown escalation target', { sla: { escalation: [{ target: 'lunch' }] } }, 'sla.escalation.0.target'],
    ['two departments with one id', { departments: [{ id: 'support', name: 'A' }, { id: 'support', name: 'B' }] }, 'departments: department ids must be unique'],
    ['a routing policy that does not exist', { departments: [{ id: 'support', name: 'Support', policy: 'random' }] }, 'departments.0.policy'],
    ['business hours in an unknown time zone', { departments: [{ id: 'support', name: 'Support', hours: { timezone: 'Mars/Olympus', weekly: {} } }] }, 'departments.0.hours.timezone'],
    ['an opening time that is not a time', { departments: [{ id: 'support', name: 'Support', hours: { timezone: 'UTC', weekly: { mon: [['9am', '17:00']] } } }] }, 'departments.0.hours.weekly.mon.0.0'],
  ])('refuses %s, naming the field', (_name, config, field) => {
    expect(() => loadConfig({ config })).toThrow(field);
  });

  it('names the file when it is not JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "departments": [');

    expect(() => loadConfig({ configFile: file })).toThrow(`${file} cannot be read as JSON`);
  });

  it('stops startLocal before any service starts', async () => {
    await expect(startLocal({ basePort: 0, config: { sla: { queueSeconds: -5 } } })).rejects.toThrow(/parley\.config\.json is invalid:\n\s+sla\.queueSeconds/);
  });

  it('accepts the project’s own file', () => {
    expect(loadConfig({}).config.departments.map((d) => d.id)).toEqual(['support', 'billing', 'sales']);
  });
});

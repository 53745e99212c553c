import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from '../../../functions/contracts/config';

const withDepartment = (department: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ departments: [{ id: 'support', name: 'Support', ...department }], ...extra });

describe('deployment config: departments, hours and routing', () => {
  it('defaults a department to least-busy, always open, and routing to a 30 s offer timeout', () => {
    const config = parseDeploymentConfig(withDepartment({}));

    expect(config.departments[0]).toEqual({ id: 'support', name: 'Support', policy: 'least-busy' });
    expect(config.routing).toEqual({ offerTimeoutSeconds: 30, queueLimitSeconds: 300, recentHandleTimes: 20, reconnectGraceSeconds: 60 });
  });

  it('keeps business hours as given', () => {
    const hours = { timezone: 'Europe/Helsinki', weekly: { mon: [['09:00', '17:00']], sat: [] }, holidays: ['2026-12-24'] };

    const config = parseDeploymentConfig(withDepartment({ policy: 'round-robin', hours }));

    expect(config.departments[0]).toMatchObject({ policy: 'round-robin', hours });
  });

  it.each([
    [{ policy: 'random' }, 'departments.0.policy'],
    [{ hours: { timezone: 'Mars/Olympus', weekly: {} } }, 'departments.0.hours.timezone: must be an IANA time zone'],
    [{ hours: { timezone: 'UTC', weekly: { mon: [['9:00', '17:00']] } } }, 'departments.0.hours.weekly.mon.0.0: must be "HH:MM"'],
    [{ hours: { timezone: 'UTC', weekly: { mon: [['17:00', '09:00']] } } }, 'departments.0.hours.weekly.mon.0: the opening time must be before the closing time'],
    [{ hours: { timezone: 'UTC', weekly: { funday: [] } } }, 'departments.0.hours.weekly: Unrecognized key: "funday"'],
    [{ hours: { timezone: 'UTC', weekly: {}, holidays: ['24.12.2026'] } }, 'departments.0.hours.holidays.0'],
  ])('refuses a bad department %j naming the field', (department, message) => {
    expect(() => parseDeploymentConfig(withDepartment(department))).toThrow(message);
  });

  it.each([
    [{ routing: { offerTimeoutSeconds: 0 } }, 'routing.offerTimeoutSeconds'],
    [{ routing: { offerTimeoutSeconds: 901 } }, 'routing.offerTimeoutSeconds'],
    [{ routing: { queueLimitSeconds: 'long' } }, 'routing.queueLimitSeconds'],
    [{ routing: { reconnectGraceSeconds: -1 } }, 'routing.reconnectGraceSeconds'],
    [{ routing: { reconnectGraceSeconds: 901 } }, 'routing.reconnectGraceSeconds'],
    [{ routing: { reconnectGraceSeconds: 1.5 } }, 'routing.reconnectGraceSeconds'],
  ])('refuses bad routing settings %j naming the field', (extra, field) => {
    expect(() => parseDeploymentConfig(withDepartment({}, extra))).toThrow(field);
  });

  it('refuses two departments with one id', () => {
    const text = JSON.stringify({ departments: [{ id: 'a', name: 'A' }, { id: 'a', name: 'B' }] });

    expect(() => parseDeploymentConfig(text)).toThrow('departments: department ids must be unique');
  });
});

const withConfig = (patch: Record<string, unknown>): string => JSON.stringify({ departments: [{ id: 'support', name: 'Support' }], ...patch });
const hours = (h: Record<string, unknown>) => ({ departments: [{ id: 'support', name: 'Support', hours: { timezone: 'Europe/Helsinki', weekly: { mon: [['09:00', '17:00']] }, ...h } }] });

describe('deployment config: SLA targets and alerts', () => {
  it('fills every SLA default', () => {
    expect(parseDeploymentConfig('{}').sla).toEqual({ firstResponseSeconds: 60, businessHoursOnly: false, departments: {}, escalation: [{ notifySupervisors: true }] });
  });

  it('accepts targets per department, business-hours-only counting, escalation rules and an alert address', () => {
    const config = parseDeploymentConfig(
      withConfig({
        ...hours({ holidays: ['2026-12-24'] }),
        sla: { queueSeconds: 30, agentReplySeconds: 120, departments: { support: { businessHoursOnly: true } }, escalation: [{ target: 'queueTime', raisePriorityTo: 5 }] },
        alerts: { email: 'ops@example.com' },
      }),
    );
    expect(config.sla.departments.support).toEqual({ businessHoursOnly: true });
    expect(config.alerts.email).toBe('ops@example.com');
  });

  it.each([
    ['a negative target', withConfig({ sla: { queueSeconds: -1 } }), 'sla.queueSeconds'],
    ['a misspelt target', withConfig({ sla: { firstResponse: 30 } }), 'sla: Unrecognized key: "firstResponse"'],
    ['targets for an unknown department', withConfig({ sla: { departments: { sales: { queueSeconds: 5 } } } }), 'sla.departments.sales: no department "sales" is configured'],
    ['an unknown escalation target', withConfig({ sla: { escalation: [{ target: 'wait' }] } }), 'sla.escalation.0.target'],
    ['an alert address that is not one', withConfig({ alerts: { email: 'ops' } }), 'alerts.email'],
  ])('refuses %s, naming the field', (_name, json, field) => {
    expect(() => parseDeploymentConfig(json)).toThrow(field);
  });
});

describe('deployment config: retention', () => {
  it('keeps data until deleted when retentionDays is absent, and takes a whole number of days', () => {
    expect(parseDeploymentConfig(withDepartment({})).retentionDays).toBeUndefined();
    expect(parseDeploymentConfig(withDepartment({}, { retentionDays: 365 })).retentionDays).toBe(365);
  });

  it.each([0, -1, 1.5, 3651, '30'])('refuses retentionDays %j naming the field', (retentionDays) => {
    expect(() => parseDeploymentConfig(withDepartment({}, { retentionDays }))).toThrow(/retentionDays: /);
  });
});

import { describe, expect, it } from 'vitest';
import { roleFromGroups, servedDepartments } from '../../../../functions/domain/roles';

describe('roles', () => {
  it.each([
    [['agent'], 'agent'],
    [['agent', 'supervisor'], 'supervisor'],
    [['supervisor', 'admin', 'agent'], 'admin'],
    [[], 'agent'],
    [undefined, 'agent'],
  ])('groups %j give role %s', (groups, role) => {
    expect(roleFromGroups(groups)).toBe(role);
  });

  it.each([
    ['support, billing', ['support', 'billing']],
    ['support,support', ['support']],
    ['', ['support', 'billing', 'sales']],
  ])('departments claim %j means %j', (claim, expected) => {
    expect(servedDepartments(claim, ['support', 'billing', 'sales'])).toEqual(expected);
  });
});

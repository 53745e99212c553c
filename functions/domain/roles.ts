/**
 * Roles and departments as the authorizer and the lifecycle see them.
 */
import type { Role } from '../contracts/frames';

const RANK: readonly Role[] = ['admin', 'supervisor', 'agent'];

/** The strongest staff role among the identity provider's groups (admin > supervisor > agent). */
export function roleFromGroups(groups: readonly string[] | undefined): Exclude<Role, 'visitor'> {
  const found = RANK.find((role) => groups?.includes(role));
  return found === 'admin' || found === 'supervisor' ? found : 'agent';
}

/** Departments from the comma-separated claim; an agent with none serves every department. */
export function servedDepartments(claim: string, all: readonly string[]): string[] {
  const listed = claim
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
  return listed.length > 0 ? [...new Set(listed)] : [...all];
}

/** The agent profile a caller's token describes (created on first connect). */
import type { Caller } from '../contracts/auth';
import type { DeploymentConfig } from '../contracts/config';
import { servedDepartments } from '../domain/roles';
import type { AgentProfile } from '../domain/routing';
import type { AgentStore } from './ports';

export function profileFromCaller(caller: Caller, config: DeploymentConfig, maxChats: number | undefined): Omit<AgentProfile, 'status' | 'activeChats' | 'lastAssignedAt' | 'autoAway'> {
  return {
    agentId: caller.userId,
    name: caller.name || caller.userId,
    departments: servedDepartments(caller.departments, config.departments.map((d) => d.id)),
    maxChats: maxChats ?? config.defaultMaxChats,
  };
}

/** The stored profile, created from the caller when a first connect did not get to it. */
export async function loadAgent(store: AgentStore, caller: Caller, config: DeploymentConfig): Promise<AgentProfile> {
  const found = await store.getAgent(caller.userId);
  if (found) return found;
  const profile = profileFromCaller(caller, config, undefined);
  await store.upsertAgent(profile);
  return { ...profile, status: 'offline', activeChats: 0 };
}

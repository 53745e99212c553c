/**
 * The demo sign-ins the local identity provider knows, printed by `npm start`. One shared
 * password because they are demo accounts on a laptop, never a deployment.
 */
import type { DemoUser } from './types';

export const DEMO_PASSWORD = 'parley-demo';

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'alice@demo.parley', password: DEMO_PASSWORD, name: 'Alice', role: 'agent', departments: ['support', 'billing'] },
  // Speaks Finnish: chats that require `fi` go only to him (and Finn).
  { username: 'bob@demo.parley', password: DEMO_PASSWORD, name: 'Bob', role: 'agent', departments: ['support', 'billing'], skills: ['fi'] },
  // Serves only sales: the agent of another department that the authorization tests need.
  { username: 'carol@demo.parley', password: DEMO_PASSWORD, name: 'Carol', role: 'agent', departments: ['sales'] },
  // Three more support agents, so routing demos (and the 5-agent burst test) have a team.
  { username: 'dave@demo.parley', password: DEMO_PASSWORD, name: 'Dave', role: 'agent', departments: ['support'] },
  { username: 'erin@demo.parley', password: DEMO_PASSWORD, name: 'Erin', role: 'agent', departments: ['support'] },
  { username: 'finn@demo.parley', password: DEMO_PASSWORD, name: 'Finn', role: 'agent', departments: ['support'], skills: ['fi', 'sv'] },
  { username: 'sam@demo.parley', password: DEMO_PASSWORD, name: 'Sam', role: 'supervisor', departments: ['support', 'billing'] },
  { username: 'ada@demo.parley', password: DEMO_PASSWORD, name: 'Ada', role: 'admin', departments: ['support', 'billing', 'sales'] },
];

/** A stable subject per user (`u-alice`), so data kept on disk still belongs to them after a restart. */
export function subjectOf(user: DemoUser): string {
  return `u-${user.username.split('@')[0] ?? user.username}`;
}

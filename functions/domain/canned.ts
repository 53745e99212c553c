/**
 * Canned responses: who may manage which, which one `#shortcut` means, and the placeholders
 * filled from the chat the reply goes to. Pure: the values come in, the text goes out.
 */
import type { Caller } from '../contracts/auth';
import type { CannedResponse, CannedScope } from '../contracts/frames';
import { ForbiddenError } from './errors';

export const PLACEHOLDERS = ['visitor.name', 'visitor.email', 'agent.name', 'chat.department'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/** At most this many canned responses per scope (a team's or an agent's): one page to read. */
export const MAX_CANNED_PER_SCOPE = 500;

const PATTERN = /\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/g;
const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/**
 * Fills the known placeholders of `text`. A known placeholder without a value becomes empty and
 * is named in `missing` (the console warns); an unknown `{{…}}` is left as written, so a typo
 * shows instead of vanishing.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): { text: string; missing: string[] } {
  const missing = new Set<string>();
  const filled = text.replace(PATTERN, (whole, name: string) => {
    if (!isPlaceholder(name)) return whole;
    const value = values[name];
    if (value === undefined || value === '') missing.add(name);
    return value ?? '';
  });
  return { text: filled, missing: [...missing] };
}

/** The partition a scope's responses live in: the team's, or the agent's own. */
export function cannedOwner(scope: CannedScope, caller: Pick<Caller, 'userId'>): string {
  return scope === 'shared' ? 'shared' : caller.userId;
}

/** Shared responses are the team's: supervisors and admins manage them; personal ones are each agent's. */
export function requireCannedWriter(scope: CannedScope, caller: Pick<Caller, 'role'>): void {
  if (caller.role === 'visitor') throw new ForbiddenError('Canned responses are for staff only', 'action');
  if (scope === 'shared' && caller.role === 'agent') throw new ForbiddenError('Only supervisors and admins manage shared canned responses', 'scope');
}

/** `#shortcut` means the agent's own response first, then the team's. */
export function pickCanned(personal: CannedResponse | undefined, shared: CannedResponse | undefined): CannedResponse | undefined {
  return personal ?? shared;
}

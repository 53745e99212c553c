/**
 * Client-generated ids (request ids, clientMessageIds). Randomness is injected so tests get
 * stable ids; 12 base-36 characters from two draws are plenty to avoid clashes per visitor.
 */
export function createId(prefix: string, random: () => number): string {
  const part = () => Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');
  return `${prefix}-${part()}${part()}`;
}

/**
 * Tags on a chat. Normalised so "Refund", " refund " and "refund" are one tag in reports; the
 * limits themselves are in the frame schema (contracts/frames.ts: MAX_TAGS, MAX_TAG_CHARS).
 */

/** Lowercase, single spaces, no duplicates, first use's order kept. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().replace(/\s+/g, ' ').toLowerCase()).filter((t) => t.length > 0))];
}

export function sameTags(a: readonly string[] | undefined, b: readonly string[]): boolean {
  const left = a ?? [];
  return left.length === b.length && left.every((t, i) => t === b[i]);
}

/** The pick list: the configured tags first, then tags used before, without repeats. */
export function tagChoices(configured: readonly string[], used: readonly string[]): string[] {
  return normalizeTags([...configured, ...used.slice().sort()]);
}

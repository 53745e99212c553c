/**
 * Translations for the web apps: `t(key, vars)` over per-locale catalogs. A message is a string
 * with `{name}` placeholders, or plural forms chosen by `vars.count` with the browser's own
 * `Intl.PluralRules` (Russian one/few/many, Bulgarian and Finnish one/other), so no rules ship
 * in the bundle. The first catalog given is the reference: every other locale must have all
 * of its keys (the types say so), and a missing form falls back to `other`.
 */
export interface PluralForms {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | PluralForms;
export type Catalog<K extends string = string> = Readonly<Record<K, Message>>;
export type Vars = Readonly<Record<string, string | number>>;

export interface Translator<K extends string> {
  /** The locale in use (one of the catalogs'). */
  readonly locale: string;
  t(key: K, vars?: Vars): string;
}

/**
 * The best catalog for what the visitor (or the site) asks for, in order of preference:
 * an exact tag first (`pt-BR`), then its language (`pt`); `fallback` when nothing matches.
 */
export function pickLocale(wanted: readonly (string | undefined | null)[], available: readonly string[], fallback: string): string {
  const byLower = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  for (const raw of wanted) {
    const tag = raw?.trim().toLowerCase().replace(/_/g, '-');
    if (!tag) continue;
    const hit = byLower.get(tag) ?? byLower.get(tag.split('-')[0] ?? '');
    if (hit) return hit;
  }
  return fallback;
}

/** Fills `{name}` placeholders; an unknown placeholder stays as written, so a gap is visible. */
export function interpolate(template: string, vars: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * `fallback` (a locale in `catalogs`) answers for keys the chosen catalog lacks, e.g. a
 * catalog fetched from an older deployment; a key missing everywhere shows as itself.
 */
export function createTranslator<K extends string>(catalogs: Readonly<Record<string, Catalog<K>>>, locale: string, fallback?: string): Translator<K> {
  const catalog = catalogs[locale];
  if (!catalog) throw new Error(`no catalog for locale "${locale}"`);
  const spare = fallback === undefined ? undefined : catalogs[fallback];
  const plurals = new Intl.PluralRules(locale);
  return {
    locale,
    t(key, vars) {
      const message: Message | undefined = catalog[key] ?? spare?.[key];
      if (message === undefined) return key;
      if (typeof message === 'string') return interpolate(message, vars);
      const count = Number(vars?.count ?? 0);
      return interpolate(message[plurals.select(count)] ?? message.other, vars);
    },
  };
}

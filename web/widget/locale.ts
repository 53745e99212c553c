/**
 * The widget's language: the site's choice (`data-locale` on the loader script, passed in the
 * frame URL's hash) first, then the visitor's browser languages, then English. English is
 * built in; another language's catalog is fetched from `locales/<locale>.json` beside the
 * frame, and if that fails the widget speaks English rather than not at all.
 */
import { type Catalog, createTranslator, pickLocale, type Translator, type Vars } from '../shared/i18n';
import { en, LOCALES, type StringKey } from './strings';

export type T = (key: StringKey, vars?: Vars) => string;

export function chooseLocale(hash: string, languages: readonly string[]): string {
  const fromSite = new URLSearchParams(hash.replace(/^#/, '')).get('locale');
  return pickLocale([fromSite, ...languages], LOCALES, 'en');
}

export async function loadTranslator(locale: string, base: string, fetchFn: typeof fetch = fetch): Promise<Translator<StringKey>> {
  if (locale === 'en') return createTranslator({ en }, 'en');
  try {
    const response = await fetchFn(new URL(`locales/${locale}.json`, base).href);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const catalog = (await response.json()) as Catalog<StringKey>;
    return createTranslator({ [locale]: catalog, en }, locale, 'en');
  } catch {
    return createTranslator({ en }, 'en');
  }
}

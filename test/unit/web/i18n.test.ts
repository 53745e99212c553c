import { describe, expect, it } from 'vitest';
import { createTranslator, interpolate, pickLocale } from '../../../web/shared/i18n';
import { CATALOGS } from '../../../web/widget/catalogs';
import { LOCALES } from '../../../web/widget/strings';

describe('pickLocale', () => {
  it.each<[readonly (string | undefined)[], string]>([
    [['fi-FI', 'en-US'], 'fi'],
    [['ru'], 'ru'],
    [['BG'], 'bg'],
    [['de-DE', 'ru-RU'], 'ru'],
    [['de-DE', 'fr'], 'en'],
    [[undefined, '', 'fi_FI'], 'fi'],
    [[], 'en'],
  ])('%j → %s', (wanted, expected) => {
    expect(pickLocale(wanted, LOCALES, 'en')).toBe(expected);
  });

  it('prefers an exact regional catalog over the bare language', () => {
    expect(pickLocale(['pt-BR'], ['pt', 'pt-BR'], 'en')).toBe('pt-BR');
    expect(pickLocale(['pt-PT'], ['pt', 'pt-BR'], 'en')).toBe('pt');
  });
});

describe('interpolate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{name} is typing… {missing}', { name: 'Alice' })).toBe('Alice is typing… {missing}');
  });
});

describe('plural forms', () => {
  it.each<[number, string]>([
    [1, 'Примерное ожидание: 1 минута.'],
    [2, 'Примерное ожидание: 2 минуты.'],
    [4, 'Примерное ожидание: 4 минуты.'],
    [5, 'Примерное ожидание: 5 минут.'],
    [11, 'Примерное ожидание: 11 минут.'],
    [12, 'Примерное ожидание: 12 минут.'],
    [21, 'Примерное ожидание: 21 минута.'],
    [22, 'Примерное ожидание: 22 минуты.'],
    [25, 'Примерное ожидание: 25 минут.'],
    [111, 'Примерное ожидание: 111 минут.'],
  ])('Russian: %i minutes', (count, expected) => {
    expect(createTranslator(CATALOGS, 'ru').t('queue.wait', { count })).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['bg', 1, '1 звезда'],
    ['bg', 2, '2 звезди'],
    ['bg', 5, '5 звезди'],
    ['fi', 1, '1 tähti'],
    ['fi', 3, '3 tähteä'],
    ['en', 1, '1 star'],
    ['en', 4, '4 stars'],
    ['ru', 1, '1 звезда'],
    ['ru', 3, '3 звезды'],
    ['ru', 5, '5 звёзд'],
  ])('%s: %i star(s)', (locale, count, expected) => {
    expect(createTranslator(CATALOGS, locale).t('rating.star', { count })).toBe(expected);
  });

  it('Russian people ahead: человек / человека', () => {
    const { t } = createTranslator(CATALOGS, 'ru');
    expect([1, 2, 5, 22].map((count) => t('queue.ahead', { count }))).toEqual([
      'Перед вами 1 человек.',
      'Перед вами 2 человека.',
      'Перед вами 5 человек.',
      'Перед вами 22 человека.',
    ]);
  });
});

describe('the widget catalogs', () => {
  it('translate every key into every locale, with the same placeholders as English', () => {
    const placeholders = (message: unknown): string[] => [...new Set(JSON.stringify(message).match(/\{\w+\}/g) ?? [])].sort();
    for (const locale of LOCALES) {
      for (const [key, english] of Object.entries(CATALOGS.en)) {
        const message = (CATALOGS[locale] as Record<string, unknown>)[key];
        expect(message, `${locale}:${key}`).toBeDefined();
        expect(placeholders(message), `${locale}:${key}`).toEqual(placeholders(english));
        if (locale !== 'en') expect(JSON.stringify(message), `${locale}:${key} is English`).not.toBe(key === 'frame.title' ? '' : JSON.stringify(english));
      }
    }
  });

  it('give each plural key the forms its language needs', () => {
    for (const locale of LOCALES) {
      const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [key, message] of Object.entries(CATALOGS[locale])) {
        if (typeof message === 'string') continue;
        for (const category of needed) expect(message[category as keyof typeof message], `${locale}:${key}:${category}`).toBeDefined();
      }
    }
  });

  it('refuses a locale without a catalog', () => {
    expect(() => createTranslator(CATALOGS, 'de')).toThrow('no catalog for locale "de"');
  });
});

import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../../web/widget/catalogs';
import { chooseLocale, loadTranslator } from '../../../web/widget/locale';

const BASE = 'http://127.0.0.1:4000/widget/frame.html';

function serving(files: Record<string, unknown>): { fetchFn: typeof fetch; asked: string[] } {
  const asked: string[] = [];
  const fetchFn = (async (url: string) => {
    asked.push(url);
    const body = files[url];
    return body === undefined ? new Response('missing', { status: 404 }) : new Response(JSON.stringify(body));
  }) as unknown as typeof fetch;
  return { fetchFn, asked };
}

describe('the widget’s language', () => {
  it('takes the site’s data-locale (in the frame hash) over the browser’s languages', () => {
    expect(chooseLocale('#host=https%3A%2F%2Fshop.example&locale=bg', ['fi-FI'])).toBe('bg');
    expect(chooseLocale('#host=https%3A%2F%2Fshop.example', ['de-DE', 'fi-FI'])).toBe('fi');
    expect(chooseLocale('#host=x&locale=xx', ['de'])).toBe('en');
  });

  it('fetches a non-English catalog beside the frame and falls back to English for keys it lacks', async () => {
    const { ru } = CATALOGS;
    const { 'survey.skip': _dropped, ...older } = ru;
    const { fetchFn, asked } = serving({ 'http://127.0.0.1:4000/widget/locales/ru.json': older });

    const { t, locale } = await loadTranslator('ru', BASE, fetchFn);

    expect(asked).toEqual(['http://127.0.0.1:4000/widget/locales/ru.json']);
    expect(locale).toBe('ru');
    expect(t('queue.ahead', { count: 3 })).toBe('Перед вами 3 человека.');
    expect(t('survey.skip')).toBe('Skip');
  });

  it('speaks English, without asking the network, for English or when the catalog cannot be had', async () => {
    const none = serving({});

    const english = await loadTranslator('en', BASE, none.fetchFn);
    const broken = await loadTranslator('fi', BASE, none.fetchFn);

    expect(english.t('start')).toBe('Start chat');
    expect(broken.locale).toBe('en');
    expect(broken.t('start')).toBe('Start chat');
    expect(none.asked).toEqual(['http://127.0.0.1:4000/widget/locales/fi.json']);
  });
});

import sv from '../../locales/sv/board.json';
import en from '../../locales/en/board.json';

/** The page speaks the bot's languages from the bot's own locale files (locales/<lang>/board.json). */
export type Language = 'sv' | 'en';
export type T = (key: string, values?: Record<string, string | number>) => string;

const dictionaries: Record<Language, unknown> = { sv, en };

export function languageOf(locale: string | undefined): Language {
  return (locale ?? '').toLowerCase().startsWith('en') ? 'en' : 'sv';
}

function lookup(dictionary: unknown, key: string): string | undefined {
  const value = key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], dictionary);
  return typeof value === 'string' ? value : undefined;
}

/** `t('map.title')`; `{{name}}` is filled in; `_one`/`_other` pick by `count`, as i18next does for the bot. */
export function translator(language: Language): T {
  const dictionary = dictionaries[language];
  return (key, values = {}) => {
    const plural = typeof values.count === 'number' ? `${key}_${values.count === 1 ? 'one' : 'other'}` : undefined;
    const text = (plural && lookup(dictionary, plural)) ?? lookup(dictionary, key) ?? key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
  };
}

export function dateLabel(language: Language, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

export function weekdayLabel(language: Language, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

export function momentLabel(language: Language, instant: string): string {
  return new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }).format(new Date(instant));
}

export function money(language: Language, kronor: number): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { style: 'currency', currency: 'SEK' }).format(
    kronor,
  );
}

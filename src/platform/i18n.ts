import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { formatDate } from './dates.js';
import { DEFAULT_LANGUAGE, LANGUAGES, languageOf, type Language } from './language.js';
import { fromRepoRoot } from './paths.js';

export type { TFunction };

export { LANGUAGES, DEFAULT_LANGUAGE, languageOf, type Language };

/** Reads locales/<language>/<namespace>.json: one namespace per feature plus `common`. */
function loadResources(): Record<Language, Record<string, unknown>> {
  const resources = {} as Record<Language, Record<string, unknown>>;
  for (const language of LANGUAGES) {
    const folder = fromRepoRoot('locales', language);
    resources[language] = Object.fromEntries(
      readdirSync(folder)
        .filter((file) => file.endsWith('.json'))
        .map((file) => [basename(file, '.json'), JSON.parse(readFileSync(join(folder, file), 'utf8'))]),
    );
  }
  return resources;
}

const resources = loadResources();
const translations = i18next.createInstance();
void translations.init({
  resources: resources as unknown as Record<Language, Record<string, Record<string, string>>>,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(resources[DEFAULT_LANGUAGE]),
  defaultNS: 'common',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
// `{{deadline, isoDate}}` in a translation shows a stored date ("2027-03-29") as "29 mars 2027" / "29 March 2027".
translations.services.formatter?.add('isoDate', (value, language) => formatDate(String(value), languageOf(language)));

export function translator(language: Language): TFunction {
  return translations.getFixedT(language);
}

/** The raw resources, for tests that check Swedish and English carry the same keys. */
export function localeResources(): Record<Language, Record<string, unknown>> {
  return resources;
}

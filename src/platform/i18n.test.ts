import { describe, expect, it } from 'vitest';
import { languageOf, localeResources, translator } from './i18n.js';

function keysOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [prefix];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

describe('translations', () => {
  it('have the same keys in Swedish and English', () => {
    const { sv, en } = localeResources();
    expect(keysOf(en).sort()).toEqual(keysOf(sv).sort());
  });

  it('have no empty text', () => {
    for (const [language, namespaces] of Object.entries(localeResources())) {
      for (const key of keysOf(namespaces)) {
        const value = key.split('.').reduce<any>((node, part) => node?.[part], namespaces);
        expect(value, `${language}:${key}`).not.toBe('');
      }
    }
  });

  it('pick the language from the Teams locale, Swedish when unknown', () => {
    expect(languageOf('sv-SE')).toBe('sv');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf('en-GB')).toBe('en');
    expect(languageOf('fi-FI')).toBe('sv');
    expect(languageOf(undefined)).toBe('sv');
  });

  it('format stored dates the Swedish and the English way', () => {
    expect(translator('sv')('membership:errors.deadlinePassed', { deadline: '2027-03-29' })).toContain('29 mars 2027');
    expect(translator('en')('membership:errors.deadlinePassed', { deadline: '2027-03-29' })).toContain('29 March 2027');
  });
});

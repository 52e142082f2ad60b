import type { TFunction } from './i18n.js';

/**
 * A card's block of texts from a locale file (e.g. `membership:cards.signUpForm`), so a card template reads
 * `${text.title}` and its words stay with the translators, not in the template.
 */
export function textsFor(t: TFunction, key: string, values: Record<string, unknown> = {}): Record<string, string> {
  return t(key, { ...values, returnObjects: true }) as unknown as Record<string, string>;
}

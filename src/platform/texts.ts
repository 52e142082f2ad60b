import type { TFunction } from './i18n.js';

/**
 * Translations are fixed while the bot runs, and i18next's `returnObjects` walks and interpolates the whole block
 * on every call (about a millisecond): remember each block per language, key and values.
 */
const blocks = new WeakMap<TFunction, Map<string, Record<string, string>>>();

/**
 * A card's block of texts from a locale file (e.g. `membership:cards.signUpForm`), so a card template reads
 * `${text.title}` and its words stay with the translators, not in the template.
 */
export function textsFor(t: TFunction, key: string, values: Record<string, unknown> = {}): Record<string, string> {
  let byKey = blocks.get(t);
  if (!byKey) blocks.set(t, (byKey = new Map<string, Record<string, string>>()));
  const cacheKey = `${key}\u0000${JSON.stringify(values)}`;
  let block = byKey.get(cacheKey);
  if (!block) {
    block = t(key, { ...values, returnObjects: true }) as unknown as Record<string, string>;
    if (byKey.size > 1000) byKey.clear();
    byKey.set(cacheKey, block);
  }
  return block;
}

const lines = new WeakMap<TFunction, Map<string, string>>();

/**
 * One translated line, remembered per language, key and values: for texts rendered on every vote
 * ("Ja 3 · Om det behövs 1 · Nej 0"), where i18next's own lookup would cost more than the rest of the card.
 */
export function translated(t: TFunction, key: string, values: Record<string, string | number> = {}): string {
  let byKey = lines.get(t);
  if (!byKey) lines.set(t, (byKey = new Map<string, string>()));
  const cacheKey = `${key}\u0000${JSON.stringify(values)}`;
  let line = byKey.get(cacheKey);
  if (line === undefined) {
    line = t(key, values);
    if (byKey.size > 5000) byKey.clear();
    byKey.set(cacheKey, line);
  }
  return line;
}

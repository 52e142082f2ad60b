/**
 * A refusal the person should read: bad input, missing rights, a closed deadline. Domain rules throw it before
 * anything is written, so "refused" always means "nothing changed". `key` names a translation
 * (namespace:key) and `values` fill it in; the Teams router translates it into the person's language.
 */
export class Refusal extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, unknown> = {},
  ) {
    super(key);
  }
}

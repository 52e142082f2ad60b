import { z } from 'zod/v4';

/**
 * The message an id's schema fails with, so the router can tell "this names nothing that exists" (a crafted or
 * mangled id) from card data it cannot read at all.
 */
export const NOT_AN_ID = 'not an id';

/**
 * An id carried in card data: a programme, group, poll, meeting, agenda item, output or person id. Cosmos DB
 * refuses `/`, `\`, `?` and `#` in document ids (they would bend the document's URL) and control characters have
 * no place in one, so such a value can name nothing stored: refusing it here, before any store is asked, turns a
 * crafted id into a plain "not found" instead of an internal error on every attempt.
 */
export const idSchema = z
  .string()
  .min(1, { message: NOT_AN_ID })
  .max(255, { message: NOT_AN_ID })
  // eslint-disable-next-line no-control-regex
  .regex(/^[^/\\?#\u0000-\u001f\u007f]+$/, { message: NOT_AN_ID });

export function isId(value: string): boolean {
  return idSchema.safeParse(value).success;
}

/** An id a form may leave empty (a new agenda item has none yet); missing counts as empty. */
export const optionalIdSchema = z
  .string()
  .default('')
  .refine((value) => value === '' || isId(value), { message: NOT_AN_ID });

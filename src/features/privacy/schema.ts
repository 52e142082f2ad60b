import { z } from 'zod/v4';
import { LANGUAGES } from '../../platform/i18n.js';
import { idSchema, optionalIdSchema } from '../../platform/ids.js';
import { personSchema } from '../programmes/schema.js';

/**
 * The privacy vocabulary. A "my data" link lets a person download what is stored about them as a JSON file for a
 * short while: the token in the URL is the document's id (in `downloads`), and the file is made when opened.
 */
export const downloadLinkSchema = z.object({
  /** `my-data:<token>` */
  id: z.string(),
  type: z.literal('myData'),
  /** Who the file is about: their name heads the file. */
  person: personSchema,
  language: z.enum(LANGUAGES).default('sv'),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type DownloadLink = z.infer<typeof downloadLinkSchema>;

/** A coordinator erasing a member on request names the programme (their grant) and the member. */
export const memberRefSchema = z.object({ programmeId: idSchema, personId: optionalIdSchema });

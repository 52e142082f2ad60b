import { z } from 'zod/v4';
import { isValidIsoDate } from '../../platform/dates.js';
import { idSchema, optionalIdSchema } from '../../platform/ids.js';
import { LANGUAGES } from '../../platform/language.js';

/** The programme vocabulary: what a stored programme, its groups and the people around it look like. */
export const isoDateSchema = z.string().refine(isValidIsoDate, { message: 'expected a date like 2027-03-29' });

export const personSchema = z.object({ id: z.string().min(1), name: z.string() });
export type Person = z.infer<typeof personSchema>;

export const OUTPUT_KINDS = ['kitPlan', 'video', 'other'] as const;
export const outputKindSchema = z.enum(OUTPUT_KINDS);
export type OutputKind = z.infer<typeof outputKindSchema>;

export const expectedOutputSchema = z.object({
  id: z.string().min(1),
  kind: outputKindSchema,
  title: z.string().min(1),
  dueDate: isoDateSchema,
});
export type ExpectedOutput = z.infer<typeof expectedOutputSchema>;

export const groupSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().default(''),
  outputs: z.array(expectedOutputSchema).default([]),
  /** The Teams channel or group chat where the group talks, once a coordinator has linked it. */
  conversationId: z.string().optional(),
  /**
   * Signed into every link that opens without signing in (calendar files, videos); raised when someone leaves the
   * group or a coordinator renews the links, which makes every earlier link stop working.
   */
  linkVersion: z.number().int().nonnegative().optional(),
});
export type Group = z.infer<typeof groupSchema>;

export const regionSchema = z.object({
  /** Set when the region is a whole county; the municipality list is then that county's at creation time. */
  countyCode: z.string().optional(),
  municipalityCodes: z.array(z.string()).min(1),
});
export type Region = z.infer<typeof regionSchema>;

export const programmeSchema = z.object({
  id: z.string(),
  type: z.literal('programme'),
  programmeId: z.string(),
  name: z.string().min(1),
  region: regionSchema,
  signUpDeadline: isoDateSchema,
  presentationDay: isoDateSchema,
  coordinators: z.array(personSchema),
  regionalStaff: z.array(personSchema).default([]),
  groups: z.array(groupSchema),
  /**
   * The language of what the bot posts for the whole group (polls, agendas, reminders in the groups' channels).
   * Replies to one person follow that person's Teams language instead.
   */
  language: z.enum(LANGUAGES).default('sv'),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Set once its retention time ran out and its personal data was erased or anonymised (features/privacy). */
  personalDataRemovedAt: z.string().optional(),
});
export type Programme = z.infer<typeof programmeSchema>;

/** A Teams conversation linked to a group; the reference lets later features post there proactively. */
export const conversationLinkSchema = z.object({
  id: z.string(),
  programmeId: z.string(),
  groupId: z.string(),
  reference: z.record(z.string(), z.unknown()),
  linkedBy: personSchema,
  linkedAt: z.string(),
});
export type ConversationLink = z.infer<typeof conversationLinkSchema>;

export const PROGRAMME_ROLES = ['coordinator', 'regionalStaff'] as const;
export const programmeRoleSchema = z.enum(PROGRAMME_ROLES);
export type ProgrammeRole = z.infer<typeof programmeRoleSchema>;

/** Card actions that point at a programme, or at a group in it. */
export const programmeRefSchema = z.object({ programmeId: idSchema });
export const groupRefSchema = programmeRefSchema.extend({ groupId: idSchema });
export const optionalGroupRefSchema = programmeRefSchema.extend({ groupId: idSchema.optional() });

/**
 * The import file (see IMPORT.md). Strict, so a misspelt key ("descripton") is reported instead of silently
 * dropped. A custom issue's message names its translation under `programmes:errors.import`.
 */
const importDateSchema = z.string().refine(isValidIsoDate, { message: 'badDate' });

export const programmeImportSchema = z.strictObject({
  name: z.string().min(1),
  region: z
    .strictObject({ county: z.string().min(1).optional(), municipalities: z.array(z.string()).min(1).optional() })
    .refine((region) => region.county !== undefined || region.municipalities !== undefined, {
      message: 'regionMissing',
    }),
  signUpDeadline: importDateSchema,
  presentationDay: importDateSchema,
  language: z.enum(LANGUAGES).optional(),
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        description: z.string().optional(),
        outputs: z
          .array(z.strictObject({ kind: outputKindSchema, title: z.string().min(1), dueDate: importDateSchema }))
          .optional(),
      }),
    )
    .default([]),
});
export type ProgrammeImport = z.infer<typeof programmeImportSchema>;

/** Card inputs arrive as strings, and a client may leave an empty one out. */
const cardText = z.string().trim().max(2000).default('');

/**
 * The programme form. Group and output inputs are numbered (`group1Name`, `group1Output2Title`, see forms.ts),
 * so any other key must be a string as well.
 */
export const programmeFormSchema = z
  .object({
    name: cardText,
    countyCode: cardText,
    municipalityCodes: cardText,
    signUpDeadline: cardText,
    presentationDay: cardText,
    language: cardText,
  })
  .catchall(z.string().max(2000));
export type ProgrammeForm = z.infer<typeof programmeFormSchema>;

export const programmeUpdateSchema = programmeFormSchema.extend(programmeRefSchema.shape);

/** The group form sends one numbered group; no groupId (or an empty one) adds a new group. */
export const groupFormSchema = z
  .object({ programmeId: idSchema, groupId: optionalIdSchema })
  .catchall(z.string().max(2000));
export type GroupForm = z.infer<typeof groupFormSchema>;

export const roleFormSchema = programmeRefSchema.extend({
  personId: optionalIdSchema,
  personName: z.string().trim().max(200).default(''),
  role: programmeRoleSchema,
});

export const roleRefSchema = programmeRefSchema.extend({ personId: idSchema, role: programmeRoleSchema });

/** The link card's choice carries both ids as "programmeId|groupId", since a ChoiceSet value is one string. */
export const linkChoiceSchema = z
  .object({ target: z.string().regex(/^[^|]+\|[^|]+$/) })
  .transform(({ target }) => {
    const [programmeId, groupId] = target.split('|') as [string, string];
    return { programmeId, groupId };
  })
  .pipe(groupRefSchema);

export function linkChoiceValue(programmeId: string, groupId: string): string {
  return `${programmeId}|${groupId}`;
}

export const IMPORT_MAX_BYTES = 256 * 1024;

export const importFormSchema = z.object({ json: z.string().max(IMPORT_MAX_BYTES).default('') });

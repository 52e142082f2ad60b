import { z } from 'zod/v4';
import { LANGUAGES } from '../../platform/i18n.js';
import { idSchema, optionalIdSchema } from '../../platform/ids.js';
import { personSchema } from '../programmes/schema.js';

/** The membership vocabulary: who represents which municipality in which groups of a programme. */
export const CHANNELS = ['teams', 'facebook', 'whatsapp', 'other'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

export const membershipSchema = z.object({
  /** `membership:<person id>`: one document per person and programme, in the programme's partition. */
  id: z.string(),
  type: z.literal('membership'),
  programmeId: z.string(),
  person: personSchema,
  municipalityCode: z.string(),
  /** Empty after withdrawing from every group; the document stays so that "undo" can restore it. */
  groupIds: z.array(z.string()),
  preferredChannel: channelSchema,
  otherChannel: z.string().default(''),
  roleOrLibrary: z.string().default(''),
  /** Set when a coordinator signed the person up (also after the deadline). */
  addedBy: personSchema.optional(),
  /** How to reach the person 1:1 later (reminders): captured when they act themselves, absent if only added. */
  contact: z
    .object({
      teamsUserId: z.string(),
      botId: z.string(),
      tenantId: z.string().optional(),
      serviceUrl: z.string(),
      language: z.enum(LANGUAGES).default('sv'),
      conversationId: z.string().optional(),
    })
    .optional(),
  lastWithdrawal: z.object({ groupIds: z.array(z.string()), at: z.string() }).optional(),
  signedUpAt: z.string(),
  updatedAt: z.string(),
});
export type Membership = z.infer<typeof membershipSchema>;

export function membershipId(personId: string): string {
  return `membership:${personId}`;
}

/** Card inputs arrive as strings; a multi-select ChoiceSet sends "a,b". */
const groupIdList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((id) => id.trim()).filter(Boolean))
  .pipe(z.array(idSchema));

/** What the sign-up card sends. Unknown groups or municipalities are refused by the domain, not here. */
export const signUpInputSchema = z.object({
  programmeId: idSchema,
  groupIds: groupIdList,
  municipalityCode: z.string().trim().default(''),
  preferredChannel: z.string().trim().default(''),
  otherChannel: z.string().trim().default(''),
  roleOrLibrary: z.string().trim().max(200).default(''),
});
export type SignUpInput = z.infer<typeof signUpInputSchema>;

/** The coordinator's version of the form also names the person. */
export const addMemberInputSchema = signUpInputSchema.extend({
  personId: optionalIdSchema,
  personName: z.string().trim().default(''),
});
export type AddMemberInput = z.infer<typeof addMemberInputSchema>;

import { z } from 'zod/v4';
import { isValidIsoDate } from '../../platform/dates.js';

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
  createdAt: z.string(),
  updatedAt: z.string(),
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

export type ProgrammeRole = 'coordinator' | 'regionalStaff';

/** Card actions that point at a programme, or at a group in it. */
export const programmeRefSchema = z.object({ programmeId: z.string().min(1) });
export const groupRefSchema = programmeRefSchema.extend({ groupId: z.string().min(1) });
export const optionalGroupRefSchema = programmeRefSchema.extend({ groupId: z.string().optional() });

import { z } from 'zod/v4';
import { LANGUAGES } from '../../platform/i18n.js';
import { idSchema } from '../../platform/ids.js';
import { outputKindSchema, personSchema } from '../programmes/schema.js';

/**
 * The outputs vocabulary. Each group's expected output (defined with the programme: kind, title, due date) gets one
 * document once someone works on it, in the programme's partition of `outputs`; an output without a document has
 * not been started. The running order of the presentation day and export links live in the same partition.
 */
export const STATUSES = ['notStarted', 'draft', 'submitted', 'returned', 'approved'] as const;
export const statusSchema = z.enum(STATUSES);
export type OutputStatus = z.infer<typeof statusSchema>;

/** A row of the kit plan; prices in Swedish kronor with at most two decimals. */
export const kitItemSchema = z.object({
  name: z.string(),
  description: z.string().default(''),
  /** Missing only in a draft: a submitted plan has every quantity and price. */
  quantity: z.number().int().positive().optional(),
  unitPrice: z.number().nonnegative().optional(),
  supplier: z.string().default(''),
});
export type KitItem = z.infer<typeof kitItemSchema>;

export const kitPlanSchema = z.object({
  name: z.string(),
  purpose: z.string().default(''),
  targetGroups: z.string().default(''),
  items: z.array(kitItemSchema).default([]),
  loanPeriod: z.string().default(''),
  whoMayBook: z.string().default(''),
  pickupAndReturn: z.string().default(''),
  maintainedBy: z.string().default(''),
});
export type KitPlan = z.infer<typeof kitPlanSchema>;

/** A video is a file the bot stored in Blob Storage, or a link to where it already is (SharePoint, Stream, ...). */
export const videoSchema = z.discriminatedUnion('source', [
  z.object({
    source: z.literal('file'),
    blobName: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    bytes: z.number(),
    /** As measured from the file itself. */
    durationSeconds: z.number(),
  }),
  z.object({
    source: z.literal('link'),
    url: z.string(),
    /** As stated by the member: a link's length cannot be measured. */
    durationSeconds: z.number(),
  }),
]);
export type Video = z.infer<typeof videoSchema>;

export const ACTIONS = ['save', 'submit', 'approve', 'return', 'reopen'] as const;
export type OutputAction = (typeof ACTIONS)[number];

export const historyEntrySchema = z.object({
  action: z.enum(ACTIONS),
  from: statusSchema,
  to: statusSchema,
  by: personSchema,
  at: z.string(),
  comment: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const outputSchema = z.object({
  /** `output:<groupId>:<outputId>`: one document per expected output of a group. */
  id: z.string(),
  type: z.literal('output'),
  programmeId: z.string(),
  groupId: z.string(),
  outputId: z.string(),
  kind: outputKindSchema,
  status: statusSchema,
  kitPlan: kitPlanSchema.optional(),
  video: videoSchema.optional(),
  /** Set by "send as file": the next video this person sends in personal chat is for this output. */
  awaitingFile: z.object({ personId: z.string(), until: z.string() }).optional(),
  submittedBy: personSchema.optional(),
  submittedAt: z.string().optional(),
  /** The reviewer's latest comment, shown to the group while the output is returned. */
  reviewComment: z.string().optional(),
  reviewedBy: personSchema.optional(),
  reviewedAt: z.string().optional(),
  updatedBy: personSchema.optional(),
  updatedAt: z.string(),
  history: z.array(historyEntrySchema).default([]),
});
export type Output = z.infer<typeof outputSchema>;

/**
 * Everything the outbox sends about a programme's outputs (reminders, review notices, the running order, a received
 * video's answer), so the overview can name in one query who was not reached.
 */
export const outputsOrigin = (programmeId: string): string => `outputs:${programmeId}`;

export function outputDocumentId(groupId: string, outputId: string): string {
  return `output:${groupId}:${outputId}`;
}

/** The presentation day's running order: one slot per group, in order, each with its minutes. */
export const runningOrderSchema = z.object({
  id: z.literal('running-order'),
  type: z.literal('runningOrder'),
  programmeId: z.string(),
  startTime: z.string(),
  slots: z.array(z.object({ groupId: z.string(), minutes: z.number().int().positive() })),
  updatedBy: personSchema,
  updatedAt: z.string(),
  postedAt: z.string().optional(),
});
export type RunningOrder = z.infer<typeof runningOrderSchema>;

/** An export link: who asked, until when it works. The token in the URL is the document's id. */
export const exportLinkSchema = z.object({
  id: z.string(),
  type: z.literal('export'),
  programmeId: z.string(),
  /** The files are written in the language of the person who asked. */
  language: z.enum(LANGUAGES).default('sv'),
  createdBy: personSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type ExportLink = z.infer<typeof exportLinkSchema>;

/** Card actions that point at one output of one group. */
export const outputRefSchema = z.object({ programmeId: idSchema, groupId: idSchema, outputId: idSchema });
export type OutputRef = z.infer<typeof outputRefSchema>;

/** Card inputs arrive as strings, and a client may leave an empty one out. */
const cardText = (max: number) => z.string().max(max).default('');

/**
 * The kit plan form. `etag` is the version the form was rendered from ('' before the first save), so a save made
 * on a stale form is refused instead of overwriting someone else's. Item inputs are numbered (`item3Quantity`).
 */
export const kitPlanFormSchema = outputRefSchema
  .extend({
    etag: z.string().default(''),
    rows: z.string().default(''),
    name: cardText(200),
    purpose: cardText(2000),
    targetGroups: cardText(500),
    loanPeriod: cardText(500),
    whoMayBook: cardText(500),
    pickupAndReturn: cardText(1000),
    maintainedBy: cardText(500),
  })
  .catchall(z.string().max(1000));
export type KitPlanForm = z.infer<typeof kitPlanFormSchema>;

export const videoLinkFormSchema = outputRefSchema.extend({ url: cardText(2000), length: cardText(20) });

/** Review actions carry the version the reviewer saw, so they never approve something they have not seen. */
export const reviewSchema = outputRefSchema.extend({ etag: z.string().min(1), comment: cardText(2000) });

export const submitSchema = outputRefSchema.extend({ etag: z.string().min(1) });

export const slotMoveSchema = z.object({
  programmeId: idSchema,
  groupId: idSchema,
  direction: z.enum(['up', 'down']),
});

/** The running order form: a start time and each group's minutes (`minutes_<groupId>`). */
export const runningOrderFormSchema = z
  .object({ programmeId: idSchema, startTime: cardText(10) })
  .catchall(z.string().max(20));

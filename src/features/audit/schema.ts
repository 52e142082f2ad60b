import { z } from 'zod/v4';
import { idSchema } from '../../platform/ids.js';
import { personSchema, programmeRoleSchema } from '../programmes/schema.js';

/**
 * The audit vocabulary: one entry per change made by a coordinator or regional staff (and per erasure and
 * retention run), in the programme's partition of `audit`. An entry names who did what to which object and when,
 * with a short before/after summary, and no more personal data than that: the actor, and the person the change was
 * about when there is one.
 */
export const auditEntrySchema = z.object({
  /** `audit:<uuid>` */
  id: z.string(),
  type: z.literal('audit'),
  /** The programme the change was made in, or REGION_LOG for what belongs to none (a person erasing their data). */
  programmeId: z.string(),
  at: z.string(),
  /** Absent when the bot itself acted (the retention job). */
  actor: personSchema.optional(),
  /** The actor's role in the programme when they acted; absent for people acting for themselves. */
  role: programmeRoleSchema.optional(),
  /** The listener's name: a card verb (`outputs.approve`), a command id (`export`), or a job (`privacy.retention`). */
  action: z.string(),
  object: z.object({ kind: z.string(), id: z.string(), label: z.string().optional() }).optional(),
  group: z.object({ id: z.string(), name: z.string() }).optional(),
  subject: personSchema.optional(),
  before: z.string().optional(),
  after: z.string().optional(),
  /** Documents written, by container: what the change touched. */
  changed: z.record(z.string(), z.number()).default({}),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** The partition of entries that belong to no programme: erasures asked for by the person themselves. */
export const REGION_LOG = '_region';

export const auditLogRefSchema = z.object({ programmeId: idSchema });

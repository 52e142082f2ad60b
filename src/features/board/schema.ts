import { z } from 'zod/v4';
import { idSchema } from '../../platform/ids.js';
import type { Representation } from '../../platform/map/draw.js';
import type { OutputKind } from '../programmes/schema.js';
import type { OutputStatus } from '../outputs/schema.js';

/**
 * The board's vocabulary: what its JSON API takes (zod) and gives (types the web client imports as types only).
 * A role decides what each view contains; nothing a person may not see is sent and then hidden.
 */
export type BoardRole = 'coordinator' | 'regionalStaff' | 'member';

export type ProgrammeSummary = { programmeId: string; name: string; role: BoardRole };
export type Me = { name: string; programmes: ProgrammeSummary[] };

export type MunicipalityRow = {
  code: string;
  name: string;
  representation: Representation;
  /** One entry per visible group, in the programme's order. */
  groups: { groupId: string; representatives: string[] }[];
};

export type KitPlanView = {
  name: string;
  purpose: string;
  targetGroups: string;
  items: {
    name: string;
    description: string;
    quantity?: number;
    unitPrice?: number;
    supplier: string;
    line?: number;
  }[];
  total: number;
  loanPeriod: string;
  whoMayBook: string;
  pickupAndReturn: string;
  maintainedBy: string;
};

export type VideoView =
  | { source: 'file'; fileName: string; durationSeconds: number }
  | { source: 'link'; url: string; durationSeconds: number };

export type OutputRow = {
  groupId: string;
  groupName: string;
  outputId: string;
  title: string;
  kind: OutputKind;
  status: OutputStatus;
  dueDate: string;
  submittedBy?: string;
  submittedAt?: string;
  reviewComment?: string;
  /** The version shown; a review carries it back so nobody approves what they have not seen. */
  etag?: string;
  kitPlan?: KitPlanView;
  video?: VideoView;
  mayApprove: boolean;
  mayReturn: boolean;
};

export type PollDay = {
  optionId: string;
  date: string;
  part: string;
  yes: number;
  ifNeedBe: number;
  no: number;
  /** Names of the region's municipalities nobody could come from that day. */
  missing: string[];
};

export type PollChart = {
  pollId: string;
  groupId: string;
  groupName: string;
  question: string;
  status: 'open' | 'closed';
  days: PollDay[];
  recommendedOptionId?: string;
};

export type RunningOrderView = {
  startTime: string;
  postedAt?: string;
  slots: { groupId: string; groupName: string; minutes: number; start: string; end: string }[];
};

export type BoardView = {
  programme: { programmeId: string; name: string; presentationDay: string };
  role: BoardRole;
  may: { review: boolean; planDay: boolean };
  groups: { id: string; name: string }[];
  municipalities: MunicipalityRow[];
  outputs: OutputRow[];
  polls: PollChart[];
  runningOrder?: RunningOrderView;
};

export const outputParamsSchema = z.object({ programmeId: idSchema, groupId: idSchema, outputId: idSchema });

export const reviewBodySchema = z.object({
  action: z.enum(['approve', 'return']),
  etag: z.string().min(1).max(200),
  comment: z.string().max(2000).default(''),
});

export const slotMoveBodySchema = z.object({
  groupId: idSchema,
  direction: z.enum(['up', 'down']),
});

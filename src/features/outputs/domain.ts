import { Refusal } from '../../platform/refusal.js';
import type { ExpectedOutput, Group, Person } from '../programmes/schema.js';
import { outputDocumentId, type HistoryEntry, type Output, type OutputAction, type OutputStatus } from './schema.js';

/* ------------------------------------------------------------------------------------------------------------
 * Status: who may move an output from which status to which. Members of the group work on it; regional staff
 * and coordinators of the programme review it. Nobody edits an approved output; a reviewer can reopen it.
 * ------------------------------------------------------------------------------------------------------------ */

/** In which capacity someone acts on an output: as a member of its group, or as its programme's staff. */
export type Capacity = 'member' | 'reviewer';

export type Transition = { action: OutputAction; by: Capacity; from: readonly OutputStatus[]; to: OutputStatus };

export const TRANSITIONS: readonly Transition[] = [
  { action: 'save', by: 'member', from: ['notStarted', 'draft', 'returned'], to: 'draft' },
  { action: 'submit', by: 'member', from: ['notStarted', 'draft', 'returned'], to: 'submitted' },
  { action: 'approve', by: 'reviewer', from: ['submitted'], to: 'approved' },
  { action: 'return', by: 'reviewer', from: ['submitted'], to: 'returned' },
  { action: 'reopen', by: 'reviewer', from: ['approved'], to: 'returned' },
];

/** Returning or reopening tells the group what to change, so it needs a comment. */
const NEEDS_COMMENT: readonly OutputAction[] = ['return', 'reopen'];

export function capacitiesOf(isMember: boolean, isReviewer: boolean): Capacity[] {
  return [...(isMember ? (['member'] as const) : []), ...(isReviewer ? (['reviewer'] as const) : [])];
}

/** The status an action leads to, or a Refusal saying why this person cannot do it now. */
export function nextStatus(
  status: OutputStatus,
  action: OutputAction,
  capacities: readonly Capacity[],
  names: { group: string; programme: string },
): OutputStatus {
  const transition = TRANSITIONS.find((t) => t.action === action)!;
  if (!capacities.includes(transition.by)) {
    throw transition.by === 'member'
      ? new Refusal('outputs:errors.membersOnly', { group: names.group })
      : new Refusal('outputs:errors.reviewersOnly', { programme: names.programme });
  }
  if (!transition.from.includes(status)) {
    if (status === 'approved') throw new Refusal('outputs:errors.alreadyApproved');
    if (transition.by === 'member') throw new Refusal('outputs:errors.awaitingReview');
    throw new Refusal(action === 'reopen' ? 'outputs:errors.notApproved' : 'outputs:errors.notSubmitted');
  }
  return transition.to;
}

/** Who may do what, for showing buttons: the same table, asked without throwing. */
export function mayDo(status: OutputStatus, action: OutputAction, capacities: readonly Capacity[]): boolean {
  return TRANSITIONS.some((t) => t.action === action && capacities.includes(t.by) && t.from.includes(status));
}

const HISTORY_LIMIT = 50;

/** An output as it stands before anyone worked on it. */
export function newOutput(programmeId: string, group: Group, expected: ExpectedOutput, now: Date): Output {
  return {
    id: outputDocumentId(group.id, expected.id),
    type: 'output',
    programmeId,
    groupId: group.id,
    outputId: expected.id,
    kind: expected.kind,
    status: 'notStarted',
    updatedAt: now.toISOString(),
    history: [],
  };
}

export type Actor = { person: Person; capacities: readonly Capacity[]; group: string; programme: string };

/**
 * Applies an action: checks it against the table (and the comment rule), moves the status, records who did it
 * and when. `content` carries what the action changes besides the status (a plan, a video).
 */
export function applyAction(
  output: Output,
  action: OutputAction,
  actor: Actor,
  now: Date,
  options: { comment?: string; content?: Partial<Pick<Output, 'kitPlan' | 'video'>> } = {},
): Output {
  const to = nextStatus(output.status, action, actor.capacities, actor);
  const comment = options.comment?.trim() ?? '';
  if (NEEDS_COMMENT.includes(action) && !comment) throw new Refusal('outputs:errors.commentRequired');
  const at = now.toISOString();
  const entry: HistoryEntry = {
    action,
    from: output.status,
    to,
    by: actor.person,
    at,
    ...(comment ? { comment } : {}),
  };
  const { awaitingFile: _done, ...rest } = output;
  return {
    ...(action === 'submit' ? rest : output),
    ...options.content,
    status: to,
    ...(action === 'submit' ? { submittedBy: actor.person, submittedAt: at } : {}),
    ...(action === 'approve' || action === 'return' || action === 'reopen'
      ? {
          reviewedBy: actor.person,
          reviewedAt: at,
          ...(comment ? { reviewComment: comment } : { reviewComment: undefined }),
        }
      : {}),
    updatedBy: actor.person,
    updatedAt: at,
    history: [...output.history, entry].slice(-HISTORY_LIMIT),
  };
}

import type { Stored } from '../../platform/cosmos/documents.js';
import type { Starter } from '../../platform/outbox/follow-up.js';
import { Refusal } from '../../platform/refusal.js';
import type { GroupAccess } from '../membership/access.js';
import { actorOf, loadOutput, type OutputContext } from './output-context.js';
import type { OutputsDeps } from './deps.js';
import { applyAction } from './domain.js';
import type { Output, OutputRef } from './schema.js';
import { StaleVersion } from './store.js';
import { tellOfReview, type ReviewNotice } from './review-notice.js';

export type ReviewAction = 'approve' | 'return' | 'reopen';

export type ReviewInput = OutputRef & { etag: string; comment: string };

/**
 * What came of a review: saved, and who was told (see review-notice.ts), or stale: the output changed since the
 * reviewer saw it, nothing was written, and `context` holds the latest.
 */
export type ReviewOutcome =
  | { kind: 'saved'; context: OutputContext & { output: Stored<Output> }; told: ReviewNotice }
  | { kind: 'stale'; context: OutputContext };

/**
 * Regional staff and coordinators approve a submitted output, return it with a comment, or reopen an approved one,
 * from chat or from the board: the rules are the domain's table, the version is the one the reviewer saw, and the
 * group is told in its linked channel (the submitter 1:1 when it has none). Needs no Teams turn, only who acts and
 * when.
 */
export async function reviewOutput(
  deps: OutputsDeps,
  access: GroupAccess,
  input: ReviewInput,
  action: ReviewAction,
  now: Date,
  /** The reviewer in Teams, told 1:1 if the notice does not arrive (none on the board). */
  starter?: Starter,
): Promise<ReviewOutcome> {
  const { person } = access;
  const context = await loadOutput(deps, access, input.outputId);
  if (!context.capacities.includes('reviewer'))
    throw new Refusal('outputs:errors.reviewersOnly', { programme: context.programme.name });
  if (!context.output || context.output._etag !== input.etag) return { kind: 'stale', context };

  const { _etag, ...current } = context.output;
  const next = applyAction(current, action, actorOf(person, context), now, { comment: input.comment });
  let saved: Stored<Output>;
  try {
    saved = await deps.outputs.saveIfUnchanged(next, _etag);
  } catch (error) {
    if (!(error instanceof StaleVersion)) throw error;
    const { output: _seen, ...rest } = context;
    return { kind: 'stale', context: error.latest ? { ...rest, output: error.latest } : rest };
  }

  const told = await tellOfReview(deps, context, saved, action, person, input.comment, starter);
  return { kind: 'saved', context: { ...context, output: saved }, told };
}

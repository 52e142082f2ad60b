import type { TFunction } from '../../platform/i18n.js';
import { Refusal } from '../../platform/refusal.js';
import { reviewOutput } from '../outputs/reviewing.js';
import type { Person } from '../programmes/schema.js';
import { programmeFor } from './viewing.js';
import type { BoardDeps } from './deps.js';
import { outputRows } from './domain.js';
import type { OutputRow } from './schema.js';

export type BoardReviewAnswer = { outcome: 'saved' | 'stale'; message: string; output?: OutputRow };

/**
 * Approve or return from the page: the very use case chat runs (same rules, same version check, the group told in
 * its channel); the answer is the output's new row and a sentence saying what happened.
 */
export async function reviewFromBoard(
  deps: BoardDeps,
  person: Person,
  t: TFunction,
  input: { programmeId: string; groupId: string; outputId: string; etag: string; comment: string },
  action: 'approve' | 'return',
): Promise<BoardReviewAnswer> {
  const { access } = await programmeFor(deps, person, input.programmeId);
  const group = access.groups.find((granted) => granted.group.id === input.groupId);
  if (!group) throw new Refusal('board:errors.notYourGroup');
  const outcome = await reviewOutput(deps, group, input, action, deps.clock());
  const row = outputRows([outcome.context], access)[0];
  if (outcome.kind === 'stale') {
    const who = outcome.context.output?.updatedBy?.name ?? t('outputs:errors.someoneElse');
    return { outcome: 'stale', message: t('outputs:errors.stale', { person: who }), ...(row ? { output: row } : {}) };
  }
  const { group: told, output } = outcome.context;
  const values = { group: told.name, person: output.submittedBy?.name ?? '' };
  const message = `${t(`outputs:confirmations.${action}`)} ${t(`outputs:confirmations.${outcome.told}`, values)}`;
  return { outcome: 'saved', message, ...(row ? { output: row } : {}) };
}

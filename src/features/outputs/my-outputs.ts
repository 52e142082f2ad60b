import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import type { OutputView } from './cards.js';
import { outputsListCard } from './list-cards.js';
import type { OutputsDeps } from './deps.js';
import { overview, programmeOutputs } from './gathering.js';

/**
 * "resultat": in a group's channel, that group's outputs (the route lets in its readers); in personal chat, the
 * outputs of every group the person is in. Staff who are in no group get the overview of the programme(s) they oversee instead.
 */
export async function myOutputs(turn: Turn, deps: OutputsDeps, here: GroupAccess | undefined): Promise<CardReply> {
  if (here) {
    const views = (await programmeOutputs(deps, here.programme)).filter((view) => view.group.id === here.group.id);
    return outputsListCard(turn, {
      title: turn.t('outputs:cards.list.title', { group: here.group.name }),
      outputs: views,
    });
  }
  const mine = (await deps.gate.groupsOf(turn.person, 'member')).filter((access) => access.group.outputs.length > 0);
  const views: OutputView[] = [];
  for (const programmeId of new Set(mine.map((access) => access.programme.programmeId))) {
    const programme = mine.find((access) => access.programme.programmeId === programmeId)!.programme;
    const groups = new Set(mine.filter((a) => a.programme.programmeId === programmeId).map((a) => a.group.id));
    views.push(...(await programmeOutputs(deps, programme)).filter((view) => groups.has(view.group.id)));
  }
  if (views.length > 0) return outputsListCard(turn, { title: turn.t('outputs:cards.list.titleMine'), outputs: views });
  const overseen = await deps.gate.programmes.programmesOf(turn.person, 'staff');
  if (overseen.length === 1) return overview(turn, deps, overseen[0]!);
  if (overseen.length > 1) {
    return chooseCard(
      turn.t('outputs:choose.programme'),
      overseen.map(({ programme }) => ({
        title: programme.name,
        verb: 'outputs.overview',
        programmeId: programme.programmeId,
      })),
    );
  }
  const inAnyGroup = (await deps.gate.groupsOf(turn.person, 'member')).length > 0;
  throw new Refusal(inAnyGroup ? 'outputs:errors.noOutputs' : 'outputs:errors.noGroups');
}

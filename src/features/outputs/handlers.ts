import { Refusal } from '../../platform/refusal.js';
import { chooseCard } from '../../platform/teams/choose-card.js';
import type { Listeners } from '../../platform/teams/listeners.js';
import type { Turn } from '../../platform/teams/turn.js';
import { isMemberOf } from '../membership/domain.js';
import { canOverview } from '../programmes/domain.js';
import { programmeRefSchema, type Programme } from '../programmes/schema.js';
import { capacitiesIn, loadOutput, showOutput } from './access.js';
import { outputsListCard, type OutputView } from './cards.js';
import type { OutputsDeps } from './deps.js';
import { exportFile, overseenProgrammes, overview, programmeOutputs, startExport } from './gathering.js';
import { kitPlanForm, moreRows, saveKitPlan, submitStoredPlan } from './kit-plan.js';
import { dueReminders } from './reminders.js';
import { review } from './review.js';
import { moveInRunningOrder, postRunningOrder, saveRunningOrder, showRunningOrder } from './running-order.js';
import {
  kitPlanFormSchema,
  outputRefSchema,
  reviewSchema,
  runningOrderFormSchema,
  slotMoveSchema,
  submitSchema,
  videoLinkFormSchema,
} from './schema.js';
import { acceptVideoFile, expectFile, isSentFile, submitVideoLink, videoLinkForm } from './video.js';

/**
 * Outputs: each group's deliverables (a kit plan filled in on cards, a video sent as a file or a link), reviewed by
 * regional staff and coordinators, reminded before their due dates, and gathered for the presentation day: a
 * status overview, an export (HTML report + CSV) and a running order posted as the day's agenda.
 */
export function registerOutputs({ router, scheduler, http }: Listeners, deps: OutputsDeps): void {
  const background = backgroundWork(deps);

  router.command('outputs', (turn) => myOutputs(turn, deps));
  router.cardAction('outputs.view', outputRefSchema, async (turn, ref) =>
    showOutput(turn, deps, await loadOutput(deps, turn.person, ref)),
  );

  router.cardAction('outputs.kitPlanForm', outputRefSchema, (turn, ref) => kitPlanForm(turn, deps, ref));
  router.cardAction('outputs.kitPlanMoreRows', kitPlanFormSchema, (turn, form) => moreRows(turn, deps, form));
  router.cardAction('outputs.kitPlanSave', kitPlanFormSchema, (turn, form) => saveKitPlan(turn, deps, form, 'save'));
  router.cardAction('outputs.kitPlanSubmit', kitPlanFormSchema, (turn, form) =>
    saveKitPlan(turn, deps, form, 'submit'),
  );
  router.cardAction('outputs.submit', submitSchema, (turn, input) => submitStoredPlan(turn, deps, input));

  router.cardAction('outputs.videoLinkForm', outputRefSchema, (turn, ref) => videoLinkForm(turn, deps, ref));
  router.cardAction('outputs.videoLink', videoLinkFormSchema, (turn, input) => submitVideoLink(turn, deps, input));
  router.cardAction('outputs.expectFile', outputRefSchema, (turn, ref) => expectFile(turn, deps, ref));
  router.fileMessage(isSentFile, (turn, attachment) => acceptVideoFile(turn, deps, attachment, background));

  router.cardAction('outputs.approve', reviewSchema, (turn, input) => review(turn, deps, input, 'approve'));
  router.cardAction('outputs.return', reviewSchema, (turn, input) => review(turn, deps, input, 'return'));
  router.cardAction('outputs.reopen', reviewSchema, (turn, input) => review(turn, deps, input, 'reopen'));

  const forProgramme =
    (verb: string, title: string, show: (turn: Turn, programmeId: string) => ReturnType<typeof overview>) =>
    async (turn: Turn) => {
      const programmes = await overseenProgrammes(turn, deps);
      if (programmes.length === 1) return show(turn, programmes[0]!.programmeId);
      return chooseCard(
        turn.t(title),
        programmes.map((p) => ({ title: p.name, verb, programmeId: p.programmeId })),
      );
    };
  const showOverview = (turn: Turn, programmeId: string) => overview(turn, deps, programmeId);
  const exportFor = (turn: Turn, programmeId: string) => startExport(turn, deps, programmeId);
  const runningOrderFor = (turn: Turn, programmeId: string) => showRunningOrder(turn, deps, programmeId);
  router.command('overview', forProgramme('outputs.overview', 'outputs:choose.programme', showOverview));
  router.command('export', async (turn) => {
    if (turn.conversation.kind !== 'personal') throw new Refusal('outputs:errors.exportInPersonalChat');
    return forProgramme('outputs.export', 'outputs:choose.programme', exportFor)(turn);
  });
  router.command('presentationDay', forProgramme('outputs.runningOrder', 'outputs:choose.programme', runningOrderFor));
  router.cardAction('outputs.overview', programmeRefSchema, (turn, { programmeId }) => showOverview(turn, programmeId));
  router.cardAction('outputs.export', programmeRefSchema, (turn, { programmeId }) => exportFor(turn, programmeId));
  router.cardAction('outputs.runningOrder', programmeRefSchema, (turn, { programmeId }) =>
    runningOrderFor(turn, programmeId),
  );
  router.cardAction('outputs.moveSlot', slotMoveSchema, (turn, input) => moveInRunningOrder(turn, deps, input));
  router.cardAction('outputs.saveRunningOrder', runningOrderFormSchema, (turn, form) =>
    saveRunningOrder(turn, deps, form),
  );
  router.cardAction('outputs.postRunningOrder', runningOrderFormSchema, (turn, form) =>
    postRunningOrder(turn, deps, form),
  );

  scheduler.register('outputs.reminders', dueReminders(deps));
  http.get('/outputs/export/:programmeId/:token/:file', exportFile(deps));
}

/**
 * "resultat": in a group's channel, that group's outputs; in personal chat, the outputs of every group the person
 * is in. Staff who are in no group get the overview of the programme(s) they oversee instead.
 */
async function myOutputs(turn: Turn, deps: OutputsDeps) {
  const all = await deps.programmes.list();
  if (turn.conversation.kind !== 'personal') {
    const link = await deps.programmes.findLink(turn.conversation.id);
    const programme = link && all.find((p) => p.programmeId === link.programmeId);
    const group = link && programme?.groups.find((g) => g.id === link.groupId);
    if (programme && group) {
      if ((await capacitiesIn(deps, programme, group.id, turn.person.id)).length === 0) {
        throw new Refusal('outputs:errors.notInGroup', { group: group.name });
      }
      const views = (await programmeOutputs(deps, programme)).filter((view) => view.group.id === group.id);
      return outputsListCard(turn, {
        title: turn.t('outputs:cards.list.title', { group: group.name }),
        outputs: views,
      });
    }
  }
  const views: OutputView[] = [];
  for (const programme of all) {
    const membership = await deps.memberships.get(programme.programmeId, turn.person.id);
    const mine = programme.groups.filter((g) => isMemberOf(membership, g.id) && g.outputs.length > 0);
    if (mine.length === 0) continue;
    views.push(...(await programmeOutputs(deps, programme)).filter((view) => mine.some((g) => g.id === view.group.id)));
  }
  if (views.length > 0) return outputsListCard(turn, { title: turn.t('outputs:cards.list.titleMine'), outputs: views });
  const overseen = all.filter((programme: Programme) => canOverview(programme, turn.person.id));
  if (overseen.length === 1) return overview(turn, deps, overseen[0]!.programmeId);
  if (overseen.length > 1) {
    return chooseCard(
      turn.t('outputs:choose.programme'),
      overseen.map((p) => ({ title: p.name, verb: 'outputs.overview', programmeId: p.programmeId })),
    );
  }
  const inAnyGroup = await Promise.all(all.map((p) => deps.memberships.get(p.programmeId, turn.person.id)));
  throw new Refusal(
    inAnyGroup.some((m) => m && m.groupIds.length > 0) ? 'outputs:errors.noOutputs' : 'outputs:errors.noGroups',
  );
}

/**
 * Work that outlives the turn that started it (receiving a video). Failures are logged, never thrown into the
 * void; the work itself tells the person how it went.
 */
function backgroundWork({ logger }: OutputsDeps): (work: () => Promise<void>) => void {
  return (work) => {
    void work().catch((error: unknown) => logger.error({ err: error }, 'background work failed'));
  };
}

import type { Listeners } from '../../platform/teams/listeners.js';
import { anyone } from '../../platform/teams/router.js';
import { programmeRefSchema } from '../programmes/schema.js';
import type { OutputsDeps } from './deps.js';
import { exportFile, overview, startExport } from './gathering.js';
import { kitPlanForm, moreRows, saveKitPlan, submitStoredPlan } from './kit-plan.js';
import { myOutputs } from './my-outputs.js';
import { loadOutput, showOutput } from './output-context.js';
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
import { videoRedirect } from './video-links.js';
import { acceptVideoFile, expectFile, isSentFile, submitVideoLink, videoLinkForm } from './video.js';

/**
 * Outputs: each group's deliverables (a kit plan filled in on cards, a video sent as a file or a link), reviewed by
 * regional staff and coordinators, reminded before their due dates, and gathered for the presentation day: a
 * status overview, an export (HTML report + CSV) and a running order posted as the day's agenda. Who may do what
 * to an output (members work, staff review) is the rules table in domain.ts; the routes let in the group's readers.
 */
export function registerOutputs({ router, scheduler, http }: Listeners, deps: OutputsDeps): void {
  const { gate } = deps;
  const notInGroup = { refusal: 'outputs:errors.notInGroup' };
  const reader = gate.group('reader', notInGroup);
  const staff = gate.programmes.programme('staff');
  const staffIn = (verb: string) =>
    gate.programmes.anyProgramme('staff', {
      verb,
      title: 'outputs:choose.programme',
      none: 'outputs:errors.staffOnly',
    });

  router.command('outputs', gate.here('reader', notInGroup), 'reads', (turn, here) => myOutputs(turn, deps, here));
  router.cardAction('outputs.view', outputRefSchema, reader, 'reads', async (turn, group, ref) =>
    showOutput(turn, deps, await loadOutput(deps, group, ref.outputId)),
  );

  router.cardAction('outputs.kitPlanForm', outputRefSchema, reader, 'reads', (t, g, ref) =>
    kitPlanForm(t, deps, g, ref),
  );
  router.cardAction('outputs.kitPlanMoreRows', kitPlanFormSchema, reader, 'reads', (t, g, f) =>
    moreRows(t, deps, g, f),
  );
  router.cardAction('outputs.kitPlanSave', kitPlanFormSchema, reader, 'changes', (t, g, form) =>
    saveKitPlan(t, deps, g, form, 'save'),
  );
  router.cardAction('outputs.kitPlanSubmit', kitPlanFormSchema, reader, 'changes', (t, g, form) =>
    saveKitPlan(t, deps, g, form, 'submit'),
  );
  router.cardAction('outputs.submit', submitSchema, reader, 'changes', (t, g, i) => submitStoredPlan(t, deps, g, i));

  router.cardAction('outputs.videoLinkForm', outputRefSchema, reader, 'reads', (t, g, r) =>
    videoLinkForm(t, deps, g, r),
  );
  router.cardAction('outputs.videoLink', videoLinkFormSchema, reader, 'changes', (t, g, i) =>
    submitVideoLink(t, deps, g, i),
  );
  router.cardAction('outputs.expectFile', outputRefSchema, reader, 'changes', (t, g, ref) =>
    expectFile(t, deps, g, ref),
  );
  router.fileMessage('outputs.videoFile', isSentFile, anyone, 'changes', (turn, _, file) =>
    acceptVideoFile(turn, deps, file, deps.background),
  );

  router.cardAction('outputs.approve', reviewSchema, reader, 'changes', (t, g, i) => review(t, deps, g, i, 'approve'));
  router.cardAction('outputs.return', reviewSchema, reader, 'changes', (t, g, i) => review(t, deps, g, i, 'return'));
  router.cardAction('outputs.reopen', reviewSchema, reader, 'changes', (t, g, i) => review(t, deps, g, i, 'reopen'));

  router.command('overview', staffIn('outputs.overview'), 'reads', (turn, p) => overview(turn, deps, p));
  router.command('export', staffIn('outputs.export'), 'changes', (turn, p) => startExport(turn, deps, p));
  router.command('presentationDay', staffIn('outputs.runningOrder'), 'reads', (t, p) => showRunningOrder(t, deps, p));
  router.cardAction('outputs.overview', programmeRefSchema, staff, 'reads', (turn, p) => overview(turn, deps, p));
  router.cardAction('outputs.export', programmeRefSchema, staff, 'changes', (turn, p) => startExport(turn, deps, p));
  router.cardAction('outputs.runningOrder', programmeRefSchema, staff, 'reads', (t, p) => showRunningOrder(t, deps, p));
  router.cardAction('outputs.moveSlot', slotMoveSchema, staff, 'changes', (t, p, i) =>
    moveInRunningOrder(t, deps, p, i),
  );
  router.cardAction('outputs.saveRunningOrder', runningOrderFormSchema, staff, 'changes', (t, p, form) =>
    saveRunningOrder(t, deps, p, form),
  );
  router.cardAction('outputs.postRunningOrder', runningOrderFormSchema, staff, 'changes', (t, p, form) =>
    postRunningOrder(t, deps, p, form),
  );

  scheduler.register('outputs.reminders', dueReminders(deps));
  http.get('/outputs/export/:programmeId/:token/:file', exportFile(deps));
  http.get('/outputs/video/:programmeId/:groupId/:outputId/:viewer/:until/:token', videoRedirect(deps));
}

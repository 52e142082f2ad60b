import type { TFunction } from '../../platform/i18n.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { OutputKind } from '../programmes/schema.js';
import {
  momentLabel,
  money,
  outputSubtitle,
  sizeLabel,
  statusOf,
  STATUS_COLORS,
  type Localized,
  type OutputView,
} from './cards.js';
import { mayDo, type Capacity } from './domain.js';
import { kitPlanTotals } from './kit-plan-rules.js';
import { formatLength } from './video-rules.js';
import type { KitPlan, Output, OutputAction, Video } from './schema.js';
import outputTemplate from './cards/output.json' with { type: 'json' };

function reviewLine(localized: Localized, output: Output | undefined): string {
  if (!output?.reviewComment || !output.reviewedBy || !output.reviewedAt || output.status === 'submitted') return '';
  return localized.t('outputs:cards.output.review', {
    person: output.reviewedBy.name,
    at: momentLabel(localized, output.reviewedAt),
    comment: output.reviewComment,
  });
}

function planView(localized: Localized, plan: KitPlan) {
  const { t } = localized;
  const totals = kitPlanTotals(plan);
  const facts = (['purpose', 'targetGroups', 'loanPeriod', 'whoMayBook', 'pickupAndReturn', 'maintainedBy'] as const)
    .filter((field) => plan[field])
    .map((field) => ({ title: t(`outputs:cards.output.facts.${field}`), value: plan[field] }));
  return {
    name: plan.name,
    facts,
    // The supplier sits under the item's name: five columns do not fit a narrow Teams card.
    headers: (['item', 'quantity', 'unitPrice', 'lineTotal'] as const).map((key) =>
      t(`outputs:cards.output.headers.${key}`),
    ),
    items: plan.items.map((item, index) => ({
      name: item.name || '–',
      description: item.description,
      quantity: item.quantity === undefined ? '–' : String(item.quantity),
      unitPrice: item.unitPrice === undefined ? '–' : money(localized, item.unitPrice),
      lineTotal: totals.lines[index] === undefined ? '–' : money(localized, totals.lines[index]),
      supplier: item.supplier || '–',
    })),
    total:
      t('outputs:cards.output.total', { total: money(localized, totals.total) }) +
      (totals.unpriced > 0 ? ' ' + t('outputs:cards.output.unpriced', { count: totals.unpriced }) : ''),
  };
}

function videoView(localized: Localized, video: Video, playUrl: string | undefined) {
  const { t } = localized;
  const length = formatLength(video.durationSeconds);
  return {
    facts:
      video.source === 'file'
        ? [
            { title: t('outputs:cards.output.video.file'), value: video.fileName },
            {
              title: t('outputs:cards.output.video.length'),
              value: t('outputs:cards.output.video.measured', { length }),
            },
            { title: t('outputs:cards.output.video.size'), value: sizeLabel(localized, video.bytes) },
          ]
        : [
            { title: t('outputs:cards.output.video.link'), value: video.url },
            {
              title: t('outputs:cards.output.video.length'),
              value: t('outputs:cards.output.video.stated', { length }),
            },
          ],
    url: video.source === 'link' ? video.url : (playUrl ?? ''),
    open: t(video.source === 'link' ? 'outputs:cards.output.video.openLink' : 'outputs:cards.output.video.play'),
  };
}

type ActionButton = { title: string; verb: string; style: 'default' | 'positive' | 'destructive' };

/**
 * One output: its status and content (the plan, the video), its history, and the buttons this person may use:
 * members work on it and submit, staff approve or return it with a comment. `etag` rides on every button, so an
 * action taken on an outdated card is refused.
 */
export function outputCard(
  localized: Localized,
  view: OutputView & {
    capacities: readonly Capacity[];
    /** A read link to the stored video file, when there is one. */
    playUrl?: string;
    videoMaxMb: number;
    note?: string;
    noteColor?: 'Good' | 'Attention' | 'Default';
  },
): AdaptiveCard {
  const { t } = localized;
  const { output, expected } = view;
  const status = statusOf(view);
  const kind = expected.kind;
  const can = (action: Parameters<typeof mayDo>[1]) => mayDo(status, action, view.capacities);
  const hasPlan = kind === 'kitPlan' && output?.kitPlan !== undefined;
  const hasVideo = kind === 'video' && output?.video !== undefined;
  return renderCard(outputTemplate, {
    text: textsFor(t, 'outputs:cards.output'),
    note: view.note ?? '',
    noteColor: view.noteColor ?? 'Good',
    programmeId: view.programme.programmeId,
    groupId: view.group.id,
    outputId: expected.id,
    etag: output?._etag ?? '',
    title: expected.title,
    subtitle: outputSubtitle(localized, view),
    status: t(`outputs:statuses.${status}`),
    statusColor: STATUS_COLORS[status],
    submitted:
      output?.submittedBy && output.submittedAt && status !== 'draft'
        ? t('outputs:cards.output.submitted', {
            person: output.submittedBy.name,
            at: momentLabel(localized, output.submittedAt),
          })
        : '',
    review: reviewLine(localized, output),
    hasPlan,
    plan: hasPlan ? planView(localized, output.kitPlan!) : {},
    hasVideo,
    video: hasVideo ? videoView(localized, output.video!, view.playUrl) : {},
    empty: emptyText(t, kind, hasPlan || hasVideo),
    howTo: kind === 'video' && can('submit') ? t('outputs:cards.output.videoHowTo', { limit: view.videoMaxMb }) : '',
    history: historyLines(localized, output),
    memberActions: memberActions(t, kind, output, can),
    reviewActions: reviewActions(t, can, hasPlan && status === 'approved'),
  });
}

/** What members may do next: start or edit the plan and submit it, or send the video as a file or a link. */
function memberActions(
  t: TFunction,
  kind: OutputKind,
  output: Output | undefined,
  can: (action: OutputAction) => boolean,
) {
  const actions: ActionButton[] = [];
  if (kind === 'kitPlan' && can('save')) {
    actions.push({
      title: t(output?.kitPlan ? 'outputs:cards.output.editPlan' : 'outputs:cards.output.startPlan'),
      verb: 'outputs.kitPlanForm',
      style: 'default',
    });
    if (output?.kitPlan)
      actions.push({ title: t('outputs:cards.output.submit'), verb: 'outputs.submit', style: 'positive' });
  }
  if (kind === 'video' && can('submit')) {
    actions.push({ title: t('outputs:cards.output.sendFile'), verb: 'outputs.expectFile', style: 'default' });
    actions.push({ title: t('outputs:cards.output.giveLink'), verb: 'outputs.videoLinkForm', style: 'default' });
  }
  return actions;
}

/**
 * What reviewers may do: approve or return a submitted output, reopen an approved one, and make a bookable kit
 * of an approved kit plan (the kit feature, above outputs, answers `kit.createForm`).
 */
function reviewActions(t: TFunction, can: (action: OutputAction) => boolean, approvedPlan: boolean) {
  const actions: ActionButton[] = [];
  if (approvedPlan && can('reopen'))
    actions.push({ title: t('outputs:cards.output.makeKit'), verb: 'kit.createForm', style: 'positive' });
  if (can('approve'))
    actions.push({ title: t('outputs:cards.output.approve'), verb: 'outputs.approve', style: 'positive' });
  if (can('return'))
    actions.push({ title: t('outputs:cards.output.return'), verb: 'outputs.return', style: 'destructive' });
  if (can('reopen'))
    actions.push({ title: t('outputs:cards.output.reopen'), verb: 'outputs.reopen', style: 'default' });
  return actions;
}

/** The line shown where the plan or the video would be, before there is one. */
function emptyText(t: TFunction, kind: OutputKind, hasContent: boolean): string {
  if (kind === 'other') return t('outputs:cards.output.other');
  if (hasContent) return '';
  return t(kind === 'kitPlan' ? 'outputs:cards.output.noPlan' : 'outputs:cards.output.noVideo');
}

/** The last five things that happened to the output, newest first. */
function historyLines(localized: Localized, output: Output | undefined): string[] {
  const { t } = localized;
  return (output?.history ?? [])
    .slice(-5)
    .reverse()
    .map((entry) =>
      t('outputs:cards.output.historyLine', {
        at: momentLabel(localized, entry.at),
        person: entry.by.name,
        action: t(`outputs:actions.${entry.action}`) + (entry.comment ? `: ${entry.comment}` : ''),
      }),
    );
}

import { DateTime } from 'luxon';
import type { Language, TFunction } from '../../platform/i18n.js';
import { ZONE } from '../../platform/dates.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { ExpectedOutput, Group, OutputKind, Programme } from '../programmes/schema.js';
import {
  daysLeft,
  formatLength,
  ITEM_FIELDS,
  kitPlanTotals,
  mayDo,
  parsePrice,
  parseQuantity,
  slotTimes,
  type Capacity,
  type FieldErrors,
  type KitPlanInput,
  type KitTextField,
} from './domain.js';
import type { KitPlan, Output, OutputAction, OutputStatus, RunningOrder, Video } from './schema.js';
import listTemplate from './cards/list.json' with { type: 'json' };
import outputTemplate from './cards/output.json' with { type: 'json' };
import kitPlanFormTemplate from './cards/kit-plan-form.json' with { type: 'json' };
import videoLinkFormTemplate from './cards/video-link-form.json' with { type: 'json' };
import overviewTemplate from './cards/overview.json' with { type: 'json' };
import exportTemplate from './cards/export.json' with { type: 'json' };
import runningOrderTemplate from './cards/running-order.json' with { type: 'json' };
import dayAgendaTemplate from './cards/day-agenda.json' with { type: 'json' };

export type Localized = { t: TFunction; language: Language };

/** One expected output of one group, with its document once someone has worked on it. */
export type OutputView = {
  programme: Programme;
  group: Group;
  expected: ExpectedOutput;
  output?: Output & { _etag?: string };
};

const locale = (language: Language) => (language === 'sv' ? 'sv-SE' : 'en-GB');

export function statusOf(view: Pick<OutputView, 'output'>): OutputStatus {
  return view.output?.status ?? 'notStarted';
}

const STATUS_COLORS: Record<OutputStatus, string> = {
  notStarted: 'Default',
  draft: 'Accent',
  submitted: 'Warning',
  returned: 'Attention',
  approved: 'Good',
};

/** "15 feb. 2027 10:00" / "15 Feb 2027, 10:00", Swedish time. */
export function momentLabel({ language }: Localized, instant: string): string {
  return DateTime.fromISO(instant)
    .setZone(ZONE)
    .setLocale(locale(language))
    .toLocaleString({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "1 234,50 kr" / "SEK 1,234.50". */
export function money({ language }: Localized, kronor: number): string {
  return new Intl.NumberFormat(locale(language), { style: 'currency', currency: 'SEK' }).format(kronor);
}

/** "12,3 MB" / "12.3 MB". */
export function sizeLabel({ language }: Localized, bytes: number): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : [bytes / 1024, 'kB'];
  return `${new Intl.NumberFormat(locale(language), { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}

export function outputSubtitle({ t }: Localized, view: OutputView): string {
  return t('outputs:cards.list.subtitle', {
    group: view.group.name,
    kind: t(`outputs:kinds.${view.expected.kind}`),
    due: view.expected.dueDate,
  });
}

function reviewLine(localized: Localized, output: Output | undefined): string {
  if (!output?.reviewComment || !output.reviewedBy || !output.reviewedAt || output.status === 'submitted') return '';
  return localized.t('outputs:cards.output.review', {
    person: output.reviewedBy.name,
    at: momentLabel(localized, output.reviewedAt),
    comment: output.reviewComment,
  });
}

/** A group's outputs (or all of a person's groups'), each with its status and a button to open it. */
export function outputsListCard(localized: Localized, view: { title: string; outputs: OutputView[] }): AdaptiveCard {
  const { t } = localized;
  const severalGroups = new Set(view.outputs.map((entry) => entry.group.id)).size > 1;
  return renderCard(listTemplate, {
    text: textsFor(t, 'outputs:cards.list'),
    title: view.title,
    intro: t('outputs:cards.list.intro'),
    outputs: view.outputs.map((entry) => ({
      programmeId: entry.programme.programmeId,
      groupId: entry.group.id,
      outputId: entry.expected.id,
      title: entry.expected.title,
      // The button names what it opens; with several groups, whose (two groups may expect the same title).
      openTitle: severalGroups
        ? t('outputs:cards.list.openOf', { output: entry.expected.title, group: entry.group.name })
        : t('outputs:cards.list.open', { output: entry.expected.title }),
      subtitle: outputSubtitle(localized, entry),
      status: t(`outputs:statuses.${statusOf(entry)}`),
      statusColor: STATUS_COLORS[statusOf(entry)],
      comment:
        entry.output?.status === 'returned' && entry.output.reviewComment
          ? t('outputs:cards.list.comment', {
              person: entry.output.reviewedBy?.name ?? '',
              comment: entry.output.reviewComment,
            })
          : '',
    })),
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

export const DEFAULT_FORM_ROWS = 4;
export const MORE_ROWS = 3;
/** Adaptive Cards in Teams hold about 28 KB; twelve item rows stay well inside it. */
export const MAX_FORM_ROWS = 12;

const ABOUT_FIELDS: readonly { id: KitTextField; multiline: boolean; maxLength: number }[] = [
  { id: 'name', multiline: false, maxLength: 200 },
  { id: 'purpose', multiline: true, maxLength: 2000 },
  { id: 'targetGroups', multiline: false, maxLength: 500 },
];
const BOOKING_FIELDS: readonly { id: KitTextField; multiline: boolean; maxLength: number }[] = [
  { id: 'loanPeriod', multiline: false, maxLength: 500 },
  { id: 'whoMayBook', multiline: false, maxLength: 500 },
  { id: 'pickupAndReturn', multiline: true, maxLength: 1000 },
  { id: 'maintainedBy', multiline: false, maxLength: 500 },
];

/**
 * The kit plan form with the values as entered (or stored), an error under each field that has one, and the
 * version it was rendered from in every button's data.
 */
export function kitPlanFormCard(
  localized: Localized,
  view: OutputView & {
    input: KitPlanInput;
    errors: FieldErrors;
    etag: string;
    rows: number;
    note?: string;
    noteColor?: 'Good' | 'Attention';
  },
): AdaptiveCard {
  const { t } = localized;
  const error = (key: string) => (view.errors[key] ? t(`outputs:fieldErrors.${view.errors[key]}`) : '');
  const field = ({ id, multiline, maxLength }: (typeof ABOUT_FIELDS)[number]) => ({
    id,
    label: t(`outputs:cards.kitPlanForm.${id}`),
    placeholder: t(`outputs:cards.kitPlanForm.${id}Placeholder`, { defaultValue: '' }),
    value: view.input[id],
    multiline,
    maxLength,
    error: error(id),
  });
  const rowCount = Math.min(MAX_FORM_ROWS, Math.max(view.rows, view.input.items.length));
  const blank = Object.fromEntries(ITEM_FIELDS.map((f) => [f, ''])) as KitPlanInput['items'][number];
  const rows = Array.from({ length: rowCount }, (_, index) => {
    const row = view.input.items[index] ?? blank;
    return {
      n: index + 1,
      heading: t('outputs:cards.kitPlanForm.row', { number: index + 1 }),
      labels: rowLabels(t, index + 1),
      ...row,
      nameError: error(`items.${index}.name`),
      quantityError: error(`items.${index}.quantity`),
      unitPriceError: error(`items.${index}.unitPrice`),
    };
  });
  const total = formTotal(view.input);
  return renderCard(kitPlanFormTemplate, {
    text: textsFor(t, 'outputs:cards.kitPlanForm'),
    title: t('outputs:cards.kitPlanForm.title', { output: view.expected.title }),
    subtitle: outputSubtitle(localized, view),
    note: view.note ?? '',
    noteColor: view.noteColor ?? 'Attention',
    aboutFields: ABOUT_FIELDS.map(field),
    bookingFields: BOOKING_FIELDS.map(field),
    itemsError: error('items'),
    rows,
    total: t('outputs:cards.kitPlanForm.total', { total: money(localized, total) }),
    formData: {
      programmeId: view.programme.programmeId,
      groupId: view.group.id,
      outputId: view.expected.id,
      etag: view.etag,
      rows: String(rowCount),
    },
  });
}

/** Screen readers read a label alone: each of a row's says which row it belongs to ("Namn, rad 2"). */
function rowLabels(t: TFunction, number: number): Record<string, string> {
  return Object.fromEntries(
    (['itemName', 'quantity', 'unitPrice', 'description', 'supplier'] as const).map((field) => [
      field,
      t('outputs:cards.kitPlanForm.rowField', { field: t(`outputs:cards.kitPlanForm.${field}`), number }),
    ]),
  );
}

/** The total of what is on the form now, counting the rows whose quantity and price are well-formed. */
function formTotal(input: KitPlanInput): number {
  return kitPlanTotals({
    items: input.items.map((row) => ({
      name: row.name,
      description: '',
      supplier: '',
      ...(parseQuantity(row.quantity) !== undefined ? { quantity: parseQuantity(row.quantity) } : {}),
      ...(parsePrice(row.unitPrice) !== undefined ? { unitPrice: parsePrice(row.unitPrice) } : {}),
    })),
  }).total;
}

export function videoLinkFormCard(
  localized: Localized,
  view: OutputView & { url?: string; length?: string },
): AdaptiveCard {
  const { t } = localized;
  return renderCard(videoLinkFormTemplate, {
    text: textsFor(t, 'outputs:cards.videoLinkForm'),
    title: t('outputs:cards.videoLinkForm.title', { output: view.expected.title }),
    subtitle: outputSubtitle(localized, view),
    programmeId: view.programme.programmeId,
    groupId: view.group.id,
    outputId: view.expected.id,
    url: view.url ?? (view.output?.video?.source === 'link' ? view.output.video.url : ''),
    length:
      view.length ?? (view.output?.video?.source === 'link' ? formatLength(view.output.video.durationSeconds) : ''),
  });
}

export type OverviewRow = OutputView & { link?: string };

/** Every group × every output of a programme: status, who submitted and when, and a link to a video. */
export function overviewCard(
  localized: Localized,
  /** `warning`: what the bot sent for the programme's outputs (reminders, notices) and could not deliver. */
  view: { programme: Programme; rows: OverviewRow[]; now: Date; warning?: string },
): AdaptiveCard {
  const { t } = localized;
  const count = (status: OutputStatus) => view.rows.filter((row) => statusOf(row) === status).length;
  return renderCard(overviewTemplate, {
    text: textsFor(t, 'outputs:cards.overview'),
    warning: view.warning ?? '',
    programmeId: view.programme.programmeId,
    title: t('outputs:cards.overview.title', { programme: view.programme.name }),
    summary: t('outputs:cards.overview.summary', {
      approved: count('approved'),
      total: view.rows.length,
      submitted: count('submitted'),
      day: view.programme.presentationDay,
    }),
    headers: (['group', 'output', 'status', 'submitted', 'open'] as const).map((key) =>
      t(`outputs:cards.overview.${key}`),
    ),
    rows: view.rows.map((row) => {
      const status = statusOf(row);
      const overdue = daysLeft(row.expected.dueDate, view.now) < 0 && status !== 'submitted' && status !== 'approved';
      return {
        groupId: row.group.id,
        outputId: row.expected.id,
        openTitle: t('outputs:cards.overview.openOf', { output: row.expected.title, group: row.group.name }),
        group: row.group.name,
        output: `${t(`outputs:kinds.${row.expected.kind}`)}: ${row.expected.title}`,
        due: t(overdue ? 'outputs:cards.overview.overdue' : 'outputs:cards.overview.due', {
          due: row.expected.dueDate,
        }),
        status: t(`outputs:statuses.${status}`),
        statusColor: overdue ? 'Attention' : STATUS_COLORS[status],
        submitted:
          row.output?.submittedBy && row.output.submittedAt
            ? t('outputs:cards.overview.submittedBy', {
                person: row.output.submittedBy.name,
                at: momentLabel(localized, row.output.submittedAt),
              })
            : t('outputs:cards.overview.notSubmitted'),
        linkUrl: row.link ?? '',
      };
    }),
  });
}

export function exportCard(
  localized: Localized,
  view: { programme: Programme; reportUrl: string; csvUrl: string; expiresAt: string },
): AdaptiveCard {
  const { t } = localized;
  return renderCard(exportTemplate, {
    text: textsFor(t, 'outputs:cards.export'),
    title: t('outputs:cards.export.title', { programme: view.programme.name }),
    summary: t('outputs:cards.export.summary'),
    expires: t('outputs:cards.export.expires', { at: momentLabel(localized, view.expiresAt) }),
    reportUrl: view.reportUrl,
    csvUrl: view.csvUrl,
  });
}

function slotOutputs(localized: Localized, group: Group): string[] {
  return group.outputs.map((output) =>
    localized.t('outputs:cards.dayAgenda.output', {
      kind: localized.t(`outputs:kinds.${output.kind}`),
      title: output.title,
    }),
  );
}

/** The draft running order: one slot per group with its outputs and minutes, arrows to reorder, save and post. */
export function runningOrderCard(
  localized: Localized,
  view: { programme: Programme; order: RunningOrder; statuses: Map<string, OutputStatus>; note?: string },
): AdaptiveCard {
  const { t } = localized;
  const times = slotTimes(view.order);
  const groups = new Map(view.programme.groups.map((group) => [group.id, group]));
  return renderCard(runningOrderTemplate, {
    text: textsFor(t, 'outputs:cards.runningOrder'),
    note: view.note ?? '',
    programmeId: view.programme.programmeId,
    title: t('outputs:cards.runningOrder.title', { day: view.programme.presentationDay }),
    startTime: view.order.startTime,
    slots: view.order.slots.map((slot, index) => {
      const group = groups.get(slot.groupId)!;
      return {
        groupId: slot.groupId,
        minutes: String(slot.minutes),
        minutesLabel: t('outputs:cards.runningOrder.minutesFor', { group: group.name }),
        upTitle: t('outputs:cards.runningOrder.upOf', { group: group.name }),
        downTitle: t('outputs:cards.runningOrder.downOf', { group: group.name }),
        heading: t('outputs:cards.runningOrder.slot', {
          number: index + 1,
          start: times[index]!.start,
          end: times[index]!.end,
          group: group.name,
        }),
        outputs: group.outputs.map(
          (output, n) =>
            `${slotOutputs(localized, group)[n]} (${t(`outputs:statuses.${view.statuses.get(`${group.id}/${output.id}`) ?? 'notStarted'}`)})`,
        ),
        canMoveUp: index > 0,
        canMoveDown: index < view.order.slots.length - 1,
      };
    }),
    posted: view.order.postedAt
      ? t('outputs:cards.runningOrder.posted', { at: momentLabel(localized, view.order.postedAt) })
      : '',
  });
}

/** The running order as posted to the groups' channels: the day's agenda. */
export function dayAgendaCard(localized: Localized, view: { programme: Programme; order: RunningOrder }): AdaptiveCard {
  const { t } = localized;
  const times = slotTimes(view.order);
  const groups = new Map(view.programme.groups.map((group) => [group.id, group]));
  return renderCard(dayAgendaTemplate, {
    title: t('outputs:cards.dayAgenda.title', { day: view.programme.presentationDay }),
    intro: t('outputs:cards.dayAgenda.intro', { programme: view.programme.name }),
    slots: view.order.slots.map((slot, index) => ({
      time: `${times[index]!.start}–${times[index]!.end}`,
      group: groups.get(slot.groupId)!.name,
      outputs: slotOutputs(localized, groups.get(slot.groupId)!),
    })),
  });
}

import type { TFunction } from '../../platform/i18n.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { money, outputSubtitle, type Localized, type OutputView } from './cards.js';
import {
  ITEM_FIELDS,
  kitPlanTotals,
  parsePrice,
  parseQuantity,
  type FieldErrors,
  type KitPlanInput,
  type KitTextField,
} from './kit-plan-rules.js';
import { formatLength } from './video-rules.js';
import kitPlanFormTemplate from './cards/kit-plan-form.json' with { type: 'json' };
import videoLinkFormTemplate from './cards/video-link-form.json' with { type: 'json' };

/* The forms members fill in: the kit plan, and the link to a video kept elsewhere. */

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

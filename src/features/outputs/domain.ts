import { DateTime } from 'luxon';
import { stockholmDate, type IsoDate } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import type { ExpectedOutput, Group, Person, Programme } from '../programmes/schema.js';
import {
  outputDocumentId,
  type HistoryEntry,
  type KitItem,
  type KitPlan,
  type Output,
  type OutputAction,
  type OutputStatus,
  type RunningOrder,
} from './schema.js';
import { echo } from '../../platform/echo.js';

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

/* ------------------------------------------------------------------------------------------------------------
 * Kit plan: what the form sends (strings) becomes a plan, or field errors shown next to the fields. A draft needs
 * a name and well-formed numbers; a submitted plan needs every field and at least one complete item.
 * ------------------------------------------------------------------------------------------------------------ */

export const KIT_TEXT_FIELDS = [
  'name',
  'purpose',
  'targetGroups',
  'loanPeriod',
  'whoMayBook',
  'pickupAndReturn',
  'maintainedBy',
] as const;
export type KitTextField = (typeof KIT_TEXT_FIELDS)[number];
export const ITEM_FIELDS = ['name', 'description', 'quantity', 'unitPrice', 'supplier'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

export type KitPlanInput = Record<KitTextField, string> & { items: Record<ItemField, string>[] };

/** What is wrong with one field; the cards show `outputs:fieldErrors.<error>` under it. */
export type FieldError = 'required' | 'quantity' | 'price' | 'itemsRequired';
/** Keyed by `name`, `items`, or `items.<row>.<field>` (rows counted from 0 as the form shows them). */
export type FieldErrors = Record<string, FieldError>;

export const MAX_QUANTITY = 100_000;
export const MAX_UNIT_PRICE = 10_000_000;

/** "12" → 12; anything but a whole number from 1 up is undefined. */
export function parseQuantity(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0]/g, '');
  if (!/^\d+$/.test(compact)) return undefined;
  const value = Number(compact);
  return value >= 1 && value <= MAX_QUANTITY ? value : undefined;
}

/** "1 250", "99,50", "99.5", "0" → kronor; negative, more than two decimals or not a number is undefined. */
export function parsePrice(text: string): number | undefined {
  const compact = text
    .replace(/[\s\u00a0]/g, '')
    .replace(/(kr|sek):?$/i, '')
    .replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(compact)) return undefined;
  const value = Number(compact);
  return value <= MAX_UNIT_PRICE ? value : undefined;
}

function isBlankRow(row: Record<ItemField, string>): boolean {
  return ITEM_FIELDS.every((field) => !row[field]?.trim());
}

export function readKitPlan(input: KitPlanInput, purpose: 'save' | 'submit'): { plan: KitPlan; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (field: KitTextField) => input[field].trim();
  const required: readonly KitTextField[] = purpose === 'submit' ? KIT_TEXT_FIELDS : ['name'];
  for (const field of required) if (!text(field)) errors[field] = 'required';

  const items: KitItem[] = [];
  input.items.forEach((row, index) => {
    if (isBlankRow(row)) return; // an empty row is no item
    const at = (field: ItemField) => `items.${index}.${field}`;
    const name = row.name.trim();
    if (!name) errors[at('name')] = 'required';
    const quantityText = row.quantity.trim();
    const priceText = row.unitPrice.trim();
    const quantity = quantityText ? parseQuantity(quantityText) : undefined;
    const unitPrice = priceText ? parsePrice(priceText) : undefined;
    if (quantityText && quantity === undefined) errors[at('quantity')] = 'quantity';
    else if (!quantityText && purpose === 'submit') errors[at('quantity')] = 'required';
    if (priceText && unitPrice === undefined) errors[at('unitPrice')] = 'price';
    else if (!priceText && purpose === 'submit') errors[at('unitPrice')] = 'required';
    items.push({
      name,
      description: row.description.trim(),
      ...(quantity !== undefined ? { quantity } : {}),
      ...(unitPrice !== undefined ? { unitPrice } : {}),
      supplier: row.supplier.trim(),
    });
  });
  if (purpose === 'submit' && items.length === 0) errors.items = 'itemsRequired';

  const plan: KitPlan = {
    name: text('name'),
    purpose: text('purpose'),
    targetGroups: text('targetGroups'),
    items,
    loanPeriod: text('loanPeriod'),
    whoMayBook: text('whoMayBook'),
    pickupAndReturn: text('pickupAndReturn'),
    maintainedBy: text('maintainedBy'),
  };
  return { plan, errors };
}

/** The plan's rows as the form shows them: every value as text. */
export function kitPlanAsInput(plan: KitPlan | undefined): KitPlanInput {
  return {
    name: plan?.name ?? '',
    purpose: plan?.purpose ?? '',
    targetGroups: plan?.targetGroups ?? '',
    loanPeriod: plan?.loanPeriod ?? '',
    whoMayBook: plan?.whoMayBook ?? '',
    pickupAndReturn: plan?.pickupAndReturn ?? '',
    maintainedBy: plan?.maintainedBy ?? '',
    items: (plan?.items ?? []).map((item) => ({
      name: item.name,
      description: item.description,
      quantity: item.quantity === undefined ? '' : String(item.quantity),
      unitPrice: item.unitPrice === undefined ? '' : String(item.unitPrice),
      supplier: item.supplier,
    })),
  };
}

/** Each item's line total and the plan's total, counted in öre so that 0.1 + 0.2 is 0.30 kr exactly. */
export function kitPlanTotals(plan: Pick<KitPlan, 'items'>): {
  lines: (number | undefined)[];
  total: number;
  unpriced: number;
} {
  let totalOre = 0;
  let unpriced = 0;
  const lines = plan.items.map((item) => {
    if (item.quantity === undefined || item.unitPrice === undefined) {
      unpriced += 1;
      return undefined;
    }
    const lineOre = Math.round(item.unitPrice * 100) * item.quantity;
    totalOre += lineOre;
    return lineOre / 100;
  });
  return { lines, total: totalOre / 100, unpriced };
}

/* ------------------------------------------------------------------------------------------------------------
 * Video: at most three minutes, with ten seconds' grace for fades and rounding; a link only from the places a
 * library's video is usually kept.
 * ------------------------------------------------------------------------------------------------------------ */

export const VIDEO_SECONDS = 180;
export const VIDEO_GRACE_SECONDS = 10;

/** Whole seconds, as people read a length; the limit is checked on the same number that is shown. */
export function isShortEnough(seconds: number): boolean {
  return Math.round(seconds) <= VIDEO_SECONDS + VIDEO_GRACE_SECONDS;
}

/** 210.13 → "3:30". */
export function formatLength(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** "2:55", "02:55", "1:02:03" or "175" (seconds) → seconds; anything else is undefined. */
export function parseLength(text: string): number | undefined {
  const compact = text.trim().replace(/\s/g, '').replace('.', ':');
  if (/^\d{1,4}$/.test(compact)) return Number(compact) || undefined;
  const match = /^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)$/.exec(compact);
  if (!match) return undefined;
  const seconds = Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  return seconds > 0 ? seconds : undefined;
}

/** Where a video may be linked from: SharePoint, Stream, YouTube and Vimeo (and their subdomains), over https. */
export const VIDEO_HOSTS = [
  'sharepoint.com',
  'microsoftstream.com',
  'stream.office.com',
  'youtube.com',
  'youtu.be',
  'vimeo.com',
] as const;

export function isAllowedVideoLink(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return url.protocol === 'https:' && VIDEO_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** A video link as stored, or a Refusal naming what is wrong with it. */
export function readVideoLink(urlText: string, lengthText: string): { url: string; durationSeconds: number } {
  if (!isAllowedVideoLink(urlText)) throw new Refusal('outputs:errors.badVideoLink', { hosts: VIDEO_HOSTS.join(', ') });
  const seconds = parseLength(lengthText);
  if (seconds === undefined) throw new Refusal('outputs:errors.badLength');
  if (!isShortEnough(seconds)) throw new Refusal('outputs:errors.tooLong', { length: formatLength(seconds) });
  return { url: new URL(urlText.trim()).toString(), durationSeconds: seconds };
}

/* ------------------------------------------------------------------------------------------------------------
 * Reminders: before an output's due date (e.g. 14 and 3 days before, at 09:00 Swedish time) while it is not
 * submitted. Should the bot have been down on a reminder day, the latest reminder whose time has come is sent
 * instead (never two at once), and none once the due date has passed.
 * ------------------------------------------------------------------------------------------------------------ */

export const REMINDER_HOUR = 9;

export function dueReminder(
  dueDate: IsoDate,
  status: OutputStatus,
  reminderDays: readonly number[],
  now: Date,
): number | undefined {
  if (status === 'submitted' || status === 'approved') return undefined;
  const due = stockholmDate(dueDate);
  if (DateTime.fromJSDate(now) > due.endOf('day')) return undefined;
  const come = reminderDays.filter(
    (days) => DateTime.fromJSDate(now) >= due.minus({ days }).set({ hour: REMINDER_HOUR }),
  );
  return come.length > 0 ? Math.min(...come) : undefined;
}

/** Whole calendar days from today (Stockholm) to the due date: 0 on the day itself. */
export function daysLeft(dueDate: IsoDate, now: Date): number {
  const today = DateTime.fromJSDate(now).setZone(stockholmDate(dueDate).zone).startOf('day');
  return Math.round(stockholmDate(dueDate).diff(today, 'days').days);
}

/* ------------------------------------------------------------------------------------------------------------
 * The presentation day's running order: one slot per group, in an order staff choose, with minutes per slot.
 * ------------------------------------------------------------------------------------------------------------ */

export const DEFAULT_START_TIME = '10:00';
export const DEFAULT_SLOT_MINUTES = 20;
export const MAX_SLOT_MINUTES = 240;

/** The stored order brought in line with the programme: groups added since come last, removed ones go. */
export function currentRunningOrder(
  programme: Programme,
  stored: RunningOrder | undefined,
  person: Person,
  now: Date,
): RunningOrder {
  const groupIds = programme.groups.map((g) => g.id);
  const kept = (stored?.slots ?? []).filter((slot) => groupIds.includes(slot.groupId));
  const added = groupIds
    .filter((id) => !kept.some((slot) => slot.groupId === id))
    .map((groupId) => ({ groupId, minutes: DEFAULT_SLOT_MINUTES }));
  return {
    id: 'running-order',
    type: 'runningOrder',
    programmeId: programme.programmeId,
    startTime: stored?.startTime ?? DEFAULT_START_TIME,
    slots: [...kept, ...added],
    updatedBy: stored?.updatedBy ?? person,
    updatedAt: stored?.updatedAt ?? now.toISOString(),
    ...(stored?.postedAt ? { postedAt: stored.postedAt } : {}),
  };
}

export function moveSlot(order: RunningOrder, groupId: string, direction: 'up' | 'down'): RunningOrder {
  const from = order.slots.findIndex((slot) => slot.groupId === groupId);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= order.slots.length) return order;
  const slots = [...order.slots];
  [slots[from], slots[to]] = [slots[to]!, slots[from]!];
  return { ...order, slots };
}

/** New start time and minutes; a Refusal for a time that is not hh:mm or minutes outside 1–240. */
export function retime(order: RunningOrder, startTime: string, minutes: Record<string, string>): RunningOrder {
  const start = startTime.trim();
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(start))
    throw new Refusal('outputs:errors.badStartTime', { value: echo(start) });
  return {
    ...order,
    startTime: start.padStart(5, '0'),
    slots: order.slots.map((slot) => {
      const text = (minutes[slot.groupId] ?? String(slot.minutes)).trim();
      const value = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
      if (!(value >= 1 && value <= MAX_SLOT_MINUTES))
        throw new Refusal('outputs:errors.badMinutes', { value: echo(text), max: MAX_SLOT_MINUTES });
      return { ...slot, minutes: value };
    }),
  };
}

/** Each slot's start and end ("10:00"–"10:20"), one after the other from the start time. */
export function slotTimes(order: RunningOrder): { groupId: string; start: string; end: string }[] {
  const [hours, minutes] = order.startTime.split(':').map(Number) as [number, number];
  let at = hours * 60 + minutes;
  const clock = (total: number) =>
    `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  return order.slots.map((slot) => {
    const start = at;
    at += slot.minutes;
    return { groupId: slot.groupId, start: clock(start), end: clock(at) };
  });
}

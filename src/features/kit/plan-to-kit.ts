import { Refusal } from '../../platform/refusal.js';
import type { Output } from '../outputs/schema.js';
import type { Person } from '../programmes/schema.js';
import { holdsWeeks, lastWeekOf, touched, type Change } from './domain.js';
import {
  kitDocumentId,
  MAX_COPIES,
  MAX_LOAN_WEEKS,
  type BookingRules,
  type ContentItem,
  type Kit,
  type KitCopy,
  type Library,
} from './schema.js';
import { weekOf } from './weeks.js';

/*
 * From an approved kit plan (features/outputs) to a kit: the form regional staff fill in, read and checked, and
 * the kit it makes. Pure; the use case reads the plan and stores the kit.
 */

export type KitDraft = {
  name: string;
  copies: number;
  homeLibrary: Library;
  rules: BookingRules;
  /** Per plan item, in the plan's order. */
  counts: number[];
};

export type KitFieldError = 'required' | 'number' | 'minAboveMax' | 'municipality' | 'weekday';

const NUMBER_FIELDS = {
  copies: [1, MAX_COPIES],
  minLoanWeeks: [1, MAX_LOAN_WEEKS],
  maxLoanWeeks: [1, MAX_LOAN_WEEKS],
  bookAheadWeeks: [1, 104],
  maxWeeksPerTerm: [1, 26],
  offerHours: [1, 24 * 14],
} as const;

/** The plan behind a kit must be an approved kit plan with at least one item. */
export function approvedPlan(output: Output | undefined) {
  if (!output || output.kind !== 'kitPlan' || output.status !== 'approved' || !output.kitPlan)
    throw new Refusal('kit:errors.planNotApproved');
  if (output.kitPlan.items.length === 0) throw new Refusal('kit:errors.planWithoutItems');
  return output.kitPlan;
}

/** Reads the kit form; errors are keyed by input id, and nothing is made while there are any. */
export function readKitForm(
  form: Record<string, string | undefined>,
  planItemCount: number,
  regionCodes: readonly string[],
): { draft?: KitDraft; errors: Record<string, KitFieldError> } {
  const errors: Record<string, KitFieldError> = {};
  const text = (key: string) => (form[key] ?? '').trim();
  const whole = (key: string, min: number, max: number) => {
    const value = Number(text(key));
    if (text(key) === '' || !Number.isInteger(value) || value < min || value > max) {
      errors[key] = 'number';
      return min;
    }
    return value;
  };
  const numbers = Object.fromEntries(
    Object.entries(NUMBER_FIELDS).map(([key, [min, max]]) => [key, whole(key, min, max)]),
  ) as Record<keyof typeof NUMBER_FIELDS, number>;
  if (!errors.minLoanWeeks && !errors.maxLoanWeeks && numbers.minLoanWeeks > numbers.maxLoanWeeks)
    errors.maxLoanWeeks = 'minAboveMax';
  const name = text('name');
  if (!name) errors.name = 'required';
  const libraryName = text('homeLibrary');
  if (!libraryName) errors.homeLibrary = 'required';
  const homeMunicipality = text('homeMunicipality');
  if (!regionCodes.includes(homeMunicipality)) errors.homeMunicipality = 'municipality';
  const handoverDays = [
    ...new Set(
      text('handoverDays')
        .split(',')
        .filter(Boolean)
        .map((day) => Number(day)),
    ),
  ].sort();
  if (handoverDays.length === 0 || handoverDays.some((day) => !Number.isInteger(day) || day < 1 || day > 7))
    errors.handoverDays = 'weekday';
  const counts = Array.from({ length: planItemCount }, (_, index) => whole(`count${index + 1}`, 1, 100_000));
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    draft: {
      name,
      copies: numbers.copies,
      homeLibrary: { name: libraryName, municipalityCode: homeMunicipality, address: text('homeAddress') },
      rules: {
        minLoanWeeks: numbers.minLoanWeeks,
        maxLoanWeeks: numbers.maxLoanWeeks,
        bookAheadWeeks: numbers.bookAheadWeeks,
        maxWeeksPerTerm: numbers.maxWeeksPerTerm,
        handoverDays,
        offerHours: numbers.offerHours,
      },
      counts,
    },
  };
}

/** The kit made from an approved plan: the plan's items become its contents, with the counts staff confirmed. */
export function kitFromPlan(
  source: { programmeId: string; regionCodes: string[]; output: Output | undefined },
  draft: KitDraft,
  kitId: string,
  person: Person,
  now: Date,
): Kit {
  const plan = approvedPlan(source.output);
  if (draft.counts.length !== plan.items.length) throw new Refusal('kit:errors.planChanged');
  const contents: ContentItem[] = plan.items.map((item, index) => ({
    itemId: `item${index + 1}`,
    name: item.name,
    description: item.description,
    count: draft.counts[index]!,
  }));
  const copies = copiesOf(draft.name, draft.copies, draft.homeLibrary, []);
  return {
    id: kitDocumentId(kitId),
    type: 'kit',
    programmeId: source.programmeId,
    kitId,
    name: draft.name,
    source: { groupId: source.output!.groupId, outputId: source.output!.outputId },
    contents,
    copies,
    rules: draft.rules,
    administrators: [person],
    administratorContacts: [],
    regionCodes: source.regionCodes,
    bookings: [],
    waitingList: [],
    createdBy: person,
    createdAt: now.toISOString(),
    updatedBy: person,
    updatedAt: now.toISOString(),
  };
}

function copiesOf(name: string, count: number, homeLibrary: Library, existing: readonly KitCopy[]): KitCopy[] {
  return Array.from({ length: count }, (_, index) => ({
    copyId: existing[index]?.copyId ?? String(index + 1),
    label: count === 1 ? name : `${name} ${index + 1}`,
    homeLibrary,
  }));
}

/**
 * Staff change a kit with the same form: name, home library, rules, counts, and how many copies. Bookings stay
 * as they are (a rule changed later does not undo a loan made under the old one); a copy can only be taken away
 * while nobody holds it from this week on.
 */
export function editKit(kit: Kit, draft: KitDraft, person: Person, now: Date): Change<object> {
  if (draft.counts.length !== kit.contents.length) throw new Refusal('kit:errors.planChanged');
  const thisWeek = weekOf(now);
  for (const removed of kit.copies.slice(draft.copies)) {
    const inUse = kit.bookings.some((b) => b.copyId === removed.copyId && holdsWeeks(b) && lastWeekOf(b) >= thisWeek);
    if (inUse) throw new Refusal('kit:errors.copyInUse', { copy: removed.label });
  }
  const edited: Kit = {
    ...kit,
    name: draft.name,
    copies: copiesOf(draft.name, draft.copies, draft.homeLibrary, kit.copies),
    rules: draft.rules,
    contents: kit.contents.map((item, index) => ({ ...item, count: draft.counts[index]! })),
  };
  return { kit: touched(edited, person, now) };
}

/** The form's values for a kit being changed: what it holds now. */
export function formValuesOf(kit: Kit): Record<string, string> {
  const home = kit.copies[0]!.homeLibrary;
  return {
    name: kit.name,
    copies: String(kit.copies.length),
    homeLibrary: home.name,
    homeMunicipality: home.municipalityCode,
    homeAddress: home.address,
    minLoanWeeks: String(kit.rules.minLoanWeeks),
    maxLoanWeeks: String(kit.rules.maxLoanWeeks),
    bookAheadWeeks: String(kit.rules.bookAheadWeeks),
    maxWeeksPerTerm: String(kit.rules.maxWeeksPerTerm),
    handoverDays: kit.rules.handoverDays.join(','),
    offerHours: String(kit.rules.offerHours),
    ...Object.fromEntries(kit.contents.map((item, index) => [`count${index + 1}`, String(item.count)])),
  };
}

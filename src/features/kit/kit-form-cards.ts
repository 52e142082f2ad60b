import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { KitPlan } from '../outputs/schema.js';
import type { Localized } from './cards.js';
import type { KitFieldError } from './plan-to-kit.js';
import kitFormTemplate from './cards/kit-form.json' with { type: 'json' };

/* Creating a kit from an approved plan (or changing the kit made from it). */

export type KitFormView = {
  programmeId: string;
  groupId: string;
  outputId: string;
  groupName: string;
  plan: KitPlan;
  regionCodes: readonly string[];
  /** What the form sent, when it is shown again with errors; defaults from the plan otherwise. */
  values?: Record<string, string | undefined>;
  errors?: Record<string, KitFieldError>;
  /** The kit made from this plan already: the form changes it (its values are in `values`). */
  editing?: { kitName: string };
  /** A line at the top (e.g. "saved"), instead of the form's error note. */
  notice?: string;
};

const TEXT_FIELDS = [
  { id: 'name', maxLength: 200, required: true },
  { id: 'copies', maxLength: 3, required: true },
  { id: 'homeLibrary', maxLength: 200, required: true },
  { id: 'homeAddress', maxLength: 300, required: false },
] as const;

const RULE_FIELDS = ['minLoanWeeks', 'maxLoanWeeks', 'bookAheadWeeks', 'maxWeeksPerTerm', 'offerHours'] as const;

const RULE_DEFAULTS: Record<(typeof RULE_FIELDS)[number], string> = {
  minLoanWeeks: '1',
  maxLoanWeeks: '2',
  bookAheadWeeks: '26',
  maxWeeksPerTerm: '4',
  offerHours: '48',
};

export function kitFormCard(localized: Localized, view: KitFormView): AdaptiveCard {
  const { t } = localized;
  const errors = view.errors ?? {};
  const planName = view.plan.name;
  const value = (id: string, fallback: string) => view.values?.[id] ?? fallback;
  const error = (id: string) => (errors[id] ? t(`kit:fieldErrors.${errors[id]}`) : '');
  const defaults: Record<string, string> = { name: view.plan.name, copies: '1', homeLibrary: '', homeAddress: '' };
  const planFacts = (['loanPeriod', 'whoMayBook', 'pickupAndReturn', 'maintainedBy'] as const)
    .filter((field) => view.plan[field].trim() !== '')
    .map((field) => ({ title: t(`kit:cards.kitForm.${field}`), value: view.plan[field] }));
  return renderCard(kitFormTemplate, {
    text: textsFor(t, 'kit:cards.kitForm', { plan: planName }),
    programmeId: view.programmeId,
    groupId: view.groupId,
    outputId: view.outputId,
    title: view.editing
      ? t('kit:cards.kitForm.editTitle', { kit: view.editing.kitName })
      : t('kit:cards.kitForm.title', { plan: planName }),
    subtitle: view.groupName,
    note: Object.keys(errors).length > 0 ? t('kit:cards.kitForm.formErrors') : (view.notice ?? ''),
    planFacts,
    numberMessage: t('kit:fieldErrors.number'),
    fields: TEXT_FIELDS.map((field) => ({
      ...field,
      label: t(`kit:cards.kitForm.${field.id}`),
      value: value(field.id, defaults[field.id] ?? ''),
      requiredMessage: t('kit:fieldErrors.required'),
      error: error(field.id),
    })),
    homeMunicipality: value('homeMunicipality', view.regionCodes[0] ?? ''),
    homeMunicipalityError: error('homeMunicipality'),
    municipalityChoices: municipalities
      .sortByName([...view.regionCodes], (code) => municipalities.nameOf(code))
      .map((code) => ({ title: municipalities.nameOf(code), value: code })),
    ruleFields: RULE_FIELDS.map((id) => ({
      id,
      label: t(`kit:cards.kitForm.${id}`),
      value: value(id, RULE_DEFAULTS[id]),
      error: error(id),
    })),
    handoverDays: value('handoverDays', '1'),
    handoverDaysError: error('handoverDays'),
    weekdayChoices: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ title: t(`kit:weekdays.${day}`), value: String(day) })),
    contents: view.plan.items.map((item, index) => ({
      n: index + 1,
      label: t('kit:cards.kitForm.countLabel', { n: index + 1, item: item.name }),
      value: value(`count${index + 1}`, String(item.quantity ?? 1)),
      error: error(`count${index + 1}`),
    })),
    createTitle: view.editing
      ? t('kit:cards.kitForm.save', { kit: view.editing.kitName })
      : t('kit:cards.kitForm.create', { plan: planName }),
  });
}

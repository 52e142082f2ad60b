import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from '../../platform/language.js';
import { Refusal } from '../../platform/refusal.js';
import { isWholeCounty, type GroupDraft, type ProgrammeDraft } from './domain.js';
import { outputKindSchema, type ExpectedOutput, type Group, type Programme, type ProgrammeForm } from './schema.js';

/**
 * What the programme and group forms show and what they send back. Adaptive Card inputs are flat, so groups
 * and their outputs are numbered: `group1Name`, `group1Description`, `group1Output2Title`, ... The same numbering
 * serves the new-programme form (two groups, one output each) and the group form (one group, two or more outputs).
 */
export type OutputSlot = { prefix: string; number: number; kind: string; title: string; dueDate: string };
export type GroupSlot = { prefix: string; number: number; name: string; description: string; outputs: OutputSlot[] };

export function groupSlot(number: number, outputCount: number, group?: Group): GroupSlot {
  const prefix = `group${number}`;
  const outputs = group?.outputs ?? [];
  // An imported group may have more outputs than the form usually offers; editing must not drop them.
  const slots = Math.max(outputCount, outputs.length);
  return {
    prefix,
    number,
    name: group?.name ?? '',
    description: group?.description ?? '',
    outputs: Array.from({ length: slots }, (_, index) =>
      outputSlot(`${prefix}Output${index + 1}`, index + 1, outputs[index]),
    ),
  };
}

function outputSlot(prefix: string, number: number, output?: ExpectedOutput): OutputSlot {
  return { prefix, number, kind: output?.kind ?? '', title: output?.title ?? '', dueDate: output?.dueDate ?? '' };
}

/** The details part of the form, prefilled from a programme (or empty for a new one). */
export function detailsValues(programme?: Programme) {
  const region = programme?.region;
  return {
    name: programme?.name ?? '',
    countyCode: region?.countyCode ?? '',
    municipalityCodes: region && !isWholeCounty(region) ? region.municipalityCodes.join(', ') : '',
    signUpDeadline: programme?.signUpDeadline ?? '',
    presentationDay: programme?.presentationDay ?? '',
    language: programme?.language ?? DEFAULT_LANGUAGE,
  };
}

export function programmeDraftFromForm(form: ProgrammeForm): ProgrammeDraft {
  const codes = form.municipalityCodes.split(/[\s,;]+/).filter(Boolean);
  return {
    name: form.name,
    ...(form.countyCode ? { countyCode: form.countyCode } : {}),
    ...(codes.length > 0 ? { municipalityCodes: codes } : {}),
    signUpDeadline: form.signUpDeadline,
    presentationDay: form.presentationDay,
    ...(form.language ? { language: readLanguage(form.language) } : {}),
    groups: groupDraftsFromForm(form),
  };
}

function readLanguage(value: string): Language {
  if (!(LANGUAGES as readonly string[]).includes(value)) throw new Refusal('common:errors.badCardData');
  return value as Language;
}

/** Every numbered group the form sent, in order; a group left entirely blank is no group. */
export function groupDraftsFromForm(form: Record<string, string>): GroupDraft[] {
  return numbers(form, /^group(\d+)(?:Name|Description|Output\d+(?:Kind|Title|DueDate))$/)
    .map((number) => {
      const prefix = `group${number}`;
      const outputs = numbers(form, new RegExp(`^${prefix}Output(\\d+)(?:Kind|Title|DueDate)$`))
        .map((n) => readOutput(form, `${prefix}Output${n}`))
        .filter((output) => output.title || output.dueDate);
      return { name: text(form, `${prefix}Name`), description: text(form, `${prefix}Description`), outputs };
    })
    .filter((group) => group.name || group.description || group.outputs.length > 0);
}

function readOutput(form: Record<string, string>, prefix: string) {
  const kind = outputKindSchema.safeParse(text(form, `${prefix}Kind`) || 'other');
  if (!kind.success) throw new Refusal('common:errors.badCardData');
  return { kind: kind.data, title: text(form, `${prefix}Title`), dueDate: text(form, `${prefix}DueDate`) };
}

function text(form: Record<string, string>, key: string): string {
  return (form[key] ?? '').trim();
}

/** The slot numbers present among the keys, ascending; clients may leave out inputs that are empty. */
function numbers(form: Record<string, string>, pattern: RegExp): number[] {
  const found = Object.keys(form).flatMap((key) => {
    const match = pattern.exec(key);
    return match ? [Number(match[1])] : [];
  });
  return [...new Set(found)].sort((a, b) => a - b);
}

import type { z } from 'zod/v4';
import { Refusal } from '../../platform/refusal.js';
import type { ProgrammeDraft } from './domain.js';
import { programmeImportSchema, type ProgrammeImport } from './schema.js';
import { echo } from '../../platform/echo.js';

/**
 * Reads an import file (the format is described in IMPORT.md) into the same draft the form produces, so both
 * paths share every rule of createProgramme. Anything wrong is a Refusal naming the field, in the person's language.
 */
export function parseProgrammeImport(text: string): ProgrammeDraft {
  const data = parseJson(text.replace(/^\uFEFF/, ''));
  const result = programmeImportSchema.safeParse(data);
  if (!result.success) throw refusalFor(result.error.issues[0]!, data);
  return draftFromImport(result.data);
}

export function draftFromImport({
  name,
  region,
  signUpDeadline,
  presentationDay,
  language,
  groups,
}: ProgrammeImport): ProgrammeDraft {
  return {
    name,
    ...(region.county !== undefined ? { countyCode: region.county } : {}),
    ...(region.municipalities !== undefined ? { municipalityCodes: region.municipalities } : {}),
    signUpDeadline,
    presentationDay,
    ...(language ? { language } : {}),
    groups: groups.map((group) => ({
      name: group.name,
      description: group.description ?? '',
      outputs: group.outputs ?? [],
    })),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    if (position === undefined) throw new Refusal('programmes:errors.import.notJson');
    const before = text.slice(0, Number(position)).split('\n');
    throw new Refusal('programmes:errors.import.notJsonAt', { line: before.length, column: before.at(-1)!.length + 1 });
  }
}

/** "groups[0].outputs[1].dueDate": the path as someone reading the JSON file would point at it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    data,
  );
}

function refusalFor(issue: z.core.$ZodIssue, data: unknown): Refusal {
  const field = fieldPath(issue.path);
  const value = valueAt(data, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.path.length === 0) return new Refusal('programmes:errors.import.notAnObject');
      if (value === undefined) return new Refusal('programmes:errors.import.missing', { field });
      return new Refusal('programmes:errors.import.wrongType', { field, expected: issue.expected });
    case 'invalid_value':
      return new Refusal('programmes:errors.import.notAllowed', {
        field,
        allowed: issue.values.map(String).join(', '),
      });
    case 'too_small':
      return new Refusal('programmes:errors.import.empty', { field });
    case 'unrecognized_keys':
      return new Refusal('programmes:errors.import.unknownField', {
        field: fieldPath([...issue.path, issue.keys[0]!]),
      });
    case 'custom':
      return new Refusal(`programmes:errors.import.${issue.message}`, { field, value: echo(String(value)) });
    default:
      return new Refusal('programmes:errors.import.invalid', { field });
  }
}

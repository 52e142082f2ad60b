import { DateTime } from 'luxon';
import { isOnOrBefore, isValidIsoDate, ZONE } from '../../platform/dates.js';
import { municipalities, type County } from '../../platform/municipalities.js';
import { Refusal } from '../../platform/refusal.js';
import { slugify, uniqueSlug } from '../../platform/slug.js';
import { DEFAULT_LANGUAGE, type Language } from '../../platform/language.js';
import type { Group, OutputKind, Person, Programme, ProgrammeRole, Region } from './schema.js';
import { echo } from '../../platform/echo.js';

/** What a coordinator types into the programme form or puts in an import file. */
export type ProgrammeDraft = {
  name: string;
  countyCode?: string;
  municipalityCodes?: string[];
  signUpDeadline: string;
  presentationDay: string;
  /** What the groups' channels are written to in; Swedish unless chosen. */
  language?: Language;
  groups?: GroupDraft[];
};

export type GroupDraft = {
  name: string;
  description?: string;
  outputs?: { kind: OutputKind; title: string; dueDate: string }[];
};

export function roleOf(programme: Programme, personId: string): ProgrammeRole | undefined {
  if (programme.coordinators.some((person) => person.id === personId)) return 'coordinator';
  if (programme.regionalStaff.some((person) => person.id === personId)) return 'regionalStaff';
  return undefined;
}

export function isCoordinator(programme: Programme, personId: string): boolean {
  return roleOf(programme, personId) === 'coordinator';
}

/** Coordinators and regional staff see the whole programme: coverage, every group, every output. */
export function canOverview(programme: Programme, personId: string): boolean {
  return roleOf(programme, personId) !== undefined;
}

export function requireCoordinator(programme: Programme, personId: string): void {
  if (!isCoordinator(programme, personId))
    throw new Refusal('programmes:errors.notCoordinator', { programme: programme.name });
}

export function requireOverview(programme: Programme, personId: string): void {
  if (!canOverview(programme, personId)) throw new Refusal('programmes:errors.notStaff', { programme: programme.name });
}

/** Sign-up stays open through the whole deadline day, Swedish time. */
export function signUpIsOpen(programme: Programme, now: Date): boolean {
  return isOnOrBefore(now, programme.signUpDeadline);
}

function findCounty(countyCodeOrName: string | undefined): County | undefined {
  const wanted = (countyCodeOrName ?? '').trim().toLowerCase();
  return municipalities.counties().find((c) => c.code === wanted || c.name.toLowerCase() === wanted);
}

/**
 * Explicit municipality codes win over the county. The county is kept beside them only when it is theirs, so a
 * stale county choice in the form never labels the region wrongly.
 */
export function resolveRegion(countyCode: string | undefined, municipalityCodes: string[] | undefined): Region {
  const explicit = (municipalityCodes ?? []).map((code) => code.trim()).filter(Boolean);
  if (explicit.length > 0) {
    const unknown = explicit.find((code) => !municipalities.byCode(code));
    if (unknown) throw new Refusal('programmes:errors.unknownMunicipality', { code: echo(unknown) });
    const codes = [...new Set(explicit)];
    const counties = new Set(codes.map((code) => municipalities.byCode(code)!.countyCode));
    const county = findCounty(countyCode);
    return {
      ...(county && counties.size === 1 && counties.has(county.code) ? { countyCode: county.code } : {}),
      municipalityCodes: codes,
    };
  }
  const county = findCounty(countyCode);
  if (!county) {
    throw countyCode?.trim()
      ? new Refusal('programmes:errors.unknownCountyName', { county: echo(countyCode) })
      : new Refusal('programmes:errors.unknownCounty', { county: '' });
  }
  return { countyCode: county.code, municipalityCodes: municipalities.inCounty(county.code).map((m) => m.code) };
}

/** True when the region is all of its county, so it reads as "Jämtlands län" rather than a list of names. */
export function isWholeCounty(region: Region): boolean {
  if (!region.countyCode) return false;
  const county = municipalities.inCounty(region.countyCode).map((m) => m.code);
  return (
    county.length === region.municipalityCodes.length && county.every((code) => region.municipalityCodes.includes(code))
  );
}

/** `field` names a translation under `programmes:fields`, so the message says which date is wrong. */
function requireDate(value: string, field: string): void {
  if (!value.trim()) throw new Refusal('programmes:errors.dateRequired', { field });
  if (!isValidIsoDate(value)) throw new Refusal('programmes:errors.badDate', { field, value: echo(value) });
}

function checkDraft(draft: ProgrammeDraft): void {
  if (!draft.name.trim()) throw new Refusal('programmes:errors.nameRequired');
  requireDate(draft.signUpDeadline, 'signUpDeadline');
  requireDate(draft.presentationDay, 'presentationDay');
  if (draft.presentationDay < draft.signUpDeadline) throw new Refusal('programmes:errors.presentationBeforeDeadline');
}

function buildGroup(draft: GroupDraft, takenIds: string[]): Group {
  const name = draft.name.trim();
  if (!name) throw new Refusal('programmes:errors.groupNameRequired');
  const outputs = (draft.outputs ?? []).map((output, index) => {
    if (!output.title.trim()) throw new Refusal('programmes:errors.outputTitleRequired', { group: echo(name) });
    requireDate(output.dueDate, 'dueDate');
    return {
      id: `${output.kind}-${index + 1}`,
      kind: output.kind,
      title: output.title.trim(),
      dueDate: output.dueDate,
    };
  });
  return { id: uniqueSlug(name, takenIds), name, description: (draft.description ?? '').trim(), outputs };
}

function requireUniqueGroupName(groups: Group[], name: string, exceptId?: string): void {
  const taken = groups.some((g) => g.id !== exceptId && g.name.toLowerCase() === name.trim().toLowerCase());
  if (taken) throw new Refusal('programmes:errors.duplicateGroup', { group: echo(name) });
}

/** Programme names identify programmes to people, and a repeated "create" (a double click, a retried import) must not make two. */
export function requireUniqueProgrammeName(existing: Programme[], name: string, exceptId?: string): void {
  const wanted = name.trim().toLowerCase();
  const taken = existing.find((p) => p.programmeId !== exceptId && p.name.toLowerCase() === wanted);
  if (taken) throw new Refusal('programmes:errors.duplicateProgramme', { programme: taken.name });
}

export function createProgramme(draft: ProgrammeDraft, creator: Person, now: Date, idSuffix: string): Programme {
  checkDraft(draft);
  const region = resolveRegion(draft.countyCode, draft.municipalityCodes);
  const groups: Group[] = [];
  for (const groupDraft of draft.groups ?? []) {
    requireUniqueGroupName(groups, groupDraft.name);
    groups.push(
      buildGroup(
        groupDraft,
        groups.map((g) => g.id),
      ),
    );
  }
  const programmeId = `${slugify(draft.name)}-${idSuffix}`;
  const timestamp = now.toISOString();
  return {
    id: programmeId,
    type: 'programme',
    programmeId,
    name: draft.name.trim(),
    region,
    signUpDeadline: draft.signUpDeadline,
    presentationDay: draft.presentationDay,
    coordinators: [creator],
    regionalStaff: [],
    groups,
    language: draft.language ?? DEFAULT_LANGUAGE,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

export function updateProgrammeDetails(programme: Programme, draft: ProgrammeDraft, now: Date): Programme {
  checkDraft(draft);
  return {
    ...programme,
    name: draft.name.trim(),
    region: resolveRegion(draft.countyCode, draft.municipalityCodes),
    signUpDeadline: draft.signUpDeadline,
    presentationDay: draft.presentationDay,
    language: draft.language ?? programme.language,
    updatedAt: now.toISOString(),
  };
}

export function addGroup(programme: Programme, draft: GroupDraft, now: Date): Programme {
  requireUniqueGroupName(programme.groups, draft.name);
  const group = buildGroup(
    draft,
    programme.groups.map((g) => g.id),
  );
  return { ...programme, groups: [...programme.groups, group], updatedAt: now.toISOString() };
}

export function updateGroup(programme: Programme, groupId: string, draft: GroupDraft, now: Date): Programme {
  const existing = requireGroup(programme, groupId);
  requireUniqueGroupName(programme.groups, draft.name, groupId);
  const rebuilt = buildGroup(draft, []);
  const updated: Group = {
    ...existing,
    name: rebuilt.name,
    description: rebuilt.description,
    outputs: rebuilt.outputs,
  };
  return {
    ...programme,
    groups: programme.groups.map((g) => (g.id === groupId ? updated : g)),
    updatedAt: now.toISOString(),
  };
}

export function requireGroup(programme: Programme, groupId: string): Group {
  const group = programme.groups.find((g) => g.id === groupId);
  if (!group) throw new Refusal('programmes:errors.unknownGroup', { group: groupId });
  return group;
}

/** Finds a group by id, by name, or by the start of its name ("mik" finds "MIK & ungas medievärldar"). */
export function findGroup(programme: Programme, text: string): Group | undefined {
  const wanted = text.trim().toLowerCase();
  if (!wanted) return undefined;
  return (
    programme.groups.find((g) => g.id === wanted || g.name.toLowerCase() === wanted) ??
    programme.groups.find((g) => g.name.toLowerCase().startsWith(wanted) || g.id.startsWith(slugify(wanted)))
  );
}

export function addPersonWithRole(programme: Programme, person: Person, role: ProgrammeRole, now: Date): Programme {
  if (!person.id.trim()) throw new Refusal('programmes:errors.personRequired');
  const list = role === 'coordinator' ? 'coordinators' : 'regionalStaff';
  if (programme[list].some((p) => p.id === person.id)) return programme;
  return { ...programme, [list]: [...programme[list], person], updatedAt: now.toISOString() };
}

export function removePersonWithRole(
  programme: Programme,
  personId: string,
  role: ProgrammeRole,
  now: Date,
): Programme {
  const list = role === 'coordinator' ? 'coordinators' : 'regionalStaff';
  const remaining = programme[list].filter((p) => p.id !== personId);
  // A programme nobody can manage could never be fixed from chat again.
  if (role === 'coordinator' && remaining.length === 0) throw new Refusal('programmes:errors.lastCoordinator');
  return { ...programme, [list]: remaining, updatedAt: now.toISOString() };
}

/** A group talks in one conversation; linking it elsewhere moves it. */
export function linkGroup(programme: Programme, groupId: string, conversationId: string, now: Date): Programme {
  requireGroup(programme, groupId);
  return {
    ...programme,
    groups: programme.groups.map((g) => (g.id === groupId ? { ...g, conversationId } : g)),
    updatedAt: now.toISOString(),
  };
}

export const linkVersionOf = (group: Group): number => group.linkVersion ?? 0;

/** Every link to the group's calendar files and videos made so far stops working; new ones are signed anew. */
export function renewLinks(programme: Programme, groupIds: readonly string[], now: Date): Programme {
  for (const groupId of groupIds) requireGroup(programme, groupId);
  return {
    ...programme,
    groups: programme.groups.map((g) => (groupIds.includes(g.id) ? { ...g, linkVersion: linkVersionOf(g) + 1 } : g)),
    updatedAt: now.toISOString(),
  };
}

export function unlinkGroup(programme: Programme, groupId: string, now: Date): Programme {
  const group = requireGroup(programme, groupId);
  if (!group.conversationId) throw new Refusal('programmes:errors.notLinked', { group: group.name });
  const { conversationId: _removed, ...unlinked } = group;
  return {
    ...programme,
    groups: programme.groups.map((g) => (g.id === groupId ? unlinked : g)),
    updatedAt: now.toISOString(),
  };
}

/** The first year in which the given month and day are still ahead of `now` in Sweden. */
export function comingYearFor(now: Date, month: number, day: number): number {
  const today = DateTime.fromJSDate(now).setZone(ZONE);
  const thisYear = DateTime.fromObject({ year: today.year, month, day }, { zone: ZONE });
  return thisYear.endOf('day') >= today ? today.year : today.year + 1;
}

/** The call that started it all, "Fokusgrupper digitalt först 2019", moved to the coming spring. */
export function exampleProgrammeDraft(now: Date): ProgrammeDraft {
  const year = comingYearFor(now, 3, 29);
  return {
    name: `Fokusgrupper digitalt först ${year}`,
    countyCode: '23',
    signUpDeadline: `${year}-03-29`,
    presentationDay: `${year}-09-17`,
    groups: [
      {
        name: 'MIK & ungas medievärldar',
        description:
          'Medie- och informationskunnighet och ungas medievärldar. Gruppen tar fram en plan för ett regionalt, bokningsbart MIK-kit.',
        outputs: [{ kind: 'kitPlan', title: 'Plan för ett regionalt bokningsbart MIK-kit', dueDate: `${year}-09-01` }],
      },
      {
        name: 'Det digitala biblioteksrummet',
        description:
          'Hur det digitala tar plats i biblioteksrummet. Gruppen gör ett studiebesök och en videorapport på 3 minuter.',
        outputs: [{ kind: 'video', title: 'Videorapport från studiebesök (3 minuter)', dueDate: `${year}-09-01` }],
      },
    ],
  };
}

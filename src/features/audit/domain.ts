import type { Placeholder } from '../../platform/personal-data.js';
import type { AuditDetails } from '../../platform/audit-note.js';
import type { Group, Person, Programme, ProgrammeRole } from '../programmes/schema.js';
import type { AuditEntry } from './schema.js';

/**
 * The audit rules, pure. Which changes are recorded: every change made through a route whose grant shows a
 * programme role (a coordinator or regional staff acting in their programme), except on routes only members may
 * use (a vote is the person's own answer, and in an anonymous poll who voted must not be told); and every change
 * whose use case asked for an entry (a programme created, an erasure). A change is a route that wrote something:
 * a form sent back with errors wrote nothing and is not recorded.
 */
export const MEMBERS_ONLY_ACCESS = 'group member';

export function isMembersOnly(access: string): boolean {
  return access === MEMBERS_ONLY_ACCESS;
}

/** What a grant says about the person's standing: GroupAccess and ProgrammeAccess both carry these. */
export type Standing = { programme: Programme; role: ProgrammeRole | undefined; group?: Group };

export function standingOf(grant: unknown): Standing | undefined {
  if (!grant || typeof grant !== 'object') return undefined;
  const { programme, role, group } = grant as Partial<Standing>;
  if (!programme || typeof programme.programmeId !== 'string' || !('role' in grant)) return undefined;
  return { programme, role, ...(group?.id ? { group } : {}) };
}

export type ChangeFacts = {
  id: string;
  /** The listener: its name (verb or command id) and its access label. */
  action: string;
  person: Person;
  now: Date;
  grant: unknown;
  input: unknown;
  note: { details: AuditDetails; described: boolean };
  writes: Record<string, number>;
};

function text(input: unknown, key: string): string | undefined {
  const value = (input as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The thing acted on, from the route's input and grant, most specific first: an output, a meeting, a poll, ... */
export function objectOf(input: unknown, standing: Standing | undefined): AuditEntry['object'] {
  const outputId = text(input, 'outputId');
  const groupId = text(input, 'groupId') ?? standing?.group?.id;
  if (outputId && groupId) {
    const expected = standing?.programme.groups.find((g) => g.id === groupId)?.outputs.find((o) => o.id === outputId);
    return { kind: 'output', id: `${groupId}/${outputId}`, ...(expected ? { label: expected.title } : {}) };
  }
  const meetingId = text(input, 'meetingId');
  if (meetingId) return { kind: 'meeting', id: meetingId };
  const pollId = text(input, 'pollId');
  if (pollId) return { kind: 'poll', id: pollId };
  const group = groupOf(input, standing);
  if (group) return { kind: 'group', id: group.id, label: group.name };
  if (standing) return { kind: 'programme', id: standing.programme.programmeId, label: standing.programme.name };
  return undefined;
}

function groupOf(input: unknown, standing: Standing | undefined): { id: string; name: string } | undefined {
  if (standing?.group) return { id: standing.group.id, name: standing.group.name };
  const groupId = text(input, 'groupId');
  const group = groupId ? standing?.programme.groups.find((g) => g.id === groupId) : undefined;
  return group ? { id: group.id, name: group.name } : undefined;
}

/** The person a change is about, when the route names one (a role given or taken, a member added). */
export function subjectOf(input: unknown, standing: Standing | undefined): Person | undefined {
  const id = text(input, 'personId');
  if (!id) return undefined;
  const known = [...(standing?.programme.coordinators ?? []), ...(standing?.programme.regionalStaff ?? [])].find(
    (p) => p.id === id,
  );
  return { id, name: text(input, 'personName') ?? known?.name ?? '' };
}

/** The entry to write for a change, or undefined when the rules above say it is not recorded. */
export function auditEntryFor(facts: ChangeFacts): AuditEntry | undefined {
  const standing = standingOf(facts.grant);
  const { details, described } = facts.note;
  const wrote = Object.values(facts.writes).some((count) => count > 0);
  if (!described && !(standing?.role && wrote)) return undefined;
  const programmeId = details.programmeId ?? standing?.programme.programmeId;
  if (!programmeId) return undefined;
  const object = details.object ?? objectOf(facts.input, standing);
  const group = groupOf(facts.input, standing);
  const subject = details.subject ?? subjectOf(facts.input, standing);
  return {
    id: `audit:${facts.id}`,
    type: 'audit',
    programmeId,
    at: facts.now.toISOString(),
    actor: { id: facts.person.id, name: facts.person.name },
    ...(standing?.role && standing.programme.programmeId === programmeId ? { role: standing.role } : {}),
    action: facts.action,
    ...(object ? { object } : {}),
    ...(group ? { group } : {}),
    ...(subject ? { subject } : {}),
    ...(details.before !== undefined ? { before: details.before } : {}),
    ...(details.after !== undefined ? { after: details.after } : {}),
    changed: Object.fromEntries(Object.entries(facts.writes).filter(([, count]) => count > 0)),
  };
}

/** The entry with the person, as actor or subject, replaced by the placeholder; undefined when they are in neither. */
export function withoutPerson(entry: AuditEntry, personId: string, placeholder: Placeholder): AuditEntry | undefined {
  const asActor = entry.actor?.id === personId;
  const asSubject = entry.subject?.id === personId;
  if (!asActor && !asSubject) return undefined;
  return {
    ...entry,
    ...(asActor ? { actor: { ...placeholder } } : {}),
    ...(asSubject ? { subject: { ...placeholder } } : {}),
  };
}

/** The entry with every person replaced by the placeholder (a programme past its retention time). */
export function withoutPeople(entry: AuditEntry, placeholder: Placeholder): AuditEntry | undefined {
  const named = (p: Person | undefined) => p !== undefined && p.id !== placeholder.id;
  if (!named(entry.actor) && !named(entry.subject)) return undefined;
  return {
    ...entry,
    ...(entry.actor ? { actor: { ...placeholder } } : {}),
    ...(entry.subject ? { subject: { ...placeholder } } : {}),
  };
}

import { describe, expect, it } from 'vitest';
import type { Programme } from '../programmes/schema.js';
import {
  auditEntryFor,
  isMembersOnly,
  objectOf,
  standingOf,
  subjectOf,
  withoutPeople,
  withoutPerson,
  type ChangeFacts,
} from './domain.js';

const karin = { id: 'c1', name: 'Karin Samordnare' };
const sara = { id: 's1', name: 'Sara Regional' };
const programme = {
  id: 'p',
  type: 'programme',
  programmeId: 'p',
  name: 'Fokusgrupper',
  region: { municipalityCodes: ['2380'] },
  signUpDeadline: '2027-03-29',
  presentationDay: '2027-09-17',
  coordinators: [karin],
  regionalStaff: [sara],
  groups: [
    {
      id: 'mik',
      name: 'MIK',
      description: '',
      outputs: [{ id: 'kit', kind: 'kitPlan', title: 'Kitplan', dueDate: '2027-09-01' }],
    },
  ],
  createdAt: '',
  updatedAt: '',
} as Programme;
const groupGrant = { programme, group: programme.groups[0], person: karin, role: 'coordinator' as const };
const memberGrant = { ...groupGrant, role: undefined };

function facts(extra: Partial<ChangeFacts> = {}): ChangeFacts {
  return {
    id: 'x',
    action: 'outputs.approve',
    person: karin,
    now: new Date('2027-04-01T08:00:00Z'),
    grant: groupGrant,
    input: { programmeId: 'p', groupId: 'mik', outputId: 'kit' },
    note: { details: {}, described: false },
    writes: { outputs: 1 },
    ...extra,
  };
}

describe('which changes are recorded', () => {
  it('records a change made with a programme role, naming who, what, which object and when', () => {
    expect(auditEntryFor(facts())).toEqual({
      id: 'audit:x',
      type: 'audit',
      programmeId: 'p',
      at: '2027-04-01T08:00:00.000Z',
      actor: karin,
      role: 'coordinator',
      action: 'outputs.approve',
      object: { kind: 'output', id: 'mik/kit', label: 'Kitplan' },
      group: { id: 'mik', name: 'MIK' },
      changed: { outputs: 1 },
    });
  });

  it('records nothing when nothing was written, or when the person holds no role', () => {
    expect(auditEntryFor(facts({ writes: {} }))).toBeUndefined();
    expect(auditEntryFor(facts({ writes: { outputs: 0 } }))).toBeUndefined();
    expect(auditEntryFor(facts({ grant: memberGrant }))).toBeUndefined();
    expect(auditEntryFor(facts({ grant: karin }))).toBeUndefined();
  });

  it('records what a use case asks for, even without a role or a write, with its summary', () => {
    const entry = auditEntryFor(
      facts({
        grant: karin,
        writes: {},
        note: {
          details: { programmeId: 'new', after: '3/4', object: { kind: 'programme', id: 'new' } },
          described: true,
        },
      }),
    );
    expect(entry).toMatchObject({ programmeId: 'new', after: '3/4', object: { kind: 'programme', id: 'new' } });
    expect(entry?.role).toBeUndefined();
  });

  it('leaves votes alone: a members-only route is the person acting for themselves', () => {
    expect(isMembersOnly('group member')).toBe(true);
    expect(isMembersOnly('group reader')).toBe(false);
    expect(isMembersOnly('programme coordinator')).toBe(false);
  });
});

describe('what an entry names', () => {
  it('takes the most specific object the route names', () => {
    const standing = standingOf(groupGrant);
    expect(objectOf({ meetingId: 'm1', groupId: 'mik' }, standing)).toEqual({ kind: 'meeting', id: 'm1' });
    expect(objectOf({ pollId: 'q1' }, standing)).toEqual({ kind: 'poll', id: 'q1' });
    expect(objectOf({}, standing)).toEqual({ kind: 'group', id: 'mik', label: 'MIK' });
    expect(objectOf({}, standingOf({ programme, person: karin, role: 'coordinator' }))).toEqual({
      kind: 'programme',
      id: 'p',
      label: 'Fokusgrupper',
    });
    expect(objectOf({}, undefined)).toBeUndefined();
  });

  it('names the person a change is about, by the form or by their role', () => {
    const standing = standingOf(groupGrant);
    expect(subjectOf({ personId: 's1' }, standing)).toEqual(sara);
    expect(subjectOf({ personId: 'n1', personName: 'Ny Person' }, standing)).toEqual({ id: 'n1', name: 'Ny Person' });
    expect(subjectOf({}, standing)).toBeUndefined();
  });

  it('reads standing only from grants that carry a programme and a role', () => {
    expect(standingOf(karin)).toBeUndefined();
    expect(standingOf(undefined)).toBeUndefined();
    expect(standingOf({ programme, role: undefined })?.role).toBeUndefined();
  });
});

describe('taking people out of entries', () => {
  const placeholder = { id: 'erased', name: 'Raderad person' };
  const entry = { ...auditEntryFor(facts({ input: { programmeId: 'p', personId: 's1' } }))! };

  it('replaces one person, as actor or subject, and leaves other entries alone', () => {
    expect(withoutPerson(entry, 's1', placeholder)).toMatchObject({ actor: karin, subject: placeholder });
    expect(withoutPerson(entry, 'c1', placeholder)).toMatchObject({ actor: placeholder, subject: sara });
    expect(withoutPerson(entry, 'someone else', placeholder)).toBeUndefined();
  });

  it('replaces everyone once a programme is past its retention time, and only once', () => {
    const anonymous = withoutPeople(entry, placeholder)!;
    expect(anonymous).toMatchObject({ actor: placeholder, subject: placeholder, action: 'outputs.approve' });
    expect(withoutPeople(anonymous, placeholder)).toBeUndefined();
  });
});

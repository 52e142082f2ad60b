import { describe, expect, it } from 'vitest';
import { createProgramme, exampleProgrammeDraft } from '../programmes/domain.js';
import type { Person } from '../programmes/schema.js';
import {
  changeMembership,
  coverageByMunicipality,
  membersByMunicipality,
  signUp,
  undoWithdrawal,
  withdraw,
} from './domain.js';
import type { Membership, SignUpInput } from './schema.js';
import { refusalKey } from '../../../test/support/refusals.js';

const now = new Date('2027-02-01T10:00:00Z');
const coordinator: Person = { id: 'coordinator', name: 'Karin' };
const programme = createProgramme(exampleProgrammeDraft(new Date('2026-11-23T12:00:00Z')), coordinator, now, 'abc123');
const [mik, digital] = programme.groups.map((g) => g.id) as [string, string];

const JAMTLAND = {
  ragunda: '2303',
  bracke: '2305',
  krokom: '2309',
  stromsund: '2313',
  are: '2321',
  berg: '2326',
  harjedalen: '2361',
  ostersund: '2380',
};

function input(overrides: Partial<SignUpInput> = {}): SignUpInput {
  return {
    programmeId: programme.programmeId,
    groupIds: [mik],
    municipalityCode: JAMTLAND.ostersund,
    preferredChannel: 'teams',
    otherChannel: '',
    roleOrLibrary: '',
    ...overrides,
  };
}

function person(n: number): Person {
  return { id: `person-${n}`, name: `Person ${n}` };
}

describe('signUp', () => {
  it('creates a membership for the chosen groups and municipality', () => {
    const membership = signUp(programme, undefined, person(1), input({ groupIds: [mik, digital] }), now);
    expect(membership).toMatchObject({
      id: 'membership:person-1',
      programmeId: programme.programmeId,
      municipalityCode: JAMTLAND.ostersund,
      groupIds: [mik, digital],
      preferredChannel: 'teams',
    });
  });

  it('adds a second group to an existing membership', () => {
    const first = signUp(programme, undefined, person(1), input(), now);
    expect(signUp(programme, first, person(1), input({ groupIds: [digital] }), now).groupIds).toEqual([mik, digital]);
  });

  it.each([
    ['no group', input({ groupIds: [] }), 'membership:errors.noGroup'],
    ['an unknown group', input({ groupIds: ['nope'] }), 'membership:errors.unknownGroup'],
    ['no municipality', input({ municipalityCode: '' }), 'membership:errors.noMunicipality'],
    [
      'a municipality outside the region',
      input({ municipalityCode: '0180' }),
      'membership:errors.municipalityOutsideRegion',
    ],
    ['no channel', input({ preferredChannel: '' }), 'membership:errors.noChannel'],
    ['an unknown channel', input({ preferredChannel: 'telegram' }), 'membership:errors.noChannel'],
    ['"other" without saying which', input({ preferredChannel: 'other' }), 'membership:errors.otherChannelMissing'],
  ])('refuses %s', (_case, bad, key) => {
    expect(refusalKey(() => signUp(programme, undefined, person(1), bad, now))).toBe(key);
  });

  it('refuses a second sign-up for the same group', () => {
    const first = signUp(programme, undefined, person(1), input(), now);
    expect(refusalKey(() => signUp(programme, first, person(1), input(), now))).toBe(
      'membership:errors.alreadyInGroup',
    );
  });

  it('stays open through the whole deadline day in Sweden and closes after it', () => {
    const lastEvening = new Date(`${programme.signUpDeadline}T21:59:00Z`); // 23:59 Swedish summer time
    const nextMorning = new Date(`${programme.signUpDeadline}T22:00:01Z`);
    expect(signUp(programme, undefined, person(1), input(), lastEvening).groupIds).toEqual([mik]);
    expect(refusalKey(() => signUp(programme, undefined, person(1), input(), nextMorning))).toBe(
      'membership:errors.deadlinePassed',
    );
  });

  it('lets a coordinator add someone after the deadline', () => {
    const late = new Date(`${programme.presentationDay}T08:00:00Z`);
    const added = signUp(programme, undefined, person(2), input(), late, { kind: 'coordinator', coordinator });
    expect(added.addedBy).toEqual(coordinator);
  });

  it('keeps the free text only for "other"', () => {
    const other = signUp(
      programme,
      undefined,
      person(1),
      input({ preferredChannel: 'other', otherChannel: 'Signal' }),
      now,
    );
    expect(other.otherChannel).toBe('Signal');
    const teams = signUp(programme, undefined, person(2), input({ otherChannel: 'Signal' }), now);
    expect(teams.otherChannel).toBe('');
  });
});

describe('change, withdraw and undo', () => {
  const member = signUp(programme, undefined, person(1), input({ groupIds: [mik, digital] }), now);
  const afterDeadline = new Date(`${programme.presentationDay}T08:00:00Z`);

  it('changes details and groups before the deadline', () => {
    const changed = changeMembership(
      programme,
      member,
      input({ groupIds: [digital], municipalityCode: JAMTLAND.berg }),
      now,
    );
    expect(changed).toMatchObject({ groupIds: [digital], municipalityCode: JAMTLAND.berg });
  });

  it('after the deadline allows changes but no new groups', () => {
    const onlyMik = withdraw(member, digital, now);
    expect(
      changeMembership(programme, onlyMik, input({ roleOrLibrary: 'Bibliotekarie' }), afterDeadline).roleOrLibrary,
    ).toBe('Bibliotekarie');
    expect(
      refusalKey(() => changeMembership(programme, onlyMik, input({ groupIds: [mik, digital] }), afterDeadline)),
    ).toBe('membership:errors.deadlinePassed');
  });

  it('withdraws from one group and undoes it, even after the deadline', () => {
    const left = withdraw(member, mik, now);
    expect(left.groupIds).toEqual([digital]);
    const restored = undoWithdrawal(programme, left, afterDeadline);
    expect(restored.groupIds.sort()).toEqual([mik, digital].sort());
    expect(restored.lastWithdrawal).toBeUndefined();
    expect(refusalKey(() => undoWithdrawal(programme, restored, now))).toBe('membership:errors.nothingToUndo');
  });

  it('withdraws from everything and refuses leaving a group one is not in', () => {
    const gone = withdraw(member, undefined, now);
    expect(gone.groupIds).toEqual([]);
    expect(refusalKey(() => withdraw(gone, mik, now))).toBe('membership:errors.notInGroup');
  });
});

describe('coverageByMunicipality', () => {
  const codes = Object.values(JAMTLAND);
  const everyoneButBerg: Membership[] = codes
    .filter((code) => code !== JAMTLAND.berg)
    .map((code, n) =>
      signUp(programme, undefined, person(n), input({ municipalityCode: code, groupIds: [mik, digital] }), now),
    );

  it('says which municipalities are missing in each group', () => {
    const coverage = coverageByMunicipality(programme, everyoneButBerg);
    expect(coverage.map((c) => [c.group.id, c.represented.length, c.missing])).toEqual([
      [mik, 7, [JAMTLAND.berg]],
      [digital, 7, [JAMTLAND.berg]],
    ]);
  });

  it('counts members per municipality and ignores those who withdrew', () => {
    const bergInMik = signUp(programme, undefined, person(90), input({ municipalityCode: JAMTLAND.berg }), now);
    const secondOstersund = signUp(programme, undefined, person(91), input(), now);
    const withdrawn = withdraw(
      signUp(programme, undefined, person(92), input({ municipalityCode: JAMTLAND.berg, groupIds: [digital] }), now),
      undefined,
      now,
    );
    const [mikCoverage, digitalCoverage] = coverageByMunicipality(programme, [
      ...everyoneButBerg,
      bergInMik,
      secondOstersund,
      withdrawn,
    ]);
    expect(mikCoverage!.missing).toEqual([]);
    expect(mikCoverage!.counts[JAMTLAND.ostersund]).toBe(2);
    expect(digitalCoverage!.missing).toEqual([JAMTLAND.berg]);
  });

  it('sorts municipalities the Swedish way (Å, Ä, Ö last)', () => {
    const coverage = coverageByMunicipality(programme, []);
    expect(coverage[0]!.missing).toEqual([
      JAMTLAND.berg,
      JAMTLAND.bracke,
      JAMTLAND.harjedalen,
      JAMTLAND.krokom,
      JAMTLAND.ragunda,
      JAMTLAND.stromsund,
      JAMTLAND.are,
      JAMTLAND.ostersund,
    ]);
  });
});

describe('membersByMunicipality', () => {
  it('lists every municipality of the region, with its members of that group only', () => {
    const inMik = signUp(
      programme,
      undefined,
      { id: 'x', name: 'Åsa' },
      input({ municipalityCode: JAMTLAND.are }),
      now,
    );
    const inDigital = signUp(
      programme,
      undefined,
      { id: 'y', name: 'Bo' },
      input({ municipalityCode: JAMTLAND.are, groupIds: [digital] }),
      now,
    );
    const rows = membersByMunicipality(programme, programme.groups[0]!, [inMik, inDigital]);
    expect(rows).toHaveLength(8);
    expect(rows.find((r) => r.code === JAMTLAND.are)!.members.map((m) => m.person.name)).toEqual(['Åsa']);
  });
});

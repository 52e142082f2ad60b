import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n.js';
import {
  addGroup,
  addPersonWithRole,
  comingYearFor,
  createProgramme,
  exampleProgrammeDraft,
  isWholeCounty,
  linkGroup,
  removePersonWithRole,
  requireUniqueProgrammeName,
  resolveRegion,
  signUpIsOpen,
  unlinkGroup,
  updateGroup,
  type ProgrammeDraft,
} from './domain.js';
import { detailsValues, groupDraftsFromForm, groupSlot, programmeDraftFromForm } from './forms.js';
import { parseProgrammeImport } from './programme-import.js';
import type { Person } from './schema.js';
import { refusalOf } from '../../../test/support/refusals.js';

const now = new Date('2027-02-01T10:00:00Z');
const karin: Person = { id: 'karin', name: 'Karin' };
const example = () => createProgramme(exampleProgrammeDraft(now), karin, now, 'abc123');
const JAMTLAND = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];

/** The refusal a rule throws, as key and values, or undefined when it passes. */

function draft(overrides: Partial<ProgrammeDraft> = {}): ProgrammeDraft {
  return {
    name: 'Läsfrämjande 2027',
    countyCode: '23',
    signUpDeadline: '2027-03-01',
    presentationDay: '2027-10-01',
    ...overrides,
  };
}

describe('resolveRegion', () => {
  it('takes a whole county by code or by name, in any case', () => {
    expect(resolveRegion('23', undefined)).toEqual({ countyCode: '23', municipalityCodes: JAMTLAND });
    expect(resolveRegion('jämtlands län', [])).toEqual({ countyCode: '23', municipalityCodes: JAMTLAND });
    expect(isWholeCounty(resolveRegion('23', undefined))).toBe(true);
  });

  it('lets explicit municipality codes win over the county, keeping the county only when it is theirs', () => {
    expect(resolveRegion('23', ['2303', ' 2380 ', '2303'])).toEqual({
      countyCode: '23',
      municipalityCodes: ['2303', '2380'],
    });
    expect(resolveRegion('23', ['0180'])).toEqual({ municipalityCodes: ['0180'] });
    expect(resolveRegion(undefined, ['2303', '0180'])).toEqual({ municipalityCodes: ['2303', '0180'] });
    expect(isWholeCounty(resolveRegion('23', ['2303', '2380']))).toBe(false);
  });

  it('refuses unknown municipality codes and counties, naming them', () => {
    expect(refusalOf(() => resolveRegion('23', ['2303', '9999']))).toEqual({
      key: 'programmes:errors.unknownMunicipality',
      values: { code: '9999' },
    });
    expect(refusalOf(() => resolveRegion('Jämtlans län', undefined))).toEqual({
      key: 'programmes:errors.unknownCountyName',
      values: { county: 'Jämtlans län' },
    });
    expect(refusalOf(() => resolveRegion('', undefined))?.key).toBe('programmes:errors.unknownCounty');
  });
});

describe('createProgramme', () => {
  it('makes the creator the only coordinator and gives groups readable ids', () => {
    const programme = example();
    expect(programme.programmeId).toMatch(/^fokusgrupper-digitalt-forst-2027-abc123$/);
    expect(programme.coordinators).toEqual([karin]);
    expect(programme.regionalStaff).toEqual([]);
    expect(programme.groups.map((g) => g.id)).toEqual(['mik-ungas-medievarldar', 'det-digitala-biblioteksrummet']);
    expect(programme.groups[0]!.outputs).toEqual([
      { id: 'kitPlan-1', kind: 'kitPlan', title: 'Plan för ett regionalt bokningsbart MIK-kit', dueDate: '2027-09-01' },
    ]);
  });

  it.each([
    ['no name', draft({ name: '  ' }), 'programmes:errors.nameRequired'],
    ['an impossible date', draft({ signUpDeadline: '2027-02-30' }), 'programmes:errors.badDate'],
    ['a missing date', draft({ presentationDay: '' }), 'programmes:errors.dateRequired'],
    [
      'a presentation before the deadline',
      draft({ presentationDay: '2027-02-01' }),
      'programmes:errors.presentationBeforeDeadline',
    ],
    [
      'two groups with the same name',
      draft({ groups: [{ name: 'MIK' }, { name: 'mik' }] }),
      'programmes:errors.duplicateGroup',
    ],
    [
      'an output without a title',
      draft({ groups: [{ name: 'MIK', outputs: [{ kind: 'video', title: ' ', dueDate: '2027-09-01' }] }] }),
      'programmes:errors.outputTitleRequired',
    ],
  ])('refuses %s', (_case, bad, key) => {
    expect(refusalOf(() => createProgramme(bad, karin, now, 'x'))?.key).toBe(key);
  });

  it('says which date is wrong, in Swedish and English', () => {
    const refusal = refusalOf(() => createProgramme(draft({ signUpDeadline: '2027-02-30' }), karin, now, 'x'))!;
    expect(translator('sv')(refusal.key, refusal.values)).toBe(
      '”2027-02-30” är inget giltigt datum för sista anmälningsdag (skriv t.ex. 2027-03-29). Ingenting har sparats.',
    );
    expect(translator('en')(refusal.key, refusal.values)).toMatch(
      /^“2027-02-30” is not a valid date for the sign-up deadline/,
    );
  });
});

describe('programme names', () => {
  it('refuses a name another programme has, but not the programme itself', () => {
    const programme = example();
    expect(refusalOf(() => requireUniqueProgrammeName([programme], ' FOKUSGRUPPER digitalt först 2027 '))?.key).toBe(
      'programmes:errors.duplicateProgramme',
    );
    expect(
      refusalOf(() => requireUniqueProgrammeName([programme], programme.name, programme.programmeId)),
    ).toBeUndefined();
  });
});

describe('groups', () => {
  it('refuses adding a group whose name is taken, whatever the case', () => {
    expect(refusalOf(() => addGroup(example(), { name: 'mik & UNGAS medievärldar' }, now))?.key).toBe(
      'programmes:errors.duplicateGroup',
    );
  });

  it('adds a group with its own id, and editing a linked group keeps its link', () => {
    const added = addGroup(
      example(),
      { name: 'Läsfrämjande', outputs: [{ kind: 'other', title: 'Rapport', dueDate: '2027-09-01' }] },
      now,
    );
    expect(added.groups.at(-1)).toMatchObject({ id: 'lasframjande', name: 'Läsfrämjande', description: '' });
    const linked = linkGroup(added, 'lasframjande', '19:abc@thread.tacv2', now);
    const edited = updateGroup(linked, 'lasframjande', { name: 'Läsfrämjande för unga', description: 'Ny' }, now);
    expect(edited.groups.at(-1)).toMatchObject({
      id: 'lasframjande',
      name: 'Läsfrämjande för unga',
      conversationId: '19:abc@thread.tacv2',
      outputs: [],
    });
  });

  it('unlinks a linked group and refuses one that is not linked', () => {
    const linked = linkGroup(example(), 'mik-ungas-medievarldar', '19:abc@thread.tacv2', now);
    expect(unlinkGroup(linked, 'mik-ungas-medievarldar', now).groups[0]!.conversationId).toBeUndefined();
    expect(refusalOf(() => unlinkGroup(example(), 'mik-ungas-medievarldar', now))?.key).toBe(
      'programmes:errors.notLinked',
    );
  });
});

describe('roles', () => {
  const staff: Person = { id: 'sara', name: 'Sara' };

  it('adds people once', () => {
    const once = addPersonWithRole(example(), staff, 'regionalStaff', now);
    expect(addPersonWithRole(once, staff, 'regionalStaff', now).regionalStaff).toEqual([staff]);
  });

  it('never removes the last coordinator', () => {
    expect(refusalOf(() => removePersonWithRole(example(), karin.id, 'coordinator', now))?.key).toBe(
      'programmes:errors.lastCoordinator',
    );
    const two = addPersonWithRole(example(), staff, 'coordinator', now);
    expect(removePersonWithRole(two, karin.id, 'coordinator', now).coordinators).toEqual([staff]);
  });
});

describe('dates in Sweden', () => {
  it('comingYearFor stays in this year through the day itself, Stockholm time', () => {
    expect(comingYearFor(new Date('2027-03-28T12:00:00Z'), 3, 29)).toBe(2027);
    expect(comingYearFor(new Date('2027-03-29T21:59:00Z'), 3, 29)).toBe(2027); // 23:59 summer time
    expect(comingYearFor(new Date('2027-03-29T22:00:01Z'), 3, 29)).toBe(2028);
    expect(comingYearFor(new Date('2026-12-31T23:30:00Z'), 12, 31)).toBe(2027); // already New Year's Day in Sweden
  });

  it('signUpIsOpen lasts through the whole deadline day in Sweden, winter and summer', () => {
    const winter = createProgramme(draft({ signUpDeadline: '2027-02-10' }), karin, now, 'w');
    expect(signUpIsOpen(winter, new Date('2027-02-10T22:59:59Z'))).toBe(true); // 23:59:59 CET
    expect(signUpIsOpen(winter, new Date('2027-02-10T23:00:00Z'))).toBe(false);
    const summer = createProgramme(draft({ signUpDeadline: '2027-06-10' }), karin, now, 's');
    expect(signUpIsOpen(summer, new Date('2027-06-10T21:59:59Z'))).toBe(true); // 23:59:59 CEST
    expect(signUpIsOpen(summer, new Date('2027-06-10T22:00:00Z'))).toBe(false);
  });
});

describe('programme import', () => {
  const documented = readFileSync(new URL('./IMPORT.md', import.meta.url), 'utf8').match(/```json\n([\s\S]*?)```/)![1]!;
  const valid = JSON.parse(documented) as Record<string, unknown>;
  const withChange = (change: (data: any) => void) => {
    const data = structuredClone(valid);
    change(data);
    return JSON.stringify(data);
  };

  it('reads the documented 2019 example into the same programme the form would make', () => {
    const programme = createProgramme(parseProgrammeImport(documented), karin, now, 'x');
    expect(programme.name).toBe('Fokusgrupper digitalt först 2019');
    expect(programme.region).toEqual({ countyCode: '23', municipalityCodes: JAMTLAND });
    expect(programme.groups.map((g) => [g.name, g.outputs.map((o) => o.kind)])).toEqual([
      ['MIK & ungas medievärldar', ['kitPlan']],
      ['Det digitala biblioteksrummet', ['video']],
    ]);
  });

  it('accepts a county code, explicit municipalities, no groups and a byte order mark', () => {
    const byCode = parseProgrammeImport(withChange((d) => (d.region = { county: '23' })));
    expect(byCode.countyCode).toBe('23');
    const explicit = parseProgrammeImport(
      '\uFEFF' +
        withChange((d) => {
          d.region = { municipalities: ['2303', '2380'] };
          delete d.groups;
        }),
    );
    expect(explicit).toMatchObject({ municipalityCodes: ['2303', '2380'], groups: [] });
  });

  it.each([
    ['not JSON at all', 'name: x', 'programmes:errors.import.notJson', {}],
    [
      'JSON with a missing comma',
      '{\n  "name": "x"\n  "region": {}\n}',
      'programmes:errors.import.notJsonAt',
      { line: 3, column: 3 },
    ],
    ['a list instead of an object', '[]', 'programmes:errors.import.notAnObject', {}],
    ['a missing name', withChange((d) => delete d.name), 'programmes:errors.import.missing', { field: 'name' }],
    [
      'a number as municipality code',
      withChange((d) => (d.region = { municipalities: [2303] })),
      'programmes:errors.import.wrongType',
      { field: 'region.municipalities[0]', expected: 'string' },
    ],
    [
      'an unknown output kind',
      withChange((d) => (d.groups[1].outputs[0].kind = 'podcast')),
      'programmes:errors.import.notAllowed',
      { field: 'groups[1].outputs[0].kind', allowed: 'kitPlan, video, other' },
    ],
    [
      'a misspelt field',
      withChange((d) => (d.groups[0].descripton = 'x')),
      'programmes:errors.import.unknownField',
      { field: 'groups[0].descripton' },
    ],
    [
      'an impossible date',
      withChange((d) => (d.groups[0].outputs[0].dueDate = '2019-02-30')),
      'programmes:errors.import.badDate',
      { field: 'groups[0].outputs[0].dueDate', value: '2019-02-30' },
    ],
    [
      'an empty region',
      withChange((d) => (d.region = {})),
      'programmes:errors.import.regionMissing',
      { field: 'region' },
    ],
    [
      'an empty group name',
      withChange((d) => (d.groups[0].name = '')),
      'programmes:errors.import.empty',
      { field: 'groups[0].name' },
    ],
  ])('refuses %s, naming the field', (_case, text, key, values) => {
    const refusal = refusalOf(() => parseProgrammeImport(text))!;
    expect(refusal.key).toBe(key);
    expect(refusal.values).toMatchObject(values);
    expect(translator('sv')(refusal.key, refusal.values)).toMatch(/Ingenting har sparats\.$/);
  });

  it('translates the expected JSON type', () => {
    const refusal = refusalOf(() => parseProgrammeImport(withChange((d) => (d.groups = 'MIK'))))!;
    expect(translator('sv')(refusal.key, refusal.values)).toBe(
      'Fältet ”groups” ska vara en lista [ … ]. Ingenting har sparats.',
    );
  });

  it('leaves an unknown county to the same rule as the form', () => {
    const imported = parseProgrammeImport(withChange((d) => (d.region = { county: 'Narnia' })));
    expect(refusalOf(() => createProgramme(imported, karin, now, 'x'))?.key).toBe(
      'programmes:errors.unknownCountyName',
    );
  });
});

describe('programme and group forms', () => {
  const form = {
    name: 'Läsfrämjande 2027',
    countyCode: '23',
    municipalityCodes: '2303, 2380;2326',
    signUpDeadline: '2027-03-01',
    presentationDay: '2027-10-01',
    language: '',
    group1Name: 'Unga läsare',
    group1Description: '',
    group1Output1Kind: 'video',
    group1Output1Title: 'Film',
    group1Output1DueDate: '2027-09-01',
    group2Name: '',
    group2Description: '',
    group2Output1Kind: 'kitPlan',
    group2Output1Title: '',
    group2Output1DueDate: '',
  };

  it('reads numbered groups and outputs, and skips a group left blank', () => {
    expect(programmeDraftFromForm(form)).toEqual({
      name: 'Läsfrämjande 2027',
      countyCode: '23',
      municipalityCodes: ['2303', '2380', '2326'],
      signUpDeadline: '2027-03-01',
      presentationDay: '2027-10-01',
      groups: [
        { name: 'Unga läsare', description: '', outputs: [{ kind: 'video', title: 'Film', dueDate: '2027-09-01' }] },
      ],
    });
  });

  it('takes an output without a kind as "other" and refuses a kind the card never offers', () => {
    expect(
      groupDraftsFromForm({ group1Name: 'A', group1Output2Title: 'Rapport', group1Output2DueDate: '2027-09-01' })[0]!
        .outputs,
    ).toEqual([{ kind: 'other', title: 'Rapport', dueDate: '2027-09-01' }]);
    expect(
      refusalOf(() => groupDraftsFromForm({ group1Name: 'A', group1Output1Kind: 'podcast', group1Output1Title: 'x' }))
        ?.key,
    ).toBe('common:errors.badCardData');
  });

  it('prefills explicit municipalities but not a whole county, and keeps every output of an imported group', () => {
    const programme = createProgramme(draft({ municipalityCodes: ['2303', '2380'] }), karin, now, 'x');
    expect(detailsValues(programme)).toMatchObject({ countyCode: '23', municipalityCodes: '2303, 2380' });
    expect(detailsValues(example())).toMatchObject({ countyCode: '23', municipalityCodes: '' });
    const three = {
      name: 'A',
      outputs: ['x', 'y', 'z'].map((title) => ({ kind: 'other' as const, title, dueDate: '2027-09-01' })),
    };
    const group = addGroup(example(), three, now).groups.at(-1)!;
    expect(groupSlot(1, 2, group).outputs.map((o) => o.prefix)).toEqual([
      'group1Output1',
      'group1Output2',
      'group1Output3',
    ]);
  });
});

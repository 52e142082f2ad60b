import { describe, expect, it } from 'vitest';
import type { Membership } from '../membership/schema.js';
import type { OutputView } from '../outputs/cards.js';
import { createProgramme, exampleProgrammeDraft } from '../programmes/domain.js';
import type { Poll, Vote } from '../polls/schema.js';
import type { BoardAccess } from './access.js';
import { municipalityRows, outputRows, pollChart, runningOrderView, visibleProgramme } from './domain.js';

const now = new Date('2027-02-15T09:00:00Z');
const coordinator = { id: 'c1', name: 'Karin Samordnare' };
const programme = createProgramme(exampleProgrammeDraft(now), coordinator, now, 'abc');
const [mik, digital] = programme.groups as [(typeof programme.groups)[0], (typeof programme.groups)[0]];

function member(id: string, municipalityCode: string, groupIds: string[]): Membership {
  return {
    id: `membership:${id}`,
    type: 'membership',
    programmeId: programme.programmeId,
    person: { id, name: `Bibliotekarie ${id}` },
    municipalityCode,
    groupIds,
    preferredChannel: 'teams',
    otherChannel: '',
    roleOrLibrary: '',
    signedUpAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

const access = (groupIds: string[], staff: boolean): BoardAccess => ({
  role: staff ? 'regionalStaff' : 'member',
  groups: [],
  groupIds,
  review: staff,
  planDay: staff,
});

describe('municipalityRows', () => {
  const memberships = [
    member('berg', '2326', [mik.id, digital.id]),
    member('are', '2321', [mik.id]),
    member('are2', '2321', [mik.id]),
  ];

  it('colours each municipality by representation across the groups this person sees, names in Swedish order', () => {
    const rows = municipalityRows(visibleProgramme(programme, access([mik.id, digital.id], true)), memberships);
    expect(rows.map((row) => row.name)).toEqual([
      'Berg',
      'Bräcke',
      'Härjedalen',
      'Krokom',
      'Ragunda',
      'Strömsund',
      'Åre',
      'Östersund',
    ]);
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName.Berg!.representation).toBe('every');
    expect(byName['Åre']!.representation).toBe('some');
    expect(byName['Åre']!.groups).toEqual([
      { groupId: mik.id, representatives: ['Bibliotekarie are', 'Bibliotekarie are2'] },
      { groupId: digital.id, representatives: [] },
    ]);
    expect(byName.Ragunda!.representation).toBe('none');
  });

  it('for a member of one group, judges only that group and names nobody from the others', () => {
    const rows = municipalityRows(visibleProgramme(programme, access([mik.id], false)), memberships);
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName['Åre']!.representation).toBe('every');
    expect(byName.Berg!.groups).toEqual([{ groupId: mik.id, representatives: ['Bibliotekarie berg'] }]);
  });
});

describe('outputRows', () => {
  const views: OutputView[] = [
    {
      programme,
      group: mik,
      expected: mik.outputs[0]!,
      output: {
        id: 'output:x',
        type: 'output',
        programmeId: programme.programmeId,
        groupId: mik.id,
        outputId: mik.outputs[0]!.id,
        kind: 'kitPlan',
        status: 'submitted',
        kitPlan: {
          name: 'MIK-lådan',
          purpose: '',
          targetGroups: '',
          items: [
            { name: 'Surfplatta', description: '', quantity: 2, unitPrice: 100.5, supplier: '' },
            { name: 'Kabel', description: '', supplier: '' },
          ],
          loanPeriod: '',
          whoMayBook: '',
          pickupAndReturn: '',
          maintainedBy: '',
        },
        submittedBy: { id: 'm1', name: 'Anna' },
        submittedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        history: [],
        _etag: '"v1"',
      },
    },
    { programme, group: digital, expected: digital.outputs[0]! },
  ];

  it('lets staff approve or return what is submitted, and only that', () => {
    const rows = outputRows(views, access([mik.id, digital.id], true));
    expect(rows.map((row) => [row.groupId, row.status, row.mayApprove, row.mayReturn])).toEqual([
      [mik.id, 'submitted', true, true],
      [digital.id, 'notStarted', false, false],
    ]);
    expect(rows[0]).toMatchObject({ submittedBy: 'Anna', etag: '"v1"', kitPlan: { total: 201 } });
    expect(rows[0]!.kitPlan!.items.map((item) => item.line)).toEqual([201, undefined]);
  });

  it("gives a member their own group's outputs, with nothing to approve", () => {
    const rows = outputRows(views, access([mik.id], false));
    expect(rows.map((row) => [row.groupId, row.mayApprove, row.mayReturn])).toEqual([[mik.id, false, false]]);
  });
});

describe('pollChart', () => {
  const poll = {
    id: 'p1',
    type: 'poll',
    pollId: 'p1',
    programmeId: programme.programmeId,
    groupId: mik.id,
    groupName: mik.name,
    regionCodes: ['2326', '2321', '2380'],
    kind: 'date',
    question: 'Vilken dag?',
    options: [
      { id: 'd1', label: '', date: '2027-04-13', part: 'fullDay' },
      { id: 'd2', label: '', date: '2027-04-14', part: 'fullDay' },
    ],
    anonymous: false,
    showResultsBeforeClose: true,
    deadline: '2027-03-01T11:00:00Z',
    status: 'open',
    createdBy: coordinator,
    createdAt: now.toISOString(),
  } as Poll;
  const vote = (id: string, code: string, d1: 'yes' | 'ifNeedBe' | 'no', d2: 'yes' | 'ifNeedBe' | 'no'): Vote => ({
    id: `vote:${id}`,
    type: 'vote',
    pollId: 'p1',
    voter: { id, name: id, municipalityCode: code },
    answers: { d1, d2 },
    votedAt: now.toISOString(),
  });

  it('counts per day, names the municipalities that would be missing, recommends a day, and names no voter', () => {
    const chart = pollChart(poll, [vote('a', '2326', 'yes', 'no'), vote('b', '2321', 'ifNeedBe', 'yes')]);
    expect(chart.days.map((d) => [d.date, d.yes, d.ifNeedBe, d.no, d.missing])).toEqual([
      ['2027-04-13', 1, 1, 0, ['Östersund']],
      ['2027-04-14', 1, 0, 1, ['Berg', 'Östersund']],
    ]);
    expect(chart.recommendedOptionId).toBe('d1');
    expect(JSON.stringify(chart)).not.toContain('"a"');
  });
});

describe('runningOrderView', () => {
  it('gives each slot its times, one after the other', () => {
    const view = runningOrderView(programme, {
      id: 'running-order',
      type: 'runningOrder',
      programmeId: programme.programmeId,
      startTime: '10:00',
      slots: [
        { groupId: digital.id, minutes: 30 },
        { groupId: mik.id, minutes: 20 },
      ],
      updatedBy: coordinator,
      updatedAt: now.toISOString(),
    });
    expect(view.slots.map((s) => [s.groupName, s.start, s.end])).toEqual([
      [digital.name, '10:00', '10:30'],
      [mik.name, '10:30', '10:50'],
    ]);
  });
});

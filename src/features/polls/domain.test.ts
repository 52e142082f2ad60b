import { describe, expect, it } from 'vitest';
import { candidateDays } from './candidate-days.js';
import {
  buildVote,
  closePoll,
  confirmDate,
  createPoll,
  deadlineFrom,
  isOpen,
  nonResponders,
  readBallot,
  recommendDay,
  tally,
  voterKey,
  type PollDraft,
} from './domain.js';
import type { Answer, Poll } from './schema.js';
import { refusalKey } from '../../../test/support/refusals.js';

const karin = { id: 'karin', name: 'Karin' };
const now = new Date('2027-02-01T10:00:00Z');
const REGION = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];

function draft(overrides: Partial<PollDraft> = {}): PollDraft {
  return {
    programmeId: 'p',
    groupId: 'g',
    groupName: 'MIK & ungas medievärldar',
    regionCodes: REGION,
    kind: 'date',
    question: 'Vilken dag träffas vi?',
    optionLabels: [],
    days: [
      { date: '2027-04-14', part: 'fullDay' },
      { date: '2027-04-13', part: 'fullDay' },
      { date: '2027-04-15', part: 'morning' },
    ],
    anonymous: false,
    showResultsBeforeClose: true,
    deadlineDate: '2027-03-01',
    deadlineHour: 12,
    ...overrides,
  };
}

function vote(poll: Poll, n: number, municipalityCode: string, answers: Record<string, Answer>) {
  const person = { id: `p${n}`, name: `Person ${n}`, municipalityCode };
  return buildVote(poll, voterKey(poll, person.id, 'secret'), person, answers, now);
}

describe('candidateDays', () => {
  it('skips weekends, Easter and Ascension Day but keeps Maundy Thursday and Walpurgis Eve', () => {
    const days = candidateDays('2027-03-22', '2027-05-07');
    expect(days).toContain('2027-03-25'); // Skärtorsdagen is a working day
    expect(days).not.toContain('2027-03-26'); // Långfredagen
    expect(days).not.toContain('2027-03-29'); // Annandag påsk (and the 2027 sign-up deadline)
    expect(days).toContain('2027-04-30'); // Valborgsmässoafton is a working day
    expect(days).not.toContain('2027-05-06'); // Kristi himmelsfärdsdag
    expect(days).not.toContain('2027-03-27'); // a Saturday
    expect(days.every((day) => ![0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()))).toBe(true);
  });

  it('skips the National Day on a weekday and Midsummer Eve', () => {
    expect(candidateDays('2028-06-05', '2028-06-07')).toEqual(['2028-06-05', '2028-06-07']);
    expect(candidateDays('2027-06-21', '2027-06-25')).toEqual(['2027-06-21', '2027-06-22', '2027-06-23', '2027-06-24']);
  });

  it('narrows to chosen weekdays, and returns nothing for a reversed range', () => {
    expect(candidateDays('2027-04-12', '2027-04-25', [2, 4])).toEqual([
      '2027-04-13',
      '2027-04-15',
      '2027-04-20',
      '2027-04-22',
    ]);
    expect(candidateDays('2027-05-01', '2027-04-01')).toEqual([]);
  });
});

describe('deadlines in Europe/Stockholm', () => {
  it('are full hours in Swedish time on both sides of the daylight-saving change', () => {
    expect(deadlineFrom('2027-03-27', 12)).toBe('2027-03-27T11:00:00.000Z'); // CET, UTC+1
    expect(deadlineFrom('2027-03-28', 12)).toBe('2027-03-28T10:00:00.000Z'); // CEST from 02:00 that night
    expect(deadlineFrom('2027-10-31', 12)).toBe('2027-10-31T11:00:00.000Z'); // back to CET
  });

  it('close a poll at the deadline instant', () => {
    const poll = createPoll(draft({ deadlineDate: '2027-03-28', deadlineHour: 9 }), karin, now, 'poll-1');
    expect(isOpen(poll, new Date('2027-03-28T06:59:59Z'))).toBe(true);
    expect(isOpen(poll, new Date('2027-03-28T07:00:00Z'))).toBe(false);
  });

  it('refuse a deadline in the past or a malformed one', () => {
    expect(refusalKey(() => createPoll(draft({ deadlineDate: '2027-01-31' }), karin, now, 'x'))).toBe(
      'polls:errors.deadlineInPast',
    );
    expect(refusalKey(() => createPoll(draft({ deadlineHour: 25 }), karin, now, 'x'))).toBe('polls:errors.badDeadline');
  });
});

describe('createPoll', () => {
  it('sorts candidate days and gives them stable ids', () => {
    const poll = createPoll(draft(), karin, now, 'poll-1');
    expect(poll.options.map((o) => [o.id, o.date, o.part])).toEqual([
      ['d1', '2027-04-13', 'fullDay'],
      ['d2', '2027-04-14', 'fullDay'],
      ['d3', '2027-04-15', 'morning'],
    ]);
  });

  it.each([
    ['an empty question', draft({ question: ' ' }), 'polls:errors.questionRequired'],
    ['an anonymous date poll', draft({ anonymous: true }), 'polls:errors.anonymousDatePoll'],
    ['a single day', draft({ days: [{ date: '2027-04-14', part: 'fullDay' }] }), 'polls:errors.dayCount'],
    ['one option', draft({ kind: 'single', optionLabels: ['Ja'] }), 'polls:errors.optionCount'],
    [
      'eleven options',
      draft({ kind: 'multiple', optionLabels: Array.from({ length: 11 }, (_, i) => `O${i}`) }),
      'polls:errors.optionCount',
    ],
    ['duplicate options', draft({ kind: 'single', optionLabels: ['Kista', 'kista'] }), 'polls:errors.duplicateOption'],
  ])('refuses %s', (_name, bad, key) => {
    expect(refusalKey(() => createPoll(bad, karin, now, 'x'))).toBe(key);
  });
});

describe('ballots', () => {
  const datePoll = createPoll(draft(), karin, now, 'poll-1');
  const single = createPoll(
    draft({ kind: 'single', optionLabels: ['Kista', 'Umeå', 'Digitalt'] }),
    karin,
    now,
    'poll-2',
  );
  const multiple = createPoll(
    draft({ kind: 'multiple', optionLabels: ['Kista', 'Umeå', 'Digitalt'] }),
    karin,
    now,
    'poll-3',
  );

  it('needs an answer for every day of a date poll', () => {
    expect(readBallot(datePoll, { answer_d1: 'yes', answer_d2: 'ifNeedBe', answer_d3: 'no' })).toEqual({
      d1: 'yes',
      d2: 'ifNeedBe',
      d3: 'no',
    });
    expect(refusalKey(() => readBallot(datePoll, { answer_d1: 'yes', answer_d2: 'maybe', answer_d3: 'no' }))).toBe(
      'polls:errors.answerEveryDay',
    );
  });

  it('reads single and multiple choices', () => {
    expect(readBallot(single, { choice: 'o2' })).toEqual({ o2: 'yes' });
    expect(readBallot(multiple, { choices: 'o1,o3' })).toEqual({ o1: 'yes', o3: 'yes' });
    expect(refusalKey(() => readBallot(single, { choice: 'o1,o2' }))).toBe('polls:errors.chooseOne');
    expect(refusalKey(() => readBallot(single, { choice: 'o9' }))).toBe('polls:errors.unknownOption');
    expect(refusalKey(() => readBallot(multiple, {}))).toBe('polls:errors.chooseSomething');
  });
});

describe('anonymity', () => {
  const anonymous = createPoll(
    draft({ kind: 'single', optionLabels: ['A', 'B'], anonymous: true }),
    karin,
    now,
    'anon-1',
  );
  const other = createPoll(draft({ kind: 'single', optionLabels: ['A', 'B'], anonymous: true }), karin, now, 'anon-2');

  it('stores no identity beside the choice, only a keyed hash that cannot be reversed without the secret', () => {
    const key = voterKey(anonymous, 'person-id-123', 'server-secret');
    const stored = buildVote(
      anonymous,
      key,
      { id: 'person-id-123', name: 'Anna', municipalityCode: '2326' },
      { o1: 'yes' },
      now,
    );
    expect(JSON.stringify(stored)).not.toMatch(/person-id-123|Anna|2326/);
    expect(stored.voter).toBeUndefined();
    expect(voterKey(anonymous, 'person-id-123', 'another-secret')).not.toBe(key);
  });

  it('gives the same person the same key in a poll, so a changed vote replaces the first', () => {
    expect(voterKey(anonymous, 'p', 's')).toBe(voterKey(anonymous, 'p', 's'));
    expect(voterKey(anonymous, 'p', 's')).not.toBe(voterKey(other, 'p', 's'));
    expect(voterKey(anonymous, 'p', 's')).not.toBe(voterKey(anonymous, 'q', 's'));
  });

  it('leaves named polls named', () => {
    const named = createPoll(draft(), karin, now, 'named');
    expect(voterKey(named, 'p', 's')).toBe('p');
  });
});

describe('tally and recommendDay', () => {
  const poll = createPoll(draft(), karin, now, 'poll-1');

  it('counts answers and says which municipalities would be missing each day', () => {
    const votes = [
      vote(poll, 1, '2380', { d1: 'yes', d2: 'yes', d3: 'no' }),
      vote(poll, 2, '2326', { d1: 'no', d2: 'ifNeedBe', d3: 'yes' }),
      vote(poll, 3, '2380', { d1: 'yes', d2: 'no', d3: 'no' }),
    ];
    const [d1, d2] = tally(poll, votes, REGION);
    expect([d1!.yes, d1!.ifNeedBe, d1!.no]).toEqual([2, 0, 1]);
    expect(d1!.missing).toContain('2326');
    expect(d2!.available).toEqual(['2326', '2380']);
    expect(d2!.names.ifNeedBe).toEqual(['Person 2 (Berg)']);
  });

  it('recommends the day with most municipalities, counting "if need be" as available', () => {
    const votes = [
      vote(poll, 1, '2380', { d1: 'yes', d2: 'yes', d3: 'yes' }),
      vote(poll, 2, '2326', { d1: 'no', d2: 'ifNeedBe', d3: 'no' }),
      vote(poll, 3, '2303', { d1: 'yes', d2: 'no', d3: 'yes' }),
      vote(poll, 4, '2303', { d1: 'yes', d2: 'no', d3: 'yes' }),
    ];
    // d1: 2 municipalities, 3 yes. d2: 2 municipalities, 1 yes. d3: 2 municipalities, 3 yes, but later than d1.
    expect(recommendDay(poll, tally(poll, votes, REGION))!.option.id).toBe('d1');
    const withBerg = [...votes, vote(poll, 5, '2326', { d1: 'no', d2: 'no', d3: 'ifNeedBe' })];
    expect(recommendDay(poll, tally(poll, withBerg, REGION))!.option.id).toBe('d3');
  });

  it('breaks a full tie by the earliest day', () => {
    const votes = [vote(poll, 1, '2380', { d1: 'yes', d2: 'yes', d3: 'yes' })];
    expect(recommendDay(poll, tally(poll, votes, REGION))!.option.id).toBe('d1');
  });
});

describe('closing and confirming', () => {
  const poll = createPoll(draft(), karin, now, 'poll-1');

  it('closes once', () => {
    const closed = closePoll(poll, 'deadline', now)!;
    expect(closed.status).toBe('closed');
    expect(closePoll(closed, karin, now)).toBeUndefined();
  });

  it('confirms a day of a closed poll with times and a place', () => {
    const closed = closePoll(poll, karin, now)!;
    const details = { optionId: 'd2', place: 'Kista bibliotek', startTime: '9.00', endTime: '16:00' };
    expect(confirmDate(closed, details, karin, now, 'tok').decision).toMatchObject({
      startTime: '09:00',
      endTime: '16:00',
    });
    expect(refusalKey(() => confirmDate(poll, details, karin, now, 'tok'))).toBe('polls:errors.closeFirst');
    expect(refusalKey(() => confirmDate(closed, { ...details, endTime: '08:00' }, karin, now, 'tok'))).toBe(
      'polls:errors.endBeforeStart',
    );
    expect(refusalKey(() => confirmDate(closed, { ...details, startTime: '25:00' }, karin, now, 'tok'))).toBe(
      'polls:errors.badTime',
    );
  });

  it('finds members of the group who have not answered', () => {
    const members = [
      { person: { id: 'p1' }, groupIds: ['g'] },
      { person: { id: 'p2' }, groupIds: ['g'] },
      { person: { id: 'p3' }, groupIds: ['other'] },
    ];
    const votes = [vote(poll, 1, '2380', { d1: 'yes', d2: 'yes', d3: 'yes' })];
    expect(nonResponders(poll, votes, members).map((m) => m.person.id)).toEqual(['p2']);
  });
});

import { describe, expect, it } from 'vitest';
import { refusalKey, refusalOf } from '../../../test/support/refusals.js';
import { addItem, addProgramme, buildItem, changeItem, moveItem, readItemForm, removeItem } from './agenda-rules.js';
import {
  changeDetails,
  createMeeting,
  meetingChatIdOf,
  readDetails,
  readSessions,
  sessionNamed,
  type MeetingDetails,
} from './domain.js';
import { dueReminderDays, readReminders, reminderDueAt, reminderKey } from './reminder-rules.js';
import { readProgramme } from './programme-text.js';
import { DEFAULT_REMINDERS, type Meeting } from './schema.js';

const coordinator = { id: 'c1', name: 'Karin Samordnare' };
const now = new Date('2027-02-15T09:00:00Z');

function details(
  extra: Partial<Record<'title' | 'date' | 'startTime' | 'endTime' | 'place' | 'sessions', string>> = {},
): MeetingDetails {
  return readDetails(
    {
      title: '',
      date: '2027-04-01',
      startTime: '9:00',
      endTime: '16:00',
      place: 'Kista bibliotek',
      sessions: '',
      ...extra,
    },
    DEFAULT_REMINDERS,
  );
}

function meeting(extra: Parameters<typeof details>[0] = {}): Meeting {
  return createMeeting(
    details(extra),
    { programmeId: 'p1', groupId: 'mik' },
    { meetingId: 'meeting-1', calendarToken: 't' },
    coordinator,
    now,
  );
}

let counter = 0;
const nextId = () => `i${++counter}`;

function item(
  title: string,
  startTime = '',
  sessionId = 'morning',
  extra: Partial<Record<'description' | 'presenters' | 'links', string>> = {},
) {
  return buildItem(
    nextId(),
    sessionId,
    readItemForm({ startTime, title, description: '', presenters: '', links: '', ...extra }),
  );
}

function withItems(base: Meeting, ...items: ReturnType<typeof item>[]): Meeting {
  return items.reduce((current, next) => addItem(current, next, now).meeting, base);
}

const titles = (m: Meeting) =>
  m.items.map((i) => `${m.sessions.find((s) => s.id === i.sessionId)!.kind[0]} ${i.startTime ?? '--:--'} ${i.title}`);

describe('a meeting day', () => {
  it('reads the form: times as people write them, morning and afternoon by default, free-form sessions', () => {
    const read = details({ startTime: '9.30', sessions: '' });
    expect(read).toMatchObject({ date: '2027-04-01', startTime: '09:30', endTime: '16:00', place: 'Kista bibliotek' });
    expect(read.sessions.map((s) => s.id)).toEqual(['morning', 'afternoon']);
    expect(
      readSessions('Studiebesök på Kista bibliotek\nAfternoon\n\neftermiddag').map((s) => [s.id, s.kind, s.title]),
    ).toEqual([
      ['s-studiebesok-pa-kista-bibliotek', 'custom', 'Studiebesök på Kista bibliotek'],
      ['afternoon', 'afternoon', ''],
    ]);
  });

  it('refuses a bad day: no date, a time that is none, an end before the start, a day gone by', () => {
    expect(refusalKey(() => details({ date: '' }))).toBe('meetings:errors.badDate');
    expect(refusalOf(() => details({ startTime: '25:00' }))).toEqual({
      key: 'meetings:errors.badTime',
      values: { value: '25:00' },
    });
    expect(refusalKey(() => details({ startTime: '16:00', endTime: '09:00' }))).toBe('meetings:errors.endBeforeStart');
    expect(refusalKey(() => meeting({ date: '2027-02-14' }))).toBe('meetings:errors.dateInPast');
  });

  it('reads reminders as whole days before, largest first, at a daytime hour', () => {
    expect(readReminders('1, 7', '9')).toEqual({ daysBefore: [7, 1], hour: 9 });
    expect(readReminders('', '9')).toEqual({ daysBefore: [], hour: 9 });
    expect(refusalKey(() => readReminders('7, en dag', '9'))).toBe('meetings:errors.badReminderDays');
    expect(refusalKey(() => readReminders('0', '9'))).toBe('meetings:errors.badReminderDays');
    expect(refusalKey(() => readReminders('14, 7, 3, 1', '9'))).toBe('meetings:errors.tooManyReminders');
    expect(refusalKey(() => readReminders('7', '3'))).toBe('meetings:errors.badReminderHour');
  });

  it('recognises a Teams meeting link as the place, and with it the meeting chat', () => {
    const link =
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NTg0ZjE2%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d';
    expect(meetingChatIdOf(link)).toBe('19:meeting_NTg0ZjE2@thread.v2');
    expect(meeting({ place: link }).meetingChatId).toBe('19:meeting_NTg0ZjE2@thread.v2');
    expect(meetingChatIdOf('Kista bibliotek, Kista allé 1')).toBeUndefined();
  });
});

describe('agenda ordering', () => {
  it('places a timed item by its time within its session, an untimed one last in its session', () => {
    const m = withItems(
      meeting(),
      item('Fika', '10:00'),
      item('Välkomna!', '09:00'),
      item('Workshop', '13:00', 'afternoon'),
      item('Trender i planerna', '09:30'),
      item('Planering av kitet'),
      item('Lunch', '12:00'),
    );
    expect(titles(m)).toEqual([
      'm 09:00 Välkomna!',
      'm 09:30 Trender i planerna',
      'm 10:00 Fika',
      'm --:-- Planering av kitet',
      'm 12:00 Lunch',
      'a 13:00 Workshop',
    ]);
  });

  it('moves items a step at a time, across the boundary between sessions, and keeps an edited item in place', () => {
    let m = withItems(meeting(), item('A'), item('B'), item('C', '', 'afternoon'));
    const [a, b, c] = m.items;
    m = moveItem(m, b!.id, 'up', now).meeting;
    expect(titles(m)).toEqual(['m --:-- B', 'm --:-- A', 'a --:-- C']);
    m = moveItem(m, c!.id, 'up', now).meeting;
    expect(titles(m)).toEqual(['m --:-- B', 'm --:-- A', 'm --:-- C']);
    expect(refusalKey(() => moveItem(m, b!.id, 'up', now))).toBe('meetings:errors.alreadyFirst');
    m = moveItem(moveItem(m, c!.id, 'down', now).meeting, a!.id, 'down', now).meeting;
    expect(titles(m)).toEqual(['m --:-- B', 'a --:-- A', 'a --:-- C']);
    const renamed = changeItem(m, { ...m.items[2]!, title: 'C2' }, now);
    expect(titles(renamed.meeting)).toEqual(['m --:-- B', 'a --:-- A', 'a --:-- C2']);
    expect(renamed.change).toEqual({ kind: 'itemChanged', title: 'C2' });
    expect(changeItem(m, m.items[0]!, now).change).toBeUndefined();
    expect(titles(removeItem(m, a!.id, now).meeting)).toEqual(['m --:-- B', 'a --:-- C']);
  });

  it('keeps an item where the coordinator put it when a new time fits there, never moving it silently', () => {
    const untimed = withItems(meeting(), item('Välkomna!'), item('Trender'), item('Workshop'));
    const welcome = changeItem(untimed, { ...untimed.items[0]!, startTime: '09:30' }, now);
    expect(titles(welcome.meeting)).toEqual(['m 09:30 Välkomna!', 'm --:-- Trender', 'm --:-- Workshop']);
    expect(welcome.change).toEqual({ kind: 'itemChanged', title: 'Välkomna!' });

    let m = withItems(meeting(), item('Välkomna!', '09:00'), item('Trender'), item('Workshop'), item('Lunch', '12:00'));
    m = changeItem(m, { ...m.items[1]!, startTime: '09:30' }, now).meeting;
    m = changeItem(m, { ...m.items[2]!, startTime: '10:30' }, now).meeting;
    expect(titles(m)).toEqual(['m 09:00 Välkomna!', 'm 09:30 Trender', 'm 10:30 Workshop', 'm 12:00 Lunch']);
    const { startTime: _time, ...withoutTime } = m.items[1]!;
    const untimedAgain = changeItem(m, withoutTime, now);
    expect(titles(untimedAgain.meeting)[1]).toBe('m --:-- Trender'); // taking the time away keeps the place too
  });

  it('moves an item whose new time does not fit where it stands to that time, and says where it went', () => {
    const m = withItems(meeting(), item('Välkomna!', '09:00'), item('Trender', '09:30'), item('Workshop', '10:30'));
    const earlier = changeItem(m, { ...m.items[2]!, startTime: '09:15' }, now);
    expect(titles(earlier.meeting)).toEqual(['m 09:00 Välkomna!', 'm 09:15 Workshop', 'm 09:30 Trender']);
    expect(earlier.change).toEqual({ kind: 'itemRescheduled', title: 'Workshop', time: '09:15', after: 'Välkomna!' });
    const first = changeItem(m, { ...m.items[1]!, startTime: '09:00' }, now);
    expect(first.change).toEqual({ kind: 'itemChanged', title: 'Trender' }); // the same time as the item above fits
    const early = withItems(meeting({ startTime: '08:00' }), item('A', '09:00'), item('B', '10:00'));
    const toStart = changeItem(early, { ...early.items[1]!, startTime: '08:30' }, now);
    expect(titles(toStart.meeting)).toEqual(['m 08:30 B', 'm 09:00 A']);
    expect(toStart.change).toEqual({ kind: 'itemRescheduled', title: 'B', time: '08:30' });
  });

  it('refuses a move that would put the times out of order', () => {
    const m = withItems(meeting(), item('Välkomna!', '09:00'), item('Trender', '09:30'));
    expect(refusalOf(() => moveItem(m, m.items[1]!.id, 'up', now))).toEqual({
      key: 'meetings:errors.timesOutOfOrder',
      values: { title: 'Välkomna!', time: '09:00', before: 'Trender', beforeTime: '09:30' },
    });
  });
});

describe('agenda validation', () => {
  it('refuses an item without a title, a time outside the day, and times out of order across sessions', () => {
    const m = withItems(meeting(), item('Välkomna!', '09:00'), item('Workshop', '13:00', 'afternoon'));
    expect(refusalKey(() => item('   '))).toBe('meetings:errors.titleRequired');
    expect(refusalOf(() => addItem(m, item('Kvällsfika', '18:00'), now))).toEqual({
      key: 'meetings:errors.timeOutsideDay',
      values: { title: 'Kvällsfika', time: '18:00', start: '09:00', end: '16:00' },
    });
    expect(refusalKey(() => addItem(m, item('Frukost', '08:00'), now))).toBe('meetings:errors.timeOutsideDay');
    expect(refusalKey(() => addItem(m, item('Sen förmiddag', '14:00'), now))).toBe('meetings:errors.timesOutOfOrder');
    expect(addItem(m, item('Avslutning', '16:00', 'afternoon'), now).meeting.items).toHaveLength(3);
  });

  it('refuses bad presenters and links in the item form', () => {
    expect(
      refusalOf(() => item('Trender', '', 'morning', { presenters: 'Anna-Stina Takala, handläggare, KB\n, , ' })),
    ).toEqual({
      key: 'meetings:errors.unreadablePresenter',
      values: { line: ', ,' },
    });
    expect(refusalKey(() => item('Trender', '', 'morning', { links: 'bilderna' }))).toBe('meetings:errors.badLink');
    expect(refusalKey(() => item('Trender', '9'))).toBe('meetings:errors.badTime');
  });

  it('keeps the agenda when the day changes only if every item still fits', () => {
    const m = withItems(meeting(), item('Välkomna!', '09:00'), item('Workshop', '13:00', 'afternoon'));
    expect(refusalKey(() => changeDetails(m, details({ startTime: '10:00' }), now))).toBe(
      'meetings:errors.timeOutsideDay',
    );
    expect(refusalOf(() => changeDetails(m, details({ sessions: 'Förmiddag' }), now))).toEqual({
      key: 'meetings:errors.sessionHasItems',
      values: { title: 'Workshop' },
    });
    const moved = changeDetails(m, details({ date: '2027-04-02', place: 'Online', endTime: '15:00' }), now);
    expect(moved.change).toEqual({
      kind: 'details',
      date: { from: '2027-04-01', to: '2027-04-02' },
      time: { start: '09:00', end: '15:00' },
      place: 'Online',
    });
    expect(moved.meeting.sequence).toBe(m.sequence + 1);
    expect(changeDetails(m, details(), now).change).toBeUndefined();
  });

  it('keeps the items of a session renamed in place', () => {
    const m = withItems(meeting({ sessions: 'Förmiddag\nStudiebesök' }), item('Kista', '', 's-studiebesok'));
    const renamed = changeDetails(m, details({ sessions: 'Förmiddag\nStudiebesök på Kista bibliotek' }), now).meeting;
    expect(renamed.items[0]!.sessionId).toBe('s-studiebesok-pa-kista-bibliotek');
  });

  it('adds a pasted programme after what is there, following session headings, all or nothing', () => {
    const base = withItems(meeting(), item('Välkomna!', '09:00'));
    const text =
      'Trender i planerna 2020\nAnna-Stina Takala, handläggare, KB.\n\nEftermiddag\n\n13.00 Workshop\n\nFilmning';
    const entries = readProgramme(text, { isHeading: (line) => sessionNamed(base.sessions, line) !== undefined });
    const { meeting: pasted, change } = addProgramme(base, entries, 'morning', nextId, now);
    expect(titles(pasted)).toEqual([
      'm 09:00 Välkomna!',
      'm --:-- Trender i planerna 2020',
      'a 13:00 Workshop',
      'a --:-- Filmning',
    ]);
    expect(change).toEqual({ kind: 'itemsAdded', count: 3 });
    const outOfOrder = readProgramme('08.00 Tidig fika');
    expect(refusalKey(() => addProgramme(base, outOfOrder, 'morning', nextId, now))).toBe(
      'meetings:errors.timeOutsideDay',
    );
    expect(refusalKey(() => addProgramme(base, readProgramme('10.00 A\n\n09.30 B'), 'morning', nextId, now))).toBe(
      'meetings:errors.timesOutOfOrder',
    );
    expect(refusalKey(() => addProgramme(base, readProgramme('\n\n  \n'), 'morning', nextId, now))).toBe(
      'meetings:errors.nothingToRead',
    );
  });
});

describe('reminders', () => {
  it('fall at the reminder hour, Swedish time, on both sides of the change to summer time', () => {
    // Summer time starts on 28 March 2027: nine o'clock is 08:00Z before it and 07:00Z after.
    expect(reminderDueAt('2027-04-01', 7, 9).toISOString()).toBe('2027-03-25T08:00:00.000Z');
    expect(reminderDueAt('2027-04-01', 1, 9).toISOString()).toBe('2027-03-31T07:00:00.000Z');
    // ...and back again on 31 October 2027.
    expect(reminderDueAt('2027-11-02', 7, 9).toISOString()).toBe('2027-10-26T07:00:00.000Z');
    expect(reminderDueAt('2027-11-02', 1, 9).toISOString()).toBe('2027-11-01T08:00:00.000Z');
  });

  it('are due for a day from their time, before the meeting, once it is published, and never late', () => {
    const published: Meeting = { ...meeting(), status: 'published', publishedAt: now.toISOString() };
    const at = (iso: string) => dueReminderDays(published, new Date(iso));
    expect(at('2027-03-25T07:59:00Z')).toEqual([]);
    expect(at('2027-03-25T08:00:00Z')).toEqual([7]);
    expect(at('2027-03-26T07:59:00Z')).toEqual([7]);
    expect(at('2027-03-26T08:00:00Z')).toEqual([]);
    expect(at('2027-03-31T07:00:00Z')).toEqual([1]);
    expect(at('2027-04-01T07:00:00Z')).toEqual([]); // the meeting has started
    expect(dueReminderDays(meeting(), new Date('2027-03-25T08:00:00Z'))).toEqual([]); // a draft is not announced
    const late: Meeting = { ...published, publishedAt: '2027-03-28T10:00:00Z' };
    expect(dueReminderDays(late, new Date('2027-03-28T10:00:00Z'))).toEqual([]); // the week's reminder was due before it was published
  });

  it('are keyed by meeting, date and days, so a moved meeting is reminded again', () => {
    const m = meeting();
    expect(reminderKey(m, 7)).toBe('meeting-reminder:meeting-1:2027-04-01:7');
    expect(reminderKey({ ...m, date: '2027-04-08' }, 7)).toBe('meeting-reminder:meeting-1:2027-04-08:7');
  });
});

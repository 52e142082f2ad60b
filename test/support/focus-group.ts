import type { BotHarness, Conversation, TestPerson } from './bot-harness.js';

/** One library worker per Jämtland municipality, in SCB code order. */
export const JAMTLAND = [
  ['2303', 'Ragunda'],
  ['2305', 'Bräcke'],
  ['2309', 'Krokom'],
  ['2313', 'Strömsund'],
  ['2321', 'Åre'],
  ['2326', 'Berg'],
  ['2361', 'Härjedalen'],
  ['2380', 'Östersund'],
] as const;

export const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };

export const members: TestPerson[] = JAMTLAND.map(([code, name]) => ({
  id: `m0000000-0000-0000-0000-00000000${code}`,
  name: `Bibliotekarie ${name}`,
}));

export const groupChannel: Conversation = {
  id: '19:mik-group@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:region-team@thread.tacv2',
};

/**
 * The example programme with every municipality signed up to both groups through the real sign-up card, and the
 * first group linked to a channel: the state most poll, agenda and output tests start from.
 */
export async function assembledFocusGroup(bot: BotHarness) {
  const [programme] = await bot.storage().programmes.list();
  const programmeId = programme!.programmeId;
  const [mik, digital] = programme!.groups.map((g) => g.id) as [string, string];
  for (const [index, [code]] of JAMTLAND.entries()) {
    await bot.execute(members[index]!, 'membership.signUp', {
      programmeId,
      groupIds: `${mik},${digital}`,
      municipalityCode: code,
      preferredChannel: 'teams',
    });
  }
  await bot.execute(
    coordinator,
    'programmes.link',
    { target: `${programmeId}|${mik}` },
    { conversation: groupChannel },
  );
  return { programmeId, mik, digital };
}

/** Regional staff of the example programme, once `withRegionalStaff` has made her so. */
export const regionalStaff: TestPerson = { id: 's0000000-0000-0000-0000-000000000003', name: 'Sara Regional' };

/** Gives `person` a role in the programme, as a coordinator does from the programme card. */
export async function giveRole(
  bot: BotHarness,
  programmeId: string,
  person: TestPerson,
  role: 'coordinator' | 'regionalStaff',
): Promise<void> {
  await bot.execute(coordinator, 'programmes.addRole', {
    programmeId,
    personId: person.id,
    personName: person.name,
    role,
  });
}

/** Makes `regionalStaff` regional staff of the programme. */
export const withRegionalStaff = (bot: BotHarness, programmeId: string) =>
  giveRole(bot, programmeId, regionalStaff, 'regionalStaff');

/** The new-poll form for a date poll over two full days in April, open until 1 March, results shown. */
export function datePollForm(programmeId: string, groupId: string, question = 'Vilken dag?') {
  return {
    programmeId,
    groupId,
    question,
    kind: 'date',
    days: '2027-04-13/fullDay,2027-04-14/fullDay',
    showResults: 'true',
    deadlineDate: '2027-03-01',
    deadlineHour: '12',
  };
}

/**
 * The meeting form for a new meeting of the group: a whole day at Kista bibliotek on 1 April 2027, two sessions,
 * reminders 7 and 1 days before at 9. `fields` adds or changes fields (a title, another day, `then: 'publish'`).
 */
export function meetingForm(programmeId: string, groupId: string, fields: Record<string, string> = {}) {
  return {
    programmeId,
    groupId,
    meetingId: '',
    date: '2027-04-01',
    startTime: '09:00',
    endTime: '16:00',
    place: 'Kista bibliotek',
    sessions: 'Förmiddag\nEftermiddag',
    reminderDays: '7, 1',
    reminderHour: '9',
    ...fields,
  };
}

/** A small kit plan as a member submits it for review: one item (two tablets), lent for four weeks. */
export function smallKitPlanForm(ref: { programmeId: string; groupId: string; outputId: string }) {
  return {
    ...ref,
    etag: '',
    rows: '1',
    name: 'MIK-lådan',
    purpose: 'Källkritik och medieproduktion.',
    targetGroups: '10–15 år',
    item1Name: 'Surfplatta',
    item1Quantity: '2',
    item1UnitPrice: '3000',
    loanPeriod: '4 veckor',
    whoMayBook: 'Folkbibliotek',
    pickupAndReturn: 'Med transporten',
    maintainedBy: 'Regionbiblioteket',
  };
}

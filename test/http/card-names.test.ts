import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardText, type TestPerson } from '../support/bot-harness.js';
import { validCard } from '../support/adaptive-cards.js';
import {
  assembledFocusGroup,
  coordinator,
  groupChannel,
  members,
  regionalStaff as staff,
  withRegionalStaff,
} from '../support/focus-group.js';

/**
 * Issue 12, item 13: every button names its object, every input label is unique (screen readers read a button or
 * a label alone), and a person picked in the people picker gets their name from Teams instead of typing it again.
 */
let bot: BotHarness;
let programmeId: string;
let mik: string;
let digital: string;
const [anna] = members as [TestPerson];

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  await withRegionalStaff(bot, programmeId);
});
afterAll(async () => bot?.stop());

/** What a screen reader would read alike on one card: repeated button titles and repeated or missing labels. */
function namingProblems(card: any): string[] {
  const titles: string[] = [];
  const labels: string[] = [];
  const problems: string[] = [];
  const walk = (node: any, key?: string) => {
    if (Array.isArray(node)) return node.forEach((child) => walk(child));
    // A fallback stands in for its action on older clients; a refresh action is never shown as a button.
    if (!node || typeof node !== 'object' || key === 'fallback' || key === 'refresh') return;
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) titles.push(node.title);
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) {
      if (!node.label) problems.push(`input ${node.id} has no label`);
      else labels.push(node.label);
    }
    for (const [childKey, child] of Object.entries(node)) walk(child, childKey);
  };
  walk(card);
  const repeated = (list: string[]) => [...new Set(list.filter((item, index) => list.indexOf(item) !== index))];
  return [
    ...problems,
    ...repeated(titles).map((title) => `button "${title}" repeats`),
    ...repeated(labels).map((label) => `label "${label}" repeats`),
  ];
}

const titlesOf = (card: any): string[] =>
  JSON.stringify(card)
    .match(/"type":"Action\.Execute","title":"[^"]*"/g)!
    .map((match) => match.replace(/.*"title":"/, '').replace(/"$/, ''));

describe('every button names its object, every label is unique (item 13)', () => {
  it('my groups: "Lämna MIK & ungas medievärldar", in English too', async () => {
    const card = validCard(await bot.say(anna, 'mina grupper'));
    expect(namingProblems(card)).toEqual([]);
    expect(titlesOf(card)).toEqual(
      expect.arrayContaining([
        'Medlemmar i MIK & ungas medievärldar',
        'Lämna MIK & ungas medievärldar',
        'Lämna Det digitala biblioteksrummet',
        'Ändra anmälan till Fokusgrupper digitalt först 2027',
      ]),
    );
    const english = validCard(await bot.say(anna, 'my groups', { locale: 'en-GB' }));
    expect(titlesOf(english)).toContain('Leave MIK & ungas medievärldar');
  });

  it('the kit plan form: each row\'s inputs say which row ("Namn, rad 2")', async () => {
    bot.now = new Date('2027-08-10T08:00:00Z');
    const card = validCard(
      await bot.execute(anna, 'outputs.kitPlanForm', { programmeId, groupId: mik, outputId: 'kitPlan-1' }),
    );
    expect(namingProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Namn, rad 2');
    expect(cardText(card)).toContain('À-pris (kr), rad 3');
    const english = validCard(
      await bot.execute(
        anna,
        'outputs.kitPlanForm',
        { programmeId, groupId: mik, outputId: 'kitPlan-1' },
        { locale: 'en-GB' },
      ),
    );
    expect(namingProblems(english)).toEqual([]);
    expect(cardText(english)).toMatch(/, row 2/);
  });

  it('lists, the overview, the running order, programmes and their management', async () => {
    const cards = [
      validCard(await bot.say(anna, 'resultat')),
      validCard(await bot.say(staff, 'översikt')),
      validCard(await bot.say(staff, 'presentationsdag')),
      validCard(await bot.say(coordinator, 'program')),
      validCard(await bot.execute(coordinator, 'programmes.manage', { programmeId })),
      validCard(await bot.say(coordinator, 'nytt program')),
      validCard(await bot.execute(coordinator, 'programmes.groupForm', { programmeId, groupId: mik })),
      validCard(await bot.execute(coordinator, 'programmes.roleForm', { programmeId })),
      validCard(await bot.execute(coordinator, 'membership.addForm', { programmeId })),
      validCard(await bot.say(anna, 'hjälp')),
    ];
    const poll = validCard(
      await bot.execute(coordinator, 'polls.create', {
        programmeId,
        groupId: mik,
        question: 'Vilken dag?',
        kind: 'date',
        days: '2027-09-14/fullDay,2027-09-15/morning,2027-09-15/afternoon',
        showResults: 'true',
        deadlineDate: '2027-09-01',
        deadlineHour: '12',
      }),
    );
    const pollId = poll.refresh.action.data.pollId;
    await bot.execute(coordinator, 'polls.close', { pollId });
    cards.push(poll, validCard(await bot.execute(coordinator, 'polls.results', { pollId })));
    for (const card of cards) expect(namingProblems(card), cardText(card).slice(0, 60)).toEqual([]);
    const [mine, overview, order, programmes, manage, newProgramme] = cards;
    expect(titlesOf(mine)).toContain('Öppna Plan för ett regionalt bokningsbart MIK-kit (MIK & ungas medievärldar)');
    expect(titlesOf(overview)).toContain(
      'Öppna Videorapport från studiebesök (3 minuter) (Det digitala biblioteksrummet)',
    );
    expect(titlesOf(order)).toContain('↓ Flytta MIK & ungas medievärldar ned');
    expect(cardText(order)).toContain('Minuter för Det digitala biblioteksrummet');
    expect(titlesOf(programmes)).toContain('Hantera Fokusgrupper digitalt först 2027');
    expect(titlesOf(manage)).toEqual(
      expect.arrayContaining(['Redigera MIK & ungas medievärldar', 'Ta bort Sara Regional från regional personal']),
    );
    expect(cardText(newProgramme)).toContain('Gruppens namn (grupp 2)');
  });
});

describe('a person picked in the people picker is named by Teams (item 13)', () => {
  const picked: TestPerson = { id: 'p0000000-0000-0000-0000-000000000042', name: 'Petra Picker' };
  const teamMember: TestPerson = { id: 'p0000000-0000-0000-0000-000000000043', name: 'Tove Teamsson' };

  it("gives a role to someone found in the roster of a group's channel, without typing the name", async () => {
    bot.connector.roster.set(picked.id, { name: picked.name, conversations: [groupChannel.id] });
    const card = validCard(
      await bot.execute(coordinator, 'programmes.addRole', { programmeId, personId: picked.id, role: 'regionalStaff' }),
    );
    expect(cardText(card)).toContain('Petra Picker är nu med som regional personal.');
    expect(
      bot.connector.calls.some(
        (call) => call.method === 'GET' && call.path === `/v3/conversations/${groupChannel.id}/members/${picked.id}`,
      ),
    ).toBe(true);
    expect((await bot.storage().programmes.get(programmeId))!.regionalStaff).toContainEqual(picked);
  });

  it("signs up someone a coordinator picks in a channel, named by the team's roster", async () => {
    bot.now = new Date('2027-02-15T09:00:00Z');
    bot.connector.roster.set(teamMember.id, { name: teamMember.name, conversations: [groupChannel.teamId!] });
    const reply = await bot.execute(
      coordinator,
      'membership.add',
      { programmeId, personId: teamMember.id, groupIds: digital, municipalityCode: '2326', preferredChannel: 'teams' },
      { conversation: groupChannel },
    );
    expect(reply.body.value).toMatch(/^Tove Teamsson är tillagd i Det digitala biblioteksrummet\./);
    const stored = await bot.storage().memberships.get(programmeId, teamMember.id);
    expect(stored!.person).toEqual(teamMember);
  });

  it('asks for the name once, only when Teams does not know the person, keeping what was filled in', async () => {
    const stranger = { id: 'p0000000-0000-0000-0000-000000000044', name: 'Stina Okänd' };
    const form = {
      programmeId,
      personId: stranger.id,
      groupIds: mik,
      municipalityCode: '2380',
      preferredChannel: 'teams',
    };
    const asked = validCard(await bot.execute(coordinator, 'membership.add', form, { locale: 'en-GB' }));
    expect(cardText(asked)).toContain("I cannot find the person's name in Teams");
    expect(asked.body.find((e: any) => e.id === 'personName')).toMatchObject({ isRequired: true });
    expect(asked.body.find((e: any) => e.id === 'municipalityCode').value).toBe('2380');
    expect(await bot.storage().memberships.get(programmeId, stranger.id)).toBeUndefined();
    const added = await bot.execute(coordinator, 'membership.add', { ...form, personName: stranger.name });
    expect(added.body.value).toMatch(/^Stina Okänd är tillagd i MIK/);
  });
});

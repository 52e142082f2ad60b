import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardText, textOf, type TestPerson } from '../support/bot-harness.js';
import { validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, members, datePollForm } from '../support/focus-group.js';

/**
 * Issue 12, item 14: texts read as a member reads them. Nobody who is not a coordinator is told they are not one
 * "yet" (which promises they will be); a decided day is never "full day" and a time of day at once.
 */
let bot: BotHarness;
let programmeId: string;
let mik: string;
const [anna, bo] = members as [TestPerson, TestPerson];

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
});
afterAll(async () => bot?.stop());

describe('a member asking for what coordinators do', () => {
  it('is told who does it, without being promised the role', async () => {
    const link = textOf(await bot.say(anna, 'koppla grupp', { conversation: groupChannel }));
    expect(link).toBe(
      'Grupper kopplas av programmets samordnare, och du är inte samordnare för något program med grupper, så här finns inget för dig att koppla.',
    );
    const poll = textOf(await bot.say(anna, 'ny omröstning'));
    expect(poll).toBe('Omröstningar skapas av programmets samordnare, och du är inte samordnare för någon grupp.');
    const meeting = textOf(await bot.say(anna, 'new meeting', { locale: 'en-GB' }));
    expect(meeting).toBe(
      "Meetings are planned by the programme's coordinators, and you are not a coordinator of any group.",
    );
    for (const text of [link, poll, meeting]) expect(text).not.toMatch(/\b(ännu|än|yet)\b/);
  });
});

describe('a decided day', () => {
  it('is announced with its date and times, never also as a "full day"', async () => {
    const created = validCard(await bot.execute(coordinator, 'polls.create', datePollForm(programmeId, mik)));
    const pollId = created.refresh.action.data.pollId;
    await bot.execute(bo, 'polls.vote', { pollId, answer_d1: 'yes', answer_d2: 'no' }, { conversation: groupChannel });
    await bot.execute(coordinator, 'polls.close', { pollId });
    await bot.delivered(); // the card frozen at the close is not what this looks for
    const before = bot.connector.calls.length;
    const decided = validCard(
      await bot.execute(coordinator, 'polls.confirmDate', {
        pollId,
        optionId: 'd1',
        place: 'Kista bibliotek',
        startTime: '09:30',
        endTime: '16:00',
      }),
    );
    expect(cardText(decided)).toContain('Bestämt: tisdag 13 april 2027, 09:30–16:00, Kista bibliotek.');
    await bot.delivered(); // the announcement goes through the outbox
    const announcement = bot.connector.calls.slice(before).find((call) => call.body?.attachments)!.body.attachments[0]
      .content;
    expect(cardText(announcement)).toContain('MIK & ungas medievärldar träffas tisdag 13 april 2027, kl. 09:30–16:00.');
    expect(cardText(announcement)).not.toContain('heldag');
    const english = validCard(await bot.execute(coordinator, 'polls.results', { pollId }, { locale: 'en-GB' }));
    expect(cardText(english)).toContain('Decided: Tuesday 13 April 2027, 09:30–16:00, Kista bibliotek.');
    expect(cardText(english)).not.toMatch(/full day, 09:30/);
  });
});

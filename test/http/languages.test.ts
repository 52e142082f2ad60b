import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT, BotHarness, cardOf, cardText, postedCard, textOf, type TestPerson } from '../support/bot-harness.js';
import { inputValue, validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, members, smallKitPlanForm } from '../support/focus-group.js';

/**
 * Issue 12, item 11: a reply to one person speaks that person's Teams language, in a channel too; what the bot posts
 * for the whole group speaks the programme's language, a programme setting (Swedish unless chosen otherwise).
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

const posts = (before: number) =>
  bot.connector.calls.slice(before).filter((call) => call.path === `/v3/conversations/${groupChannel.id}/activities`);

describe("replies to one person follow that person's Teams language", () => {
  it("answers a command in the group's channel in the language of whoever asked", async () => {
    const english = validCard(await bot.say(anna, 'members', { conversation: groupChannel, locale: 'en-GB' }));
    expect(cardText(english)).toContain('Members of MIK & ungas medievärldar');
    const swedish = validCard(await bot.say(bo, 'medlemmar', { conversation: groupChannel }));
    expect(cardText(swedish)).toContain('Medlemmar i MIK & ungas medievärldar');
  });

  it("answers a click on a card in the channel in the clicker's language", async () => {
    const card = validCard(
      await bot.execute(
        anna,
        'membership.members',
        { programmeId, groupId: mik },
        { conversation: groupChannel, locale: 'en-US' },
      ),
    );
    expect(cardText(card)).toContain('Members of MIK & ungas medievärldar');
  });
});

describe("posts for the whole group follow the programme's language", () => {
  it('is Swedish unless chosen, and chosen on the programme form', async () => {
    expect((await bot.storage().programmes.get(programmeId))!.language).toBe('sv');
    const form = validCard(await bot.execute(coordinator, 'programmes.editForm', { programmeId }, { locale: 'en-GB' }));
    expect(inputValue(form, 'language')).toBe('sv');
    expect(cardText(form)).toContain('Language of what I write to the groups');
    const programme = (await bot.storage().programmes.get(programmeId))!;
    const saved = validCard(
      await bot.execute(coordinator, 'programmes.update', {
        programmeId,
        name: programme.name,
        countyCode: programme.region.countyCode ?? '',
        municipalityCodes: '',
        signUpDeadline: programme.signUpDeadline,
        presentationDay: programme.presentationDay,
        language: 'en',
      }),
    );
    expect(cardText(saved)).toContain('är uppdaterat'); // the coordinator's own answer stays in their language
    expect((await bot.storage().programmes.get(programmeId))!.language).toBe('en');
  });

  it("posts a poll to the channel in the programme's language, and freezes it in the same", async () => {
    const before = bot.connector.calls.length;
    const reply = await bot.execute(coordinator, 'polls.create', {
      programmeId,
      groupId: mik,
      question: 'Which day?',
      kind: 'date',
      days: '2027-04-13/fullDay,2027-04-14/fullDay',
      showResults: 'true',
      deadlineDate: '2027-03-01',
      deadlineHour: '12',
    });
    expect(cardText(cardOf(reply))).toContain('Omröstningen är publicerad i gruppens kanal.');
    const posted = posts(before)[0]!.body.attachments[0].content;
    expect(cardText(posted)).toContain('Answer by 1 March 2027');
    expect(cardText(posted)).toContain('Tue 13 Apr 2027');
    const pollId = posted.refresh.action.data.pollId;
    const closing = bot.connector.calls.length;
    await bot.execute(coordinator, 'polls.close', { pollId });
    await bot.delivered(); // the card is frozen through the outbox
    const frozen = bot.connector.calls.slice(closing).find((call) => call.method === 'PUT')!.body.attachments[0]
      .content;
    expect(cardText(frozen)).toContain('Results: Which day?');
  });

  it("tells the group of a review in its channel in the programme's language", async () => {
    bot.now = new Date('2027-08-10T08:00:00Z');
    const ref = { programmeId, groupId: mik, outputId: 'kitPlan-1' };
    await bot.execute(anna, 'outputs.kitPlanSubmit', smallKitPlanForm(ref));
    const submitted = (await bot.outputStore().outputs.get(programmeId, mik, 'kitPlan-1'))!;
    const before = bot.connector.calls.length;
    await bot.execute(coordinator, 'outputs.return', {
      ...ref,
      etag: submitted._etag,
      comment: 'Lägg till en budget.',
    });
    expect(posts(before).map((call) => call.body.text)).toEqual([
      '↩️ Karin Samordnare has returned “Plan för ett regionalt bokningsbart MIK-kit” with comments: Lägg till en budget. Write “outputs” to me to carry on.',
    ]);
  });

  it("welcomes a channel of the group in the programme's language, whoever installs the bot", async () => {
    const reply = await bot.conversationUpdate([{ id: BOT.id }], { by: bo, conversation: groupChannel });
    expect(textOf(reply)).toMatch(/^Hello everyone! I am Fokusgrupper/);
    expect(postedCard(reply)).toBeUndefined();
  });

  it('is read from an imported programme too', async () => {
    const json = JSON.stringify({
      name: 'Läsfrämjande på engelska',
      region: { county: 'Jämtlands län' },
      signUpDeadline: '2027-04-15',
      presentationDay: '2027-11-05',
      language: 'en',
      groups: [{ name: 'Unga läsare' }],
    });
    await bot.execute(coordinator, 'programmes.import', { json });
    const imported = (await bot.storage().programmes.list()).find((p) => p.name === 'Läsfrämjande på engelska')!;
    expect(imported.language).toBe('en');
    const refused = await bot.execute(coordinator, 'programmes.import', {
      json: json.replace('"en"', '"fi"').replace('på engelska', 'på finska'),
    });
    expect(textOf(refused)).toMatch(/^Fältet ”language” kan bara vara något av: sv, en\./);
  });
});

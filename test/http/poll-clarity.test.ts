import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, cardText, type TestPerson } from '../support/bot-harness.js';
import { validCard } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, groupChannel, members, datePollForm } from '../support/focus-group.js';

/**
 * Issue 12, items 8 and 9: a date poll's "missing" line tells apart municipalities whose members cannot come from
 * those with nobody in the group, and the counts a person sees never go backwards and always hold their own answer.
 */
let bot: BotHarness;
let programmeId: string;
let mik: string;
const [ragunda, bracke, krokom, stromsund, are, berg] = members as [
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
  TestPerson,
];

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik } = await assembledFocusGroup(bot));
  // Berg leaves the MIK group: from now on nobody there represents Berg.
  await bot.execute(berg, 'membership.withdraw', { programmeId, groupId: mik });
});
afterAll(async () => bot?.stop());

async function newPoll(question: string): Promise<string> {
  const created = await bot.execute(coordinator, 'polls.create', datePollForm(programmeId, mik, question), {
    conversation: groupChannel,
  });
  return cardOf(created).refresh.action.data.pollId;
}

const vote = (
  harness: BotHarness,
  person: TestPerson,
  pollId: string,
  d1: string,
  d2: string,
  seen = 0,
  locale?: string,
) =>
  harness.execute(
    person,
    'polls.vote',
    { pollId, seen, answer_d1: d1, answer_d2: d2 },
    {
      conversation: groupChannel,
      ...(locale ? { locale } : {}),
    },
  );

const open = (harness: BotHarness, person: TestPerson, pollId: string, seen = 0, locale?: string) =>
  harness.execute(
    person,
    'polls.refresh',
    { pollId, seen },
    { conversation: groupChannel, ...(locale ? { locale } : {}) },
  );

/** "… 3 svar hittills." / "3 answers so far.": the count a person is shown, and what their card will say it saw. */
function countOn(card: any): number {
  const count = Number(/(\d+) (?:svar hittills|answers? so far)/.exec(cardText(card))![1]);
  expect(card.refresh.action.data.seen).toBe(count);
  return count;
}

/** The "missing" line under one day of a poll card (the second text under the day's input). */
function missingLine(card: any, day: number): string {
  const container = card.body.filter((element: any) => element.type === 'Container')[day]!;
  return container.items.at(-1).text;
}

describe('who would be missing on a day (item 8)', () => {
  it('shows apart who cannot come, who has not answered and who has nobody in the group', async () => {
    const pollId = await newPoll('Vilken dag passar?');
    await vote(bot, ragunda, pollId, 'no', 'yes');
    await vote(bot, bracke, pollId, 'yes', 'no');
    await vote(bot, krokom, pollId, 'ifNeedBe', 'no');
    // Someone opening the card sees every vote counted so far (a voter's own answer card may lag others' by a moment).
    const card = validCard(await open(bot, stromsund, pollId));
    expect(missingLine(card, 0)).toBe(
      'Kan inte: Ragunda · Har inte svarat än: Härjedalen, Strömsund, Åre, Östersund · Ingen i gruppen från: Berg',
    );
    expect(missingLine(card, 1)).toBe(
      'Kan inte: Bräcke, Krokom · Har inte svarat än: Härjedalen, Strömsund, Åre, Östersund · Ingen i gruppen från: Berg',
    );

    for (const person of [stromsund, are, members[6]!, members[7]!]) await vote(bot, person, pollId, 'yes', 'no');
    await vote(bot, ragunda, pollId, 'yes', 'yes', 0, 'en-GB');
    const english = validCard(await open(bot, ragunda, pollId, 0, 'en-GB'));
    expect(missingLine(english, 0)).toBe('Every municipality in the group can come · Nobody in the group from: Berg');
    expect(missingLine(english, 1)).toBe(
      'Cannot come: Bräcke, Härjedalen, Krokom, Strömsund, Åre, Östersund · Nobody in the group from: Berg',
    );
  });

  it("keeps them apart on the coordinator's results and on the card frozen at the close", async () => {
    const pollId = await newPoll('Och nästa gång?');
    await vote(bot, ragunda, pollId, 'no', 'no');
    const results = validCard(await bot.execute(coordinator, 'polls.results', { pollId }));
    expect(cardText(results)).toContain(
      'Kan inte: Ragunda · Har inte svarat än: Bräcke, Härjedalen, Krokom, Strömsund, Åre, Östersund · Ingen i gruppen från: Berg',
    );
    const before = bot.connector.calls.length;
    await bot.execute(coordinator, 'polls.close', { pollId });
    await bot.delivered(); // the card is frozen through the outbox
    const frozen = bot.connector.calls.slice(before).find((call) => call.method === 'PUT')!.body.attachments[0].content;
    expect(cardText(frozen)).toContain('Ingen i gruppen från: Berg');
  });
});

describe('counts that never go backwards (item 9)', () => {
  it("always include the voter's own answer, and what one member saw, the next one opening the card sees too", async () => {
    const pollId = await newPoll('Räknas allt?');
    const first = countOn(validCard(await open(bot, stromsund, pollId)));
    expect(first).toBe(0);
    // Ragunda votes: her card counts her at once, though the shared list was read before she voted.
    const own = countOn(validCard(await vote(bot, ragunda, pollId, 'yes', 'no')));
    expect(own).toBe(1);
    // Strömsund opens the card again at once: on this instance he is shown everything she saw.
    expect(countOn(validCard(await open(bot, stromsund, pollId, first)))).toBe(own);
  });

  it('never shows a person fewer answers than their card showed, even from another instance', async () => {
    const pollId = await newPoll('Två instanser?');
    const second = await BotHarness.startBeside(bot);
    try {
      // The second instance reads the votes (none yet) and shares that read for two seconds.
      expect(countOn(validCard(await open(second, bracke, pollId)))).toBe(0);
      await vote(bot, ragunda, pollId, 'yes', 'no');
      await vote(bot, krokom, pollId, 'no', 'yes');
      await vote(bot, bracke, pollId, 'yes', 'yes');
      const seen = countOn(validCard(await open(bot, bracke, pollId)));
      expect(seen).toBe(3);
      // Bräcke's next look is answered by the other instance, whose shared read is older than what he saw.
      const again = validCard(await open(second, bracke, pollId, seen));
      expect(countOn(again)).toBe(3);
      // And a vote there counts the voter's own answer, and everything the voter's card already showed.
      expect(countOn(validCard(await vote(second, stromsund, pollId, 'no', 'no', 3)))).toBe(4);
    } finally {
      await second.stop();
    }
  });
});

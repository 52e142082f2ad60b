/**
 * A date poll end to end in a real browser (issue 3): in the Agents Playground's team channel "General", Alex
 * Wilber links his group to the channel and creates a date poll; the bot posts the poll into the channel; there
 * he answers the day drop-downs and saves, and the card is replaced in place by one showing his own answers.
 * The bot is the real one (BotHarness: real HTTP server, real Cosmos client against the in-process store).
 * Skipped with a warning when there is no Chromium, failed instead when CI=true (describeInBrowser).
 *
 * It runs in Swedish (the proxy rewrites the Playground's en-US to sv-SE): the card the bot posts in a group's
 * channel is always in the group's language, Swedish, while the card that replaces it after a click is in the
 * clicker's language. With en-US the Playground would keep the old card's (Swedish) drop-down options on the
 * replaced (English) card, so answering a second time would not work in the Playground, though it would in Teams.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BotHarness } from '../support/bot-harness.js';
import {
  PLAYGROUND_DEFAULTS,
  cardWithHeading,
  checkInCard,
  chooseInCard,
  clickCardButton,
  describeInBrowser,
  fillInCard,
  postInChannelMentioningBot,
  saveScreenshot,
  screenshotOnFailure,
} from './support/playground.js';
import { ALEX, CoordinatorInChannel, MIK } from './support/group-channel.js';

/** Alex, the Playground's user, is a coordinator (seeded: he may link and ask) and a member of the group (he votes). */
const channelId = PLAYGROUND_DEFAULTS.team.generalChannelId;
const QUESTION = 'Vilken dag passar för första träffen?';
/** BotHarness's clock stands at Monday 2027-02-15, so the form proposes the weekdays of 1–12 March. */
const DAYS = ['mån 1 mars 2027, heldag', 'tis 2 mars 2027, heldag', 'ons 3 mars 2027, heldag'];
const SAVE = 'Spara mina svar';
const SAVED = 'Dina svar är sparade.';

// Budgets that keep the file under 90 s even when every step runs into its limit (a 2-core CI machine running
// the other browser tests alongside); a normal run takes about a tenth of that.
const SETUP_MS = 30_000;
const STEP_MS = 6_000;
const TEST_MS = 40_000;
const TEARDOWN_MS = 15_000;

describeInBrowser('a date poll in the Agents Playground team channel', () => {
  const scenario = new CoordinatorInChannel();
  const session = scenario.session;
  let bot: BotHarness | undefined;
  let programmeId = '';
  let mikId = '';

  beforeAll(async () => {
    await scenario.start(SETUP_MS / 2);
    ({ bot, programmeId, mikId } = scenario.state());
  }, SETUP_MS);

  afterAll(() => scenario.stop(), TEARDOWN_MS);

  it(
    'links the group to General, publishes a date poll there, and Alex answers on the posted card and sees his answers',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure(session, 'poll-channel'));
      const { page, proxy } = session;
      const step = { timeoutMs: STEP_MS };

      // 1. "@Test Bot koppla grupp" in General, then the group on the card.
      await scenario.linkGroupToGeneral(step);

      // 2. "@Test Bot ny omröstning": a question, "Föreslå dagar", three of the proposed days, publish.
      await postInChannelMentioningBot(page, 'ny omröstning', { ...step, proxy });
      const form = await cardWithHeading(page, `Ny omröstning för ${MIK}`, step);
      await fillInCard(form, 'Fråga', QUESTION, step);
      await clickCardButton(form, 'Föreslå dagar', step);
      // The answer is the same form listing the days, in place of the first.
      const withDays = await newestCard(page, `Ny omröstning för ${MIK}`, { text: DAYS[0] });
      for (const day of DAYS) await checkInCard(withDays, day, 'checkbox', step);
      await clickCardButton(withDays, 'Skapa och publicera', step);
      // The form turns into Alex's coordinator copy of the poll…
      await newestCard(page, QUESTION, { text: 'Omröstningen är publicerad i gruppens kanal.' });
      const [poll, ...otherPolls] = await bot!.pollStore().polls.listForGroup(programmeId, mikId);
      expect(otherPolls).toEqual([]);
      expect(poll).toMatchObject({
        kind: 'date',
        question: QUESTION,
        status: 'open',
        posted: { conversationId: channelId },
      });
      expect(poll!.options.map((o) => o.date)).toEqual(['2027-03-01', '2027-03-02', '2027-03-03']);

      // 3. …and the bot posts the poll into the channel for the group: the members' card, without the coordinator's
      // buttons. There Alex answers each day and saves.
      const posted = await newestCard(page, QUESTION, { button: SAVE, withoutButton: 'Stäng omröstningen' });
      expect(await posted.innerText()).not.toContain(SAVED);
      await chooseInCard(posted, DAYS[0]!, 'Ja', step);
      await chooseInCard(posted, DAYS[1]!, 'Om det behövs', step);
      await chooseInCard(posted, DAYS[2]!, 'Nej', step);
      await clickCardButton(posted, SAVE, step);

      // The invoke's answer replaces the posted card in place (for him): his answers selected, the "saved" line.
      const answered = await newestCard(page, QUESTION, { text: SAVED });
      await expect
        .poll(() => posted.count(), { timeout: STEP_MS, message: 'the posted card should have been replaced' })
        .toBe(0);
      expect(await selectedAnswers(answered)).toEqual(['Ja', 'Om det behövs', 'Nej']);
      expect(await answered.innerText()).toContain('1 svar hittills.');
      expect(await tallies(answered)).toEqual([
        'Ja 1 · Om det behövs 0 · Nej 0',
        'Ja 0 · Om det behövs 1 · Nej 0',
        'Ja 0 · Om det behövs 0 · Nej 1',
      ]);
      // Kept on every run, to look at how the card renders.
      await saveScreenshot(answered, 'poll-answered');

      const votes = () => bot!.pollStore().polls.listVotes(poll!.pollId);
      expect(await votes()).toEqual([
        expect.objectContaining({
          voter: { ...ALEX, municipalityCode: '2326' }, // Berg
          answers: { d1: 'yes', d2: 'ifNeedBe', d3: 'no' },
        }),
      ]);

      // 4. He changes one answer on the card that now shows his answers: his vote is replaced, not added.
      await chooseInCard(answered, DAYS[2]!, 'Om det behövs', step);
      await clickCardButton(answered, SAVE, step);
      await expect
        .poll(async () => (await votes()).map((vote) => vote.answers), { timeout: STEP_MS })
        .toEqual([{ d1: 'yes', d2: 'ifNeedBe', d3: 'ifNeedBe' }]);
      // The tallies tell the new card from the old one, which already showed his new choice before the click.
      await expect
        .poll(() => tallies(answered), { timeout: STEP_MS })
        .toEqual([
          'Ja 1 · Om det behövs 0 · Nej 0',
          'Ja 0 · Om det behövs 1 · Nej 0',
          'Ja 0 · Om det behövs 1 · Nej 0',
        ]);
      expect(await selectedAnswers(answered)).toEqual(['Ja', 'Om det behövs', 'Om det behövs']);
    },
    TEST_MS,
  );
});

/**
 * The newest card with a TextBlock reading exactly `heading` that also has the text or buttons given. A poll's
 * heading is its question, on Alex's coordinator copy and on the card posted in the channel alike.
 */
async function newestCard(
  page: Page,
  heading: string,
  also: { text?: string; button?: string; withoutButton?: string },
): Promise<Locator> {
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  let card = page.locator('.ac-adaptiveCard').filter({ has: page.locator('p').getByText(heading, { exact: true }) });
  if (also.text) card = card.filter({ hasText: also.text });
  if (also.button) card = card.filter({ has: button(also.button) });
  if (also.withoutButton) card = card.filter({ hasNot: button(also.withoutButton) });
  card = card.last();
  await card.waitFor({ state: 'visible', timeout: STEP_MS });
  return card;
}

/** What each day's drop-down shows, top to bottom. */
async function selectedAnswers(card: Locator): Promise<string[]> {
  const boxes = card.getByRole('combobox');
  const values: string[] = [];
  for (let i = 0; i < (await boxes.count()); i++) values.push(await boxes.nth(i).inputValue());
  return values;
}

/** Each day's count of yes · if need be · no, top to bottom. */
async function tallies(card: Locator): Promise<string[]> {
  return (await card.innerText()).match(/Ja \d+ · Om det behövs \d+ · Nej \d+/g) ?? [];
}

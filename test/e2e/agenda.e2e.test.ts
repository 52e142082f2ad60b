/**
 * A published agenda end to end in a real browser: in the Agents Playground's team channel "General", Alex
 * Wilber links his group to the channel; then, as the coordinator, he creates a meeting, pastes the issue's
 * example programme into it, accepts how it was read and publishes it (card actions sent straight to the bot: the meeting form and the
 * editor are not what this file is about); the bot posts the agenda card proactively to the linked channel,
 * through the Playground's connector, and it shows up in General.
 * The bot is the real one (BotHarness: real HTTP server, real Cosmos client against the in-process store).
 * Skipped with a warning when there is no Chromium, failed instead when CI=true (describeInBrowser).
 *
 * It runs in Swedish (the proxy rewrites the Playground's en-US to sv-SE), like poll.e2e.test.ts: the linking
 * dialogue is then in Swedish, and the card posted in a group's channel is always in the group's language, Swedish.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { press } from '../support/adaptive-cards.js';
import { BotHarness, cardOf, cardText } from '../support/bot-harness.js';
import { meetingForm } from '../support/focus-group.js';
import {
  PLAYGROUND_DEFAULTS,
  cardWithHeading,
  describeInBrowser,
  saveScreenshot,
  screenshotOnFailure,
} from './support/playground.js';
import { ALEX, CoordinatorInChannel, MIK } from './support/group-channel.js';

/** Alex, the Playground's user, is a coordinator (seeded: he may link and plan) and a member of the group. */
const alexAsPerson = ALEX;
const channelId = PLAYGROUND_DEFAULTS.team.generalChannelId;
/** The example programme, as a coordinator would paste it into the morning session. */
const PASTED =
  'Välkomna!\nAnja Dahlstedt, avdelningschef KB.\n\nTrender i planerna 2020\nAnna-Stina Takala, handläggare, KB.';
/** No title given: the heading is the group's name and the default title. */
const HEADING = `${MIK}: Fokusgruppsträff`;
/** BotHarness's clock stands at Monday 2027-02-15; the meeting is on Thursday 1 April. */
const DATE = '2027-04-01';
const DATE_TEXT = 'torsdag 1 april 2027';

// Budgets that keep the file under 90 s even when every step runs into its limit; a normal run takes a fraction.
const SETUP_MS = 30_000;
const STEP_MS = 6_000;
const TEST_MS = 40_000;
const TEARDOWN_MS = 15_000;

describeInBrowser('a published agenda in the Agents Playground team channel', () => {
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
    'links the group to General, and the agenda Alex publishes shows up there as a card',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure(session, 'agenda-channel'));
      const { page } = session;
      const step = { timeoutMs: STEP_MS };

      // 1. "@Test Bot koppla grupp" in General, then the group on the card.
      await scenario.linkGroupToGeneral(step);

      // 2. The meeting form's "save" (a draft), the editor's "paste" (read, then accepted) and "publish", as Alex,
      // straight to the bot.
      const saved = await bot!.execute(
        alexAsPerson,
        'meetings.save',
        meetingForm(programmeId, mikId, { title: '', date: DATE, saveAsDefault: 'false' }),
      );
      expect(cardText(cardOf(saved))).toContain('Mötet är sparat som utkast.');
      const [meeting, ...otherMeetings] = await bot!.meetingStore().meetings.listForGroup(programmeId, mikId);
      expect(otherMeetings).toEqual([]);
      const meetingId = meeting!.meetingId;
      const pasted = await bot!.execute(alexAsPerson, 'meetings.paste', {
        programmeId,
        meetingId,
        sessionId: 'morning',
        text: PASTED,
      });
      // First the reading, shown to Alex; accepting it adds the items.
      expect(cardText(cardOf(pasted))).toContain('Så här läste jag programmet');
      const accept = press(cardOf(pasted), 'Lägg till i dagordningen');
      const added = await bot!.execute(alexAsPerson, accept.verb, accept.data);
      expect(cardText(cardOf(added))).toContain('Anja Dahlstedt');
      const published = await bot!.execute(alexAsPerson, 'meetings.publish', { programmeId, meetingId });
      expect(cardText(cardOf(published))).toContain('Dagordningen är publicerad i gruppens kanal.');
      expect(await bot!.meetingStore().meetings.get(programmeId, meetingId)).toMatchObject({
        status: 'published',
        posted: { conversationId: channelId },
      });

      // 3. The agenda card appears in General: heading, day, both items and their presenters, no coordinator buttons.
      const card = await cardWithHeading(page, HEADING, step);
      const text = await card.innerText();
      expect(text).toContain(DATE_TEXT);
      expect(text).toContain('Kista bibliotek');
      expect(text).toContain('Välkomna!');
      expect(text).toContain('Anja Dahlstedt');
      expect(text).toContain('Trender i planerna 2020');
      expect(text).toContain('Anna-Stina Takala');
      expect(text).not.toContain('Utkast'); // the posted card is the published agenda, not the draft
      // Kept on every run, to look at how the card renders.
      await saveScreenshot(card, 'agenda-posted');
    },
    TEST_MS,
  );
});

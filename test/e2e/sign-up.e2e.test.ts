/**
 * The sign-up flow end to end in a real browser: Debian's Chromium (playwright-core) drives the Microsoft 365
 * Agents Playground, which talks to the real bot (BotHarness: real HTTP server, real Cosmos client against the
 * in-process store). Alex Wilber, the Playground's user, signs up in personal chat through the card.
 * Skipped with a warning when there is no Chromium, failed instead when CI=true (describeInBrowser).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BotHarness, type TestPerson } from '../support/bot-harness.js';
import {
  PLAYGROUND_DEFAULTS,
  PLAYGROUND_TENANTS,
  PlaygroundSession,
  cardWithHeading,
  checkInCard,
  chooseInCard,
  clickCardButton,
  describeInBrowser,
  fillInCard,
  saveScreenshot,
  screenshotOnFailure,
  sendMessage,
} from './support/playground.js';

/**
 * The example programme is only seeded when there is a coordinator. Karin is not Alex, so Alex signs up as an
 * ordinary library worker would.
 */
const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };
const alex = PLAYGROUND_DEFAULTS.user;
const MIK = 'MIK & ungas medievärldar';
const DIGITAL = 'Det digitala biblioteksrummet';
const BERG = '2326';

// Budgets that keep the whole file under 90 s even when every step runs into its limit (a 2-core CI machine
// running other test files alongside); a normal run takes about a sixth of that.
const SETUP_MS = 30_000;
const STEP_MS = 8_000;
const TEST_MS = 20_000;
const TEARDOWN_MS = 15_000;

describeInBrowser('sign-up in the Agents Playground', () => {
  let bot: BotHarness | undefined;
  const session = new PlaygroundSession();
  let programmeId = '';
  let groupIdByName = new Map<string, string>();

  beforeAll(async () => {
    // BotHarness's clock stands at 2027-02-15, while the example programme's sign-up is open.
    bot = await BotHarness.start({ seedCoordinators: [coordinator], environment: PLAYGROUND_TENANTS });
    const [programme] = await bot.storage().programmes.list();
    programmeId = programme!.programmeId;
    groupIdByName = new Map(programme!.groups.map((g) => [g.name, g.id]));
    // The proxy records what the bot got (for failure messages) and lets the second test switch to Swedish.
    await session.start({ botEndpoint: `${bot.url}/api/messages`, proxy: {}, timeoutMs: SETUP_MS / 2 });
  }, SETUP_MS);

  afterAll(async () => {
    try {
      await session.stop();
    } finally {
      await bot?.stop();
    }
  }, TEARDOWN_MS);

  async function membershipOfAlex() {
    return bot!.storage().memberships.get(programmeId, alex.aadObjectId);
  }

  it(
    'signs up through the card in personal chat, reads the confirmation and finds the group under "my groups"',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure(session, 'sign-up-english'));
      const { page } = session;
      const step = { timeoutMs: STEP_MS };

      // The Playground always sends en-US, so the bot answers in English.
      await sendMessage(page, 'sign up', step);
      const form = await cardWithHeading(page, 'Focus group sign-up', step);
      await checkInCard(form, MIK, 'checkbox', step);
      await chooseInCard(form, 'Municipality you represent', 'Berg', step);
      await checkInCard(form, 'Teams', 'radio', step);
      await fillInCard(form, 'Role or library', "Children's librarian, Berg library", step);
      await clickCardButton(form, 'Sign me up', step);

      // Action.Execute answers with a card that replaces the form in place.
      const confirmation = await cardWithHeading(page, 'Thank you, you are signed up!', step);
      await expect
        .poll(() => form.count(), { timeout: STEP_MS, message: 'the form should have been replaced' })
        .toBe(0);
      const shown = await confirmation.innerText();
      expect(shown).toContain(`You are in: ${MIK}.`);
      expect(shown).toContain('Berg');
      expect(shown).toContain("Children's librarian, Berg library");
      // Kept on every run, to look at how the card renders.
      await saveScreenshot(confirmation, 'sign-up-confirmation');

      const saved = await membershipOfAlex();
      expect(saved).toMatchObject({
        programmeId,
        person: { id: alex.aadObjectId, name: alex.name },
        municipalityCode: BERG,
        groupIds: [groupIdByName.get(MIK)],
        preferredChannel: 'teams',
        roleOrLibrary: "Children's librarian, Berg library",
        // The 1:1 address for reminders is the Playground's, as it would be Teams' in production.
        contact: { teamsUserId: alex.id, serviceUrl: session.playground!.connectorUrl, language: 'en' },
      });

      await sendMessage(page, 'my groups', step);
      const myGroups = await cardWithHeading(page, 'My groups', step);
      expect(await myGroups.innerText()).toContain(`• ${MIK}`);
      expect(await myGroups.innerText()).not.toContain(DIGITAL);
    },
    TEST_MS,
  );

  it(
    'adds the other group in Swedish on his prefilled sign-up, with the locale rewritten to sv-SE by the proxy',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure(session, 'sign-up-swedish'));
      const { page, proxy } = session;
      const step = { timeoutMs: STEP_MS };
      proxy!.setLocale('sv-SE');

      // Already signed up: the form comes back with his municipality, channel and role filled in.
      await sendMessage(page, 'anmäl', step);
      const form = await cardWithHeading(page, 'Anmälan till fokusgrupp', step);
      await checkInCard(form, DIGITAL, 'checkbox', step);
      await clickCardButton(form, 'Spara ändringar', step);

      const confirmation = await cardWithHeading(page, 'Din anmälan är ändrad.', step);
      expect(await confirmation.innerText()).toContain(DIGITAL);
      await saveScreenshot(confirmation, 'sign-up-confirmation-sv');

      const saved = await membershipOfAlex();
      expect(saved?.groupIds).toContain(groupIdByName.get(DIGITAL));
      expect(saved?.groupIds).toHaveLength(2);
      expect(saved).toMatchObject({
        municipalityCode: BERG,
        roleOrLibrary: expect.stringMatching(/\S/),
        contact: { language: 'sv' },
      });

      await sendMessage(page, 'mina grupper', step);
      const myGroups = await cardWithHeading(page, 'Mina grupper', step);
      expect(await myGroups.innerText()).toContain(`• ${DIGITAL}`);
    },
    TEST_MS,
  );
});

/**
 * One kit-plan form submission end to end in a real browser: Debian's Chromium (playwright-core) drives the
 * Microsoft 365 Agents Playground, which talks to the real bot (BotHarness). Alex Wilber, the Playground's user,
 * is in the group whose output is the kit plan; in personal chat he lists his outputs, opens the kit plan, fills
 * in the form and submits it, and the plan is stored as he typed it.
 * Skipped with a warning when there is no Chromium, failed instead when CI=true (describeInBrowser).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BotHarness, type TestPerson } from '../support/bot-harness.js';
import {
  PLAYGROUND_DEFAULTS,
  PLAYGROUND_TENANTS,
  PlaygroundSession,
  cardWithHeading,
  clickCardButton,
  describeInBrowser,
  saveScreenshot,
  screenshotOnFailure,
  sendMessage,
} from './support/playground.js';

/** The example programme is only seeded when there is a coordinator; Karin is not Alex. */
const coordinator: TestPerson = { id: 'c0000000-0000-0000-0000-000000000001', name: 'Karin Samordnare' };
const alex = PLAYGROUND_DEFAULTS.user;
const alexAsPerson: TestPerson = { id: alex.aadObjectId, name: alex.name };
const MIK = 'MIK & ungas medievärldar';
const KIT_PLAN_ID = 'kitPlan-1';

// Budgets that keep the whole file under 90 s even when every step runs into its limit.
const SETUP_MS = 30_000;
const STEP_MS = 8_000;
const TEST_MS = 40_000;
const TEARDOWN_MS = 15_000;

/** What Alex types, by the form's labels (English, the Playground's locale). */
const typed = {
  name: 'The MIL box',
  purpose: 'A bookable kit for practising source criticism and media production.',
  targetGroups: '10–15 years, teachers and librarians',
  itemName: 'Tablet',
  quantity: '6',
  unitPrice: '3490.50',
  description: 'With apps for film editing',
  supplier: 'https://www.example.se/tablet',
  loanPeriod: '4 weeks',
  whoMayBook: 'Public and school libraries in the county',
  pickupAndReturn: 'Sent with the library transport, returned to the regional library',
  maintainedBy: 'The regional library',
};

describeInBrowser('kit plan in the Agents Playground', () => {
  let bot: BotHarness | undefined;
  const session = new PlaygroundSession();
  let programmeId = '';
  let mik = '';

  beforeAll(async () => {
    bot = await BotHarness.start({ seedCoordinators: [coordinator], environment: PLAYGROUND_TENANTS });
    const [programme] = await bot.storage().programmes.list();
    programmeId = programme!.programmeId;
    mik = programme!.groups.find((g) => g.name === MIK)!.id;
    expect(programme!.groups.find((g) => g.id === mik)!.outputs.map((o: { id: string }) => o.id)).toContain(
      KIT_PLAN_ID,
    );
    // Signing up through the card is sign-up.e2e.test.ts's business; here the invoke is enough.
    const signUp = await bot.execute(alexAsPerson, 'membership.signUp', {
      programmeId,
      groupIds: mik,
      municipalityCode: '2326',
      preferredChannel: 'teams',
    });
    expect(signUp.status).toBe(200);
    await session.start({ botEndpoint: `${bot.url}/api/messages`, proxy: {}, timeoutMs: SETUP_MS / 2 });
  }, SETUP_MS);

  afterAll(async () => {
    try {
      await session.stop();
    } finally {
      await bot?.stop();
    }
  }, TEARDOWN_MS);

  it(
    'opens the kit plan from "outputs", fills in the form, submits it and finds the plan stored as typed',
    async ({ onTestFailed }) => {
      onTestFailed(() => screenshotOnFailure(session, 'kit-plan'));
      const { page } = session;
      const step = { timeoutMs: STEP_MS };

      await sendMessage(page, 'outputs', step);
      const list = await cardWithHeading(page, "Your groups' outputs", step);
      // Each output's button names it, so the kit plan's is found by its name alone (Alex is in MIK only).
      await clickCardButton(list, 'Open Plan för ett regionalt bokningsbart MIK-kit', step);

      const output = page
        .locator('.ac-adaptiveCard')
        .filter({ hasText: 'Not started' })
        .filter({ has: page.getByRole('button', { name: 'Start the plan' }) })
        .last();
      await output.waitFor({ state: 'visible', timeout: STEP_MS });
      await clickCardButton(output, 'Start the plan', step);

      const form = page
        .locator('.ac-adaptiveCard')
        .filter({ has: page.getByRole('button', { name: 'Submit the plan', exact: true }) })
        .last();
      await form.waitFor({ state: 'visible', timeout: STEP_MS });
      expect(await form.innerText()).toMatch(/Kit plan: /);
      const box = (label: string) => form.getByRole('textbox', { name: label, exact: true });
      const fill = (label: string, text: string) => box(label).fill(text, { timeout: STEP_MS });

      await fill('Name of the kit', typed.name);
      await fill('Purpose', typed.purpose);
      await fill('Target groups (ages)', typed.targetGroups);
      // Item 1 of the form's empty rows, each input named by its row; the other rows stay empty and do not count.
      await fill('Name, row 1', typed.itemName);
      await fill('Quantity, row 1', typed.quantity);
      await fill('Unit price (SEK), row 1', typed.unitPrice);
      await fill('Description, row 1', typed.description);
      await fill('Supplier or link, row 1', typed.supplier);
      await fill('Loan period', typed.loanPeriod);
      await fill('Who may book', typed.whoMayBook);
      await fill('Pickup and return', typed.pickupAndReturn);
      await fill('Who maintains the kit', typed.maintainedBy);
      await clickCardButton(form, 'Submit the plan', step);

      // Action.Execute answers with the output card, which replaces the form in place.
      const confirmation = page
        .locator('.ac-adaptiveCard')
        .filter({ hasText: 'Submitted! Regional staff will review it now.' })
        .last();
      await confirmation.waitFor({ state: 'visible', timeout: STEP_MS });
      await expect
        .poll(() => form.count(), { timeout: STEP_MS, message: 'the form should have been replaced' })
        .toBe(0);
      const shown = await confirmation.innerText();
      expect(shown).toContain('Submitted, awaiting review');
      expect(shown).toContain(typed.name);
      expect(shown).toContain(typed.itemName);
      expect(shown).toContain(typed.loanPeriod);
      // Kept on every run, to look at how the card renders.
      await saveScreenshot(confirmation, 'kit-plan-saved');

      const saved = await bot!.outputStore().outputs.get(programmeId, mik, KIT_PLAN_ID);
      expect(saved).toMatchObject({
        status: 'submitted',
        submittedBy: { id: alex.aadObjectId, name: alex.name },
        kitPlan: {
          name: typed.name,
          purpose: typed.purpose,
          targetGroups: typed.targetGroups,
          items: [
            {
              name: typed.itemName,
              description: typed.description,
              quantity: 6,
              unitPrice: 3490.5,
              supplier: typed.supplier,
            },
          ],
          loanPeriod: typed.loanPeriod,
          whoMayBook: typed.whoMayBook,
          pickupAndReturn: typed.pickupAndReturn,
          maintainedBy: typed.maintainedBy,
        },
      });
    },
    TEST_MS,
  );
});

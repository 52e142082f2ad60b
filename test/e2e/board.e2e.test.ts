/**
 * The board (the Teams tab) in a real browser: Debian's Chromium (playwright-core) opens the page the bot serves, as
 * a coordinator, regional staff and a plain member. Outside Teams the page has no Teams token, so the test hands it
 * one the way Teams would: every API request carries a token signed by a local stand-in for Entra ID, which the
 * bot checks like any other. Screenshots of the map in light and dark theme are kept in test-results/board/.
 * Skipped with a warning when there is no Chromium, failed instead when CI=true (describeInBrowser).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { BotHarness, type TestPerson } from '../support/bot-harness.js';
import { boardEnvironment, LocalEntraKeys, programmeWithOutputs, staff } from '../support/board.js';
import { coordinator, groupChannel, members } from '../support/focus-group.js';
import { describeInBrowser, launchBrowser } from './support/playground.js';

const SETUP_MS = 45_000;
const TEST_MS = 30_000;
const RESULTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-results', 'board');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const onlyMik: TestPerson = { id: 'm1000000-0000-0000-0000-000000002326', name: 'Maja Bara-MIK' };

type OpenedBoard = { page: Page; errors: string[] };

// Playwright's own web-first assertions come with @playwright/test; these are the few the board needs.
const visible = (locator: Locator) => locator.waitFor({ state: 'visible' });
const text = async (locator: Locator) => (await locator.textContent()) ?? '';
const containsText = (locator: Locator, wanted: string | RegExp) =>
  expect.poll(() => text(locator)).toMatch(typeof wanted === 'string' ? new RegExp(escape(wanted)) : wanted);
const lacksText = (locator: Locator, unwanted: string) => expect.poll(() => text(locator)).not.toContain(unwanted);
const hasCount = (locator: Locator, count: number) => expect.poll(() => locator.count()).toBe(count);
const escape = (literal: string) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describeInBrowser('the board in Chromium', () => {
  let bot: BotHarness | undefined;
  let keys: LocalEntraKeys | undefined;
  let browser: Browser | undefined;
  let programmeId = '';
  let mik = '';
  let digital = '';

  beforeAll(async () => {
    keys = await LocalEntraKeys.start();
    bot = await BotHarness.start({ seedCoordinators: [coordinator], environment: boardEnvironment(keys) });
    ({ programmeId, mik, digital } = await programmeWithOutputs(bot));
    const now = bot.now;
    bot.now = new Date('2027-02-15T09:00:00Z');
    await bot.execute(onlyMik, 'membership.signUp', {
      programmeId,
      groupIds: mik,
      municipalityCode: '2326',
      preferredChannel: 'teams',
    });
    // Ragunda leaves the second group and Östersund every group: the map has all three colours.
    await bot.execute(members[0]!, 'membership.withdraw', { programmeId, groupId: digital });
    await bot.execute(members[7]!, 'membership.withdraw', { programmeId });
    bot.now = now;
    browser = await launchBrowser();
    mkdirSync(RESULTS, { recursive: true });
  }, SETUP_MS);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await keys?.stop();
  });

  /** Opens the board as `person`: each API call carries that person's token, as getAuthToken gives it in Teams. */
  async function openBoard(person: TestPerson, options: { theme?: string } = {}): Promise<OpenedBoard> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-GB' });
    const token = await keys!.token(person);
    await context.route('**/api/board/**', (route) =>
      route.continue({ headers: { ...route.request().headers(), authorization: `Bearer ${token}` } }),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    onTestFailed(async () => {
      await page.screenshot({ path: join(RESULTS, `failure-${person.name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
    });
    const query = new URLSearchParams({ programme: programmeId, lang: 'en', theme: options.theme ?? 'default' });
    await page.goto(`${bot!.url}/board/?${query.toString()}`);
    await page.locator('body[data-board-ready="true"]').waitFor();
    return { page, errors };
  }

  async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
    // Evaluated through the DevTools protocol, so the page's Content-Security-Policy stays on for everything else.
    await page.evaluate(readFileSync(AXE, 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as any).axe;
      const result = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n: any) => n.html).join(' '),
      }));
    });
    return violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}, ${v.nodes} nodes)`);
  }

  /** Moves the mouse onto a point inside the municipality's shape (its bounding box's centre may be a neighbour's). */
  async function hoverMunicipality(page: Page, code: string): Promise<void> {
    const shape = page.locator(`path[data-code="${code}"]`);
    await shape.scrollIntoViewIfNeeded();
    const point = await shape.evaluate((path: any) => {
      const box = path.getBoundingClientRect();
      for (let step = 0; step < 400; step++) {
        const x = box.left + ((step % 20) + 0.5) * (box.width / 20);
        const y = box.top + (Math.floor(step / 20) + 0.5) * (box.height / 20);
        if ((globalThis as any).document.elementFromPoint(x, y) === path) return { x, y };
      }
      return undefined;
    });
    if (!point) throw new Error(`no visible point of municipality ${code}`);
    await page.mouse.move(point.x, point.y);
  }

  const map = (page: Page) => page.getByRole('group', { name: /^Map of the region's 8 municipalities/ });

  it(
    'shows a coordinator every group on the map; hovering a municipality names its representatives',
    async () => {
      const { page, errors } = await openBoard(coordinator);
      await containsText(page.getByRole('heading', { level: 1 }), /Fokusgrupper digitalt först/);
      await visible(page.getByText('Coordinator', { exact: true }));
      await hasCount(map(page).locator('path[data-code]'), 8);
      await hoverMunicipality(page, '2326');
      const tooltip = page.getByRole('tooltip');
      await containsText(tooltip, 'Berg');
      await containsText(tooltip, 'Represented in every group');
      await containsText(tooltip, 'MIK & ungas medievärldar: Bibliotekarie Berg, Maja Bara-MIK');
      await containsText(tooltip, 'Det digitala biblioteksrummet: Bibliotekarie Berg');
      await page.locator('figure').screenshot({ path: join(RESULTS, 'map-light.png') });
      const legend = page.getByRole('list', { name: 'Legend' });
      await containsText(legend, 'Represented in every group (6)');
      await containsText(legend, 'Represented in some groups (1)');
      await containsText(legend, 'Not represented (1)');
      await hoverMunicipality(page, '2303');
      await containsText(tooltip, 'Ragunda');
      await containsText(tooltip, 'Det digitala biblioteksrummet: missing');

      // Keyboard: one tab stop into the map, then arrow keys in name order.
      await page.locator('path[data-code][tabindex="0"]').focus();
      await containsText(tooltip, 'Berg');
      await page.keyboard.press('ArrowRight');
      await containsText(tooltip, 'Bräcke');

      await visible(page.getByRole('heading', { name: /Presentation day/ }));
      await visible(page.getByText('Vilken dag träffas vi i vår?', { exact: false }));
      await visible(page.getByText('3 yes, 1 if need be, 1 no').first());
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.screenshot({ path: join(RESULTS, 'board-coordinator.png'), fullPage: true });
      await page.context().close();
    },
    TEST_MS,
  );

  it(
    'follows a dark theme (and high contrast) with nothing serious for axe',
    async () => {
      const { page, errors } = await openBoard(coordinator, { theme: 'dark' });
      await hoverMunicipality(page, '2380');
      await containsText(page.getByRole('tooltip'), 'Östersund');
      await containsText(page.getByRole('tooltip'), 'Not represented');
      await page.locator('figure').screenshot({ path: join(RESULTS, 'map-dark.png') });
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      await page.context().close();
      const contrast = await openBoard(coordinator, { theme: 'contrast' });
      expect(await seriousAccessibilityProblems(contrast.page)).toEqual([]);
      await contrast.page.context().close();
      expect([...errors, ...contrast.errors]).toEqual([]);
    },
    TEST_MS,
  );

  it(
    "lets regional staff read the kit plan, play the video's first second, and approve from the page",
    async () => {
      const { page, errors } = await openBoard(staff);
      await visible(page.getByText('Regional staff', { exact: true }));

      await page.getByRole('button', { name: 'Read the plan' }).click();
      const plan = page.getByRole('dialog');
      await visible(plan.getByRole('heading', { name: 'MIK-lådan' }));
      await containsText(plan, 'Surfplatta');
      await containsText(plan, 'Total');
      await plan.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('button', { name: 'Watch the video' }).click();
      const video = page.getByRole('dialog').locator('video');
      await video.waitFor();
      const played = await video.evaluate(async (element: any) => {
        element.muted = true;
        await element.play();
        await new Promise<void>((resolve, reject) => {
          const started = Date.now();
          const check = () => {
            if (element.currentTime >= 1) return resolve();
            if (element.error || Date.now() - started > 8000)
              return reject(new Error(`stuck at ${element.currentTime}`));
            setTimeout(check, 50);
          };
          check();
        });
        element.pause();
        return { currentTime: element.currentTime, width: element.videoWidth, source: element.currentSrc };
      });
      expect(played.currentTime).toBeGreaterThanOrEqual(1);
      expect(played.width).toBeGreaterThan(0);
      expect(new URL(played.source).searchParams.get('sp')).toBe('r'); // a read-only link, not the container
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

      const before = bot!.connector.calls.length;
      await page.getByRole('button', { name: /^Approve “Plan för ett regionalt bokningsbart MIK-kit”/ }).click();
      await containsText(page.getByRole('status'), 'Approved. The group has been told in its channel.');
      const row = page.locator(`tr[data-output="${mik}/kitPlan-1"]`);
      await containsText(row, 'Approved');
      await hasCount(row.getByRole('button', { name: /^Approve/ }), 0);

      // The change in chat: the group's channel was told, and the overview card shows it approved.
      const told = bot!.connector.calls
        .slice(before)
        .find((c) => c.method === 'POST' && c.path.includes(groupChannel.id));
      expect(told?.body.text).toBe('✅ Sara Regional har godkänt ”Plan för ett regionalt bokningsbart MIK-kit”.');
      const overview = await bot!.execute(staff, 'outputs.overview', { programmeId }, { locale: 'en-GB' });
      expect(JSON.stringify(overview.body)).toContain('Approved');
      expect(errors).toEqual([]);
      await page.context().close();
    },
    TEST_MS,
  );

  it(
    'reorders the presentation day with buttons and posts it to the groups',
    async () => {
      const { page, errors } = await openBoard(coordinator);
      const slots = page.locator('li[data-slot]');
      await containsText(slots.first(), 'MIK & ungas medievärldar');
      await page.getByRole('button', { name: 'Move Det digitala biblioteksrummet earlier' }).click();
      await containsText(slots.first(), 'Det digitala biblioteksrummet');
      await containsText(slots.first(), '10:00–10:20');
      await page.getByRole('button', { name: "Post to the groups' channels" }).click();
      await containsText(page.getByRole('status'), 'MIK & ungas medievärldar');
      await visible(page.getByText(/Last posted/));
      expect(errors).toEqual([]);
      await page.context().close();
    },
    TEST_MS,
  );

  it(
    'shows a plain member only their own group, with nothing to approve and no running order',
    async () => {
      const { page, errors } = await openBoard(onlyMik);
      await visible(page.getByText('Member', { exact: true }));
      await hoverMunicipality(page, '2326');
      const tooltip = page.getByRole('tooltip');
      await containsText(tooltip, 'MIK & ungas medievärldar');
      await lacksText(tooltip, 'Det digitala biblioteksrummet');
      await hasCount(page.locator('tr[data-output]'), 1);
      await hasCount(page.locator(`tr[data-output="${digital}/video-1"]`), 0);
      await hasCount(page.getByRole('button', { name: /^Approve|^Return/ }), 0);
      await hasCount(page.getByRole('heading', { name: /Presentation day/ }), 0);
      expect(await seriousAccessibilityProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
    TEST_MS,
  );
});

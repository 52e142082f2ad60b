/**
 * End-to-end harness for the Microsoft 365 Agents Playground: start it against a bot endpoint, drive its web UI
 * with Debian's Chromium through playwright-core, and (optionally) see and rewrite what it sends to the bot.
 * What the Playground sends and accepts is written up in ../PLAYGROUND.md.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
// Not from bot-harness.js: that loads restify, which changes http.ServerResponse for every server in the process.
import { TENANT_ID } from '../../support/tenant.js';
import { beforeAll, describe } from 'vitest';
import {
  freePort,
  startPlayground,
  type PlaygroundOptions,
  type RunningPlayground,
} from '../../../src/dev/playground.js';

export { freePort, startPlayground, type PlaygroundOptions, type RunningPlayground };

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Default step timeout: the Playground answers in well under a second here, a real bot with storage in about one. */
const STEP_MS = 15_000;

/** Identities from the Playground's built-in configuration (used when no .m365agentsplayground.yml is given). */
export const PLAYGROUND_DEFAULTS = {
  tenantId: '00000000-0000-0000-0000-0000000000001',
  bot: { id: '00000000-0000-0000-0000-00000000000011', name: 'Test Bot' },
  user: { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020' },
  team: {
    id: 'team-id',
    name: 'My Team',
    aadGroupId: '00000000-0000-0000-0000-000000000031',
    generalChannelId: 'team-id',
  },
} as const;

/**
 * The bot admits only the tenants it is told to: here the Playground's built-in one, and the harness's own for
 * the set-up steps a test posts directly.
 */
export const PLAYGROUND_TENANTS = { ALLOWED_TENANT_IDS: `${PLAYGROUND_DEFAULTS.tenantId},${TENANT_ID}` };

// ---------------------------------------------------------------------------------------------------------------
// Processes

/**
 * Debian's Chromium, or CHROMIUM_PATH; never a Playwright-downloaded browser (the network is closed).
 * A CHROMIUM_PATH that is set wins outright, so a wrong one is noticed instead of quietly falling back
 * (and CHROMIUM_PATH=/nonexistent shows what the skip policy does on a machine without Chromium).
 */
export function findChromium(): string | undefined {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

/**
 * The one skip policy for browser tests. Without Chromium the suite is skipped with a plain warning, so
 * `npm test` says so rather than passing silently; with CI=true a missing browser fails the suite, because a
 * CI image without it would otherwise never run these tests.
 */
export function describeInBrowser(title: string, body: () => void): void {
  const chromiumPath = findChromium();
  const mustRun = process.env.CI === 'true';
  if (!chromiumPath && !mustRun) {
    console.warn(
      `Skipped the browser test "${title}": no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} ` +
        '(apt-get install chromium, or set CHROMIUM_PATH).',
    );
  }
  describe.skipIf(!chromiumPath && !mustRun)(title, () => {
    // Registered first, so it fails the suite before any other setup starts a process.
    beforeAll(() => {
      if (!chromiumPath)
        throw new Error("CI=true but no Chromium: install Debian's chromium (see .ci/run) or set CHROMIUM_PATH.");
    });
    body();
  });
}

/** Headless Chromium with flags that work offline and as root. Each launch gets a fresh throwaway profile. */
export async function launchBrowser(options: { headless?: boolean } = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error("No Chromium: install Debian's `chromium` or set CHROMIUM_PATH.");
  // launch() (not launchPersistentContext) has Playwright create and delete a temporary --user-data-dir.
  return chromium.launch({
    executablePath,
    headless: options.headless ?? true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page sized so the chat, the navigation and the log panel all fit, which keeps screenshots readable. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  return page;
}

// ---------------------------------------------------------------------------------------------------------------
// A recording, locale-rewriting proxy between the Playground and the bot

export type RecordedRequest = { method: string; activity: any; status: number; response: string };

export type ActivityProxy = {
  /** Give this to startPlayground as botEndpoint. */
  url: string;
  /** Every POSTed activity exactly as the Playground sent it (before any rewrite), with the bot's answer. */
  requests: RecordedRequest[];
  activities(): any[];
  /** Resolves with the first recorded activity (old or new) that matches. */
  waitForActivity(match: (activity: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Changes the rewrite for later activities; undefined forwards the Playground's en-US unchanged. */
  setLocale(locale: string | undefined): void;
  /**
   * Runs `during` while activities that `match` are held back from the bot, then forwards them in order (also
   * when `during` fails). postInChannelMentioningBot uses it to keep the bot's answer from overtaking the post.
   */
  holdWhile<T>(match: (activity: any) => boolean, during: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
};

/**
 * The Playground hard-codes locale "en-US" in every activity. Putting this proxy in between lets a test run the
 * UI in another language (`locale: 'sv-SE'` rewrites `locale` and the clientInfo entity) and see what was sent.
 */
export async function startActivityProxy(options: { target: string; locale?: string }): Promise<ActivityProxy> {
  const requests: RecordedRequest[] = [];
  let locale = options.locale;
  const holds = new Set<{ match: (activity: any) => boolean; released: Promise<void> }>();
  const server: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      let forwarded = body;
      let activity: any;
      if (body) {
        try {
          activity = JSON.parse(body);
        } catch {
          activity = undefined;
        }
      }
      for (const hold of holds) if (activity && hold.match(activity)) await hold.released;
      if (activity && locale) forwarded = JSON.stringify(withLocale(activity, locale));
      const answer = await fetch(options.target, {
        method: request.method ?? 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : forwarded,
        signal: AbortSignal.timeout(30_000),
      });
      const text = await answer.text();
      if (activity) requests.push({ method: request.method ?? '', activity, status: answer.status, response: text });
      const contentType = answer.headers.get('content-type');
      response.writeHead(answer.status, contentType ? { 'content-type': contentType } : {});
      response.end(text);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy: ${String(error)}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const activities = () => requests.map((r) => r.activity);
  return {
    url: `http://127.0.0.1:${port}/api/messages`,
    requests,
    activities,
    async waitForActivity(match, timeoutMs = STEP_MS) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = activities().find(match);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = activities().map(
            (a) => `${a.type}${a.name ? `/${a.name}` : ''} ${JSON.stringify(a.text ?? '')}`,
          );
          throw new Error(`No matching activity within ${timeoutMs} ms; the bot got: ${seen.join(', ') || 'nothing'}`);
        }
        await delay(50);
      }
    },
    setLocale(next) {
      locale = next;
    },
    async holdWhile(match, during) {
      let release = () => {};
      const hold = { match, released: new Promise<void>((resolve) => (release = resolve)) };
      holds.add(hold);
      try {
        return await during();
      } finally {
        holds.delete(hold);
        release();
      }
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function withLocale(activity: any, locale: string): any {
  const copy = structuredClone(activity);
  copy.locale = locale;
  if (Array.isArray(copy.entities)) {
    for (const entity of copy.entities) if (entity?.type === 'clientInfo') entity.locale = locale;
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------------------------
// A whole session: optional proxy, Playground, browser and a page with the Playground open

export type SessionOptions = {
  /** The bot's messages endpoint. */
  botEndpoint: string;
  /** Put startActivityProxy in between, to record what the bot gets or to rewrite the locale. */
  proxy?: { locale?: string };
  /** Extra environment for the Playground, e.g. TZ. */
  env?: Record<string, string>;
  /** Bounds each of the two slow steps (Playground up, page loaded); keep both under the hook's timeout. */
  timeoutMs?: number;
};

/**
 * Everything a browser test needs besides the bot, started in order and stopped in reverse. Create it when the
 * suite is defined and call start() in beforeAll and stop() in afterAll: whatever start() got running is
 * stopped even if it failed halfway, and if the hook timed out and afterAll already ran, whatever start()
 * creates afterwards is stopped at once, so no Playground or Chromium outlives the test file.
 */
export class PlaygroundSession {
  proxy?: ActivityProxy;
  playground?: RunningPlayground;
  browser?: Browser;
  private openedPage?: Page;
  private stopped = false;

  get page(): Page {
    if (!this.openedPage) throw new Error('The Playground session has not started (see the beforeAll error).');
    return this.openedPage;
  }

  async start(options: SessionOptions): Promise<Page> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    try {
      let endpoint = options.botEndpoint;
      if (options.proxy) {
        this.proxy = await this.keep(startActivityProxy({ target: options.botEndpoint, ...options.proxy }), (p) =>
          p.stop(),
        );
        endpoint = this.proxy.url;
      }
      this.playground = await this.keep(
        startPlayground({ botEndpoint: endpoint, timeoutMs, ...(options.env ? { env: options.env } : {}) }),
        (p) => p.stop(),
      );
      this.browser = await this.keep(launchBrowser(), (b) => b.close());
      const page = await newPage(this.browser);
      await openPlayground(page, this.playground.url, { timeoutMs });
      this.openedPage = page;
      return page;
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  /** Stops browser, Playground and proxy; each is tried even if another one fails. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopped = true;
    const { browser, playground, proxy } = this;
    this.browser = this.playground = this.proxy = this.openedPage = undefined;
    const failures: unknown[] = [];
    // close() waits for Chromium to exit; bound it so a wedged browser cannot eat the hook's whole timeout.
    const steps = [
      () => browser && withTimeout(browser.close(), 10_000, 'Chromium did not close'),
      () => playground?.stop(),
      () => proxy?.stop(),
    ];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, 'Stopping the Playground session failed');
  }

  /** Keeps what start() created, unless stop() already ran: then it is stopped at once and start() gives up. */
  private async keep<T>(creating: Promise<T>, stop: (made: T) => Promise<void>): Promise<T> {
    const made = await creating;
    if (this.stopped) {
      await stop(made).catch(() => undefined);
      throw new Error('The Playground session was stopped while it was starting (did beforeAll time out?).');
    }
    return made;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Page helpers. Every wait is bounded; the default is STEP_MS.

export type StepOptions = { timeoutMs?: number };
export type MentionOptions = StepOptions & { botName?: string };

/**
 * Opens the Playground and waits until it has its configuration. That answer comes only after the Playground has
 * reached the bot endpoint (it waits up to 15 s for it), and it then sends installationUpdate + conversationUpdate
 * for the personal chat, which is open first.
 */
export async function openPlayground(page: Page, url: string, options: StepOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 30_000;
  const configLoaded = page.waitForResponse((r) => r.url().includes('/_internal/v1/config') && r.ok(), { timeout });
  // If goto fails (or the session is stopped meanwhile), that error is the one to report; without this the
  // abandoned wait would surface as an unhandled rejection.
  configLoaded.catch(() => undefined);
  // Not 'networkidle': its CDN requests fail offline, and how fast depends on the resolver.
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await configLoaded;
  await composer(page).waitFor({ state: 'visible', timeout });
}

/** The chat message box (personal and group chat) or, in a channel, the reply box of the newest thread. */
function composer(page: Page): Locator {
  return page.getByRole('textbox').last();
}

export async function openPersonalChat(page: Page, options: StepOptions = {}): Promise<void> {
  await page.getByRole('treeitem', { name: 'Personal Chat' }).click({ timeout: options.timeoutMs ?? STEP_MS });
  await composer(page).waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_MS });
}

/** The first visit sends installationUpdate + conversationUpdate (bot added) for the group chat. */
export async function openGroupChat(page: Page, name = 'Group Chat', options: StepOptions = {}): Promise<void> {
  await page
    .getByRole('tree', { name: 'Personal and Group Chat' })
    .getByText(name, { exact: true })
    .click({ timeout: options.timeoutMs ?? STEP_MS });
  await composer(page).waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_MS });
}

/** The first visit sends installationUpdate + conversationUpdate (bot added, teamMemberAdded) for the team. */
export async function openChannel(page: Page, name = 'General', options: StepOptions = {}): Promise<void> {
  await page
    .getByRole('tree', { name: 'Teams Channel' })
    .getByText(name, { exact: true })
    .click({ timeout: options.timeoutMs ?? STEP_MS });
  await postButton(page).waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_MS });
}

function postButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Post', exact: true });
}

/** Picks the bot from the "@" typeahead; the composer must already have focus. */
async function mentionBot(page: Page, options: MentionOptions): Promise<void> {
  await page.keyboard.type('@');
  await page
    .getByRole('listbox', { name: 'Typeahead menu' })
    .getByRole('menuitem')
    .filter({ hasText: options.botName ?? PLAYGROUND_DEFAULTS.bot.name })
    .first()
    .click({ timeout: options.timeoutMs ?? STEP_MS });
}

async function waitUntilEmpty(box: Locator, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (((await box.textContent()) ?? '').trim() !== '') {
    if (Date.now() > deadline)
      throw new Error(`The message box was not cleared within ${timeoutMs} ms: was the message sent?`);
    await delay(50);
  }
}

/**
 * Types into the chat box and presses Enter. In a group chat the bot only gets messages that @mention it
 * (`mentionBot: true`); in a channel use postInChannelMentioningBot or replyInThread.
 */
export async function sendMessage(
  page: Page,
  text: string,
  options: MentionOptions & { mentionBot?: boolean } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? STEP_MS;
  const box = composer(page);
  await box.click({ timeout });
  if (options.mentionBot) {
    await mentionBot(page, options);
    await page.keyboard.type(` ${text}`);
  } else {
    await box.fill(text, { timeout });
  }
  await page.keyboard.press('Enter');
  await waitUntilEmpty(box, timeout);
}

/**
 * Starts a new channel post "@Bot <text>". Channel posts without a mention never reach the bot.
 *
 * Pass the session's `proxy`: the Playground forwards a post to the bot right after answering the page's
 * request, and a fast bot's reply can reach the page before the page has registered the new post; the page
 * then drops the reply (and logs "Invalid conversation id"). With the proxy, the post is held back from the bot
 * until the post shows on the page. Replies in an existing thread have no such race.
 */
export async function postInChannelMentioningBot(
  page: Page,
  text: string,
  options: MentionOptions & { proxy?: ActivityProxy } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? STEP_MS;
  const box = page
    .getByRole('group')
    .filter({ has: postButton(page) })
    .getByRole('textbox');
  // Posts are role=group cards too; the one holding the Post button is the new-post box.
  const postsWithText = page
    .getByRole('group')
    .filter({ hasText: text })
    .filter({ hasNot: postButton(page) });
  const post = async () => {
    const before = await postsWithText.count();
    await box.click({ timeout });
    await mentionBot(page, options);
    await page.keyboard.type(` ${text}`);
    await postButton(page).click({ timeout });
    await waitUntilEmpty(box, timeout);
    const deadline = Date.now() + timeout;
    while ((await postsWithText.count()) <= before) {
      if (Date.now() > deadline) throw new Error(`The post "${text}" did not show within ${timeout} ms`);
      await delay(50);
    }
  };
  const isChannelMessage = (activity: any) =>
    activity.type === 'message' && activity.conversation?.conversationType === 'channel';
  await (options.proxy ? options.proxy.holdWhile(isChannelMessage, post) : post());
}

/** Replies in the newest channel thread; only replies that @mention the bot reach it. */
export async function replyInThread(
  page: Page,
  text: string,
  options: MentionOptions & { mentionBot?: boolean } = {},
): Promise<void> {
  await sendMessage(page, text, { mentionBot: true, ...options });
}

/**
 * Waits for text the bot showed: a text message or a TextBlock in a card (both render as <p>), or a list item.
 * The user's own messages, the navigation previews and the log panel are not matched. Substring and
 * case-insensitive, like Playwright's hasText; returns the newest match so a caller can scope further.
 */
export async function waitForText(page: Page, text: string | RegExp, options: StepOptions = {}): Promise<Locator> {
  const match = page.locator('p, li').filter({ hasText: text }).last();
  await match.waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_MS });
  return match;
}

/** The newest Adaptive Card whose text includes `text`, once visible; pass it to the card helpers to scope them. */
export async function cardContaining(page: Page, text: string | RegExp, options: StepOptions = {}): Promise<Locator> {
  const card = page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  await card.waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_MS });
  return card;
}

/**
 * The newest Adaptive Card with a TextBlock that reads exactly `heading` (whitespace aside). Use it where the
 * heading's words also occur in other cards' text, e.g. "My groups" in a confirmation that mentions “My groups”.
 */
export async function cardWithHeading(page: Page, heading: string, options: StepOptions = {}): Promise<Locator> {
  const card = page
    .locator('.ac-adaptiveCard')
    .filter({ has: page.locator('p').getByText(heading, { exact: true }) })
    .last();
  await card.waitFor({ state: 'visible', timeout: options.timeoutMs ?? STEP_MS });
  return card;
}

type Scope = Page | Locator;

function pageOf(scope: Scope): Page {
  return 'mainFrame' in scope ? scope : scope.page();
}

/**
 * Clicks a card action by its title (Action.Execute and Action.Submit render as buttons). On the page scope the
 * newest card's button wins. Inputs with isRequired are validated first: a failing card shows its errorMessage
 * and sends nothing.
 */
export async function clickCardButton(scope: Scope, title: string, options: StepOptions = {}): Promise<void> {
  const root = 'mainFrame' in scope ? scope.locator('.ac-adaptiveCard') : scope;
  await root
    .getByRole('button', { name: title, exact: true })
    .last()
    .click({ timeout: options.timeoutMs ?? STEP_MS });
}

/** Chooses in a compact Input.ChoiceSet (a combobox named by its label); its options open outside the card. */
export async function chooseInCard(
  scope: Scope,
  label: string,
  choice: string,
  options: StepOptions = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? STEP_MS;
  const combobox = scope.getByRole('combobox', { name: label }).last();
  await combobox.click({ timeout });
  await pageOf(scope).getByRole('option', { name: choice, exact: true }).click({ timeout });
  const deadline = Date.now() + timeout;
  while ((await combobox.inputValue()) !== choice) {
    if (Date.now() > deadline) throw new Error(`"${label}" shows "${await combobox.inputValue()}", not "${choice}"`);
    await delay(50);
  }
}

/**
 * Ticks an expanded Input.ChoiceSet choice or an Input.Toggle. Multi-select checkboxes are named
 * "<label> <choice title>", radios and toggles by their title alone; the name matches as a substring.
 */
export async function checkInCard(
  scope: Scope,
  name: string,
  role: 'checkbox' | 'radio' = 'checkbox',
  options: StepOptions = {},
): Promise<void> {
  await scope
    .getByRole(role, { name })
    .last()
    .check({ timeout: options.timeoutMs ?? STEP_MS });
}

/** Fills an Input.Text, found by its label (or by its placeholder when it has no label). */
export async function fillInCard(scope: Scope, label: string, text: string, options: StepOptions = {}): Promise<void> {
  await scope
    .getByRole('textbox', { name: label })
    .last()
    .fill(text, { timeout: options.timeoutMs ?? STEP_MS });
}

/**
 * Saves a PNG under test-results/e2e/ (ignored by git) and returns its path: of the window for a page, or of
 * just that element (scrolled into view) for a locator such as a card. Bounded, because it also runs after a
 * failure, when the page may be wedged.
 */
export async function saveScreenshot(target: Page | Locator, name: string, options: StepOptions = {}): Promise<string> {
  const folder = join(REPO_ROOT, 'test-results', 'e2e');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  // Not fullPage: the chat scrolls inside its own pane, so the window is what a person sees.
  await target.screenshot({ path, timeout: options.timeoutMs ?? 5_000 });
  return path;
}

/** For onTestFailed: saves a screenshot of the session's page, if there is one, and says where; never throws. */
export async function screenshotOnFailure(session: PlaygroundSession, name: string): Promise<void> {
  try {
    console.warn(`Screenshot of the failure: ${await saveScreenshot(session.page, name)}`);
  } catch (error) {
    console.warn(`No screenshot of the failure: ${String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BotHarness,
  cardText,
  personalChat,
  textOf,
  type Conversation,
  type TestPerson,
} from '../support/bot-harness.js';
import { cardProblems, validCard } from '../support/adaptive-cards.js';
import {
  assembledFocusGroup,
  coordinator,
  groupChannel,
  members,
  regionalStaff as staff,
  withRegionalStaff,
  giveRole,
} from '../support/focus-group.js';

/**
 * The example programme's two outputs delivered, reviewed and gathered end to end: reminders before the due date,
 * the status overview, the export (HTML report + CSV) and the running order of the presentation day.
 */

const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };
const [anna, bertil] = members as [TestPerson, TestPerson];
const digitalChannel: Conversation = {
  id: '19:digital-group@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:region-team@thread.tacv2',
};

let bot: BotHarness;
let files: Server;
let filesUrl = '';
let programmeId: string;
let mik: string;
let digital: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  await withRegionalStaff(bot, programmeId);
  const video = readFileSync(new URL('../fixtures/media/report-2m55s.mp4', import.meta.url));
  files = createServer((_request, response) => {
    response.writeHead(200, { 'content-length': video.length });
    response.end(video);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await bot?.stop();
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
});

const kitPlan = () => ({ programmeId, groupId: mik, outputId: 'kitPlan-1' });
const video = () => ({ programmeId, groupId: digital, outputId: 'video-1' });
const stored = (ref: { groupId: string; outputId: string }) =>
  bot.outputStore().outputs.get(programmeId, ref.groupId, ref.outputId);

/** What the connector received from `from` on: texts and cards, by conversation. */
/** What the bot posted since `from`, once the outbox has delivered all it was given. */
async function sentSince(from: number) {
  await bot.delivered();
  return bot.connector.calls.slice(from).filter((call) => call.method === 'POST' && /\/activities/.test(call.path));
}

/** A file sent in personal chat; resolves when the bot has written how it went. */
async function sendVideo(person: TestPerson) {
  const path = `/v3/conversations/${personalChat(person).id}/activities`;
  const before = bot.connector.calls.length;
  await bot.sendFile(person, { downloadUrl: `${filesUrl}/v.mp4`, name: 'Studiebesök.mp4' });
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const result = bot.connector.calls.slice(before).find((call) => call.method === 'POST' && call.path === path);
    if (result) return result.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the video was never stored');
}

/** An export link as the card gives it, fetched from the bot's own HTTP server. */
function local(url: string): string {
  return url.replace(/^http:\/\/localhost:\d+/, bot.url);
}

describe('reminders before the due date', () => {
  it('reminds each group of an unsubmitted output 14 days before, once however often the scheduler ticks', async () => {
    bot.now = new Date('2027-08-18T06:30:00Z'); // 08:30 in Stockholm: not yet
    const early = bot.connector.calls.length;
    expect((await bot.bot.scheduler.tick()).filter((key) => key.startsWith('output-reminder'))).toEqual([]);
    expect(await sentSince(early)).toEqual([]);

    bot.now = new Date('2027-08-18T07:05:00Z');
    const before = bot.connector.calls.length;
    const ran = (await Promise.all([bot.bot.scheduler.tick(), bot.bot.scheduler.tick()])).flat();
    await bot.bot.scheduler.tick();
    expect(ran.sort()).toEqual([
      `output-reminder:${programmeId}:${digital}:video-1:14`,
      `output-reminder:${programmeId}:${mik}:kitPlan-1:14`,
    ]);
    const sent = await sentSince(before);
    const inChannel = sent.filter((call) => call.path === `/v3/conversations/${groupChannel.id}/activities`);
    expect(inChannel.map((call) => call.body.text)).toEqual([
      'Påminnelse: ”Plan för ett regionalt bokningsbart MIK-kit” för MIK & ungas medievärldar ska vara klart 1 september 2027, om 14 dagar. Status nu: Inte påbörjat. Skriv ”resultat” till mig för att arbeta med det.',
    ]);
    // The video group has no channel yet: each of its eight members is reminded 1:1.
    const personal = sent.filter((call) =>
      /\/v3\/conversations\/(conversation-\d+|a:personal-[^/]+)\/activities$/.test(call.path),
    );
    expect(personal).toHaveLength(8);
    expect(personal[0]!.body.text).toMatch(
      /^Påminnelse: ”Videorapport från studiebesök \(3 minuter\)” för Det digitala biblioteksrummet ska vara klart 1 september 2027, om 14 dagar\./,
    );
  });

  it('reminds again 3 days before only what is still not submitted', async () => {
    await bot.execute(
      coordinator,
      'programmes.link',
      { target: `${programmeId}|${digital}` },
      { conversation: digitalChannel },
    );
    bot.now = new Date('2027-08-28T10:00:00Z');
    await sendVideo(anna);
    expect((await stored(video()))!.status).toBe('submitted');
    bot.now = new Date('2027-08-29T07:01:00Z');
    const before = bot.connector.calls.length;
    expect(await bot.bot.scheduler.tick()).toEqual([`output-reminder:${programmeId}:${mik}:kitPlan-1:3`]);
    expect(await bot.bot.scheduler.tick()).toEqual([]);
    expect((await sentSince(before)).map((call) => call.body.text)).toEqual([
      'Påminnelse: ”Plan för ett regionalt bokningsbart MIK-kit” för MIK & ungas medievärldar ska vara klart 1 september 2027, om 3 dagar. Status nu: Inte påbörjat. Skriv ”resultat” till mig för att arbeta med det.',
    ]);
  });
});

describe("the programme's outputs gathered", () => {
  beforeAll(async () => {
    bot.now = new Date('2027-08-30T09:00:00Z');
    await bot.execute(anna, 'outputs.kitPlanSubmit', {
      ...kitPlan(),
      etag: '',
      rows: '4',
      name: 'MIK-lådan <i>',
      purpose: 'Källkritik & medieproduktion för unga.',
      targetGroups: '10–15 år',
      item1Name: 'Surfplatta',
      item1Quantity: '6',
      item1UnitPrice: '3490',
      item1Supplier: 'https://www.example.se/surfplatta',
      item2Name: '=HYPERLINK("http://evil.example")',
      item2Quantity: '1',
      item2UnitPrice: '899,50',
      loanPeriod: '4 veckor',
      whoMayBook: 'Folk- och skolbibliotek i länet',
      pickupAndReturn: 'Med transporten',
      maintainedBy: 'Regionbiblioteket',
    });
    const { _etag } = (await stored(video()))!;
    await bot.execute(staff, 'outputs.approve', { ...video(), etag: _etag, comment: 'Fin rapport!' });
  });

  it('shows staff every group × every output: status, who submitted, when, and the video link', async () => {
    const card = validCard(await bot.say(staff, 'översikt'));
    const text = cardText(card);
    expect(text).toContain('Resultat i Fokusgrupper digitalt först 2027');
    expect(text).toContain('1 av 2 godkända, 1 väntar på granskning. Presentationsdag 17 september 2027.');
    expect(text).toContain(
      'MIK & ungas medievärldar\nKitplan: Plan för ett regionalt bokningsbart MIK-kit\nKlart senast 1 september 2027\nInskickat, väntar på granskning\nBibliotekarie Ragunda, 30 aug. 2027 11:00',
    );
    expect(text).toContain(
      'Det digitala biblioteksrummet\nVideo: Videorapport från studiebesök (3 minuter)\nKlart senast 1 september 2027\nGodkänt\nBibliotekarie Ragunda, 28 aug. 2027 12:00',
    );
    expect(text).toMatch(/\[Spela upp videon\]\(http:\/\/localhost:\d+\/outputs\/video\/[^)]+\)/);
    const english = validCard(await bot.say(coordinator, 'status', { locale: 'en-US' }));
    expect(cardText(english)).toContain('1 of 2 approved, 1 awaiting review. Presentation day 17 September 2027.');
  });

  it('is not for members or anyone else', async () => {
    expect(textOf(await bot.say(anna, 'översikt'))).toBe(
      'Det här är för regional personal och samordnare, och du är inte det i något program.',
    );
    expect(textOf(await bot.say(outsider, 'exportera'))).toBe(
      'Det här är för regional personal och samordnare, och du är inte det i något program.',
    );
    expect(textOf(await bot.say(anna, 'presentationsdag'))).toMatch(/^Det här är för regional personal/);
    expect(textOf(await bot.execute(anna, 'outputs.overview', { programmeId }))).toBe(
      'Det visas bara för samordnare och regional personal i Fokusgrupper digitalt först 2027.',
    );
    expect(textOf(await bot.execute(anna, 'outputs.export', { programmeId }))).toMatch(
      /^Det visas bara för samordnare och regional personal/,
    );
    expect(
      textOf(await bot.execute(bertil, 'outputs.moveSlot', { programmeId, groupId: mik, direction: 'down' })),
    ).toMatch(/^Det visas bara för samordnare/);
  });

  let reportUrl = '';
  let csvUrl = '';

  it('exports in personal chat only, as two links that work for a day', async () => {
    expect(textOf(await bot.say(staff, 'exportera', { conversation: groupChannel }))).toBe(
      'Exporten skickar jag i vår personliga chatt. Skriv ”exportera” till mig där.',
    );
    const card = validCard(await bot.say(staff, 'exportera'));
    expect(cardText(card)).toContain('Export av Fokusgrupper digitalt först 2027');
    expect(cardText(card)).toContain('Länkarna fungerar till 31 aug. 2027 11:00.');
    [reportUrl, csvUrl] = card.actions.map((action: any) => action.url);
    expect(reportUrl).toMatch(
      new RegExp(`^http://localhost:\\d+/outputs/export/${programmeId}/[A-Za-z0-9_-]{32}/report\\.html$`),
    );
    expect(csvUrl).toBe(reportUrl.replace('report.html', 'status.csv'));
  });

  it('delivers one readable HTML report with the kit plan and the video link', async () => {
    const response = await fetch(local(reportUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="fokusgrupper-2027-09-17.html"');
    const html = await response.text();
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Fokusgrupper digitalt först 2027: resultat</h1>');
    expect(html).toContain('<h4>MIK-lådan &lt;i&gt;</h4>'); // what people write is escaped
    expect(html).toContain('<dt>Syfte</dt><dd>Källkritik &amp; medieproduktion för unga.</dd>');
    expect(html).toContain(
      '<td class="n">6</td><td class="n">3\u00a0490,00\u00a0kr</td><td class="n">20\u00a0940,00\u00a0kr</td><td><a href="https://www.example.se/surfplatta">',
    );
    expect(html).toContain('Total kostnad: 21\u00a0839,50\u00a0kr');
    expect(html).toContain('Videofil: Studiebesök.mp4 (2:55, 27,7 kB)');
    expect(html).toMatch(/<a href="http:\/\/localhost:\d+\/outputs\/video\/[^"]+">Titta på videon<\/a>/);
    expect(html).toContain('Sara Regional godkände: Fin rapport!');
    expect(html).not.toMatch(/<script/i);
    // The link in the report plays the stored video: the bot checks it, then hands out a short read link.
    const videoUrl = html.match(/<a href="([^"]+)">Titta på videon/)![1]!.replace(/&amp;/g, '&');
    const checked = await fetch(local(videoUrl), { redirect: 'manual' });
    expect(checked.status).toBe(302);
    expect(checked.headers.get('location')).toMatch(/\/devstoreaccount1\/outputs\/videos\/.+sig=/);
    expect((await fetch(local(videoUrl))).status).toBe(200);
  });

  it('delivers the status table as CSV that Excel opens into columns', async () => {
    const response = await fetch(local(csvUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte order mark
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Grupp;Resultat;Typ;Klart senast;Status;Inskickat av;Inskickat;Granskat av;Granskat;Kommentar;Total kostnad (kr);Länk',
    );
    expect(lines[1]).toBe(
      'MIK & ungas medievärldar;Plan för ett regionalt bokningsbart MIK-kit;Kitplan;2027-09-01;Inskickat, väntar på granskning;Bibliotekarie Ragunda;30 aug. 2027 11:00;;;;21839,50;',
    );
    expect(lines[2]).toMatch(
      /^Det digitala biblioteksrummet;Videorapport från studiebesök \(3 minuter\);Video;2027-09-01;Godkänt;Bibliotekarie Ragunda;28 aug\. 2027 12:00;Sara Regional;30 aug\. 2027 11:00;Fin rapport!;;http:\/\/localhost:\d+\/outputs\/video\//,
    );
    expect(lines).toHaveLength(3);
  });

  it('is written in the language of the person who exported', async () => {
    const card = validCard(await bot.say(coordinator, 'export', { locale: 'en-US' }));
    const csv = await (await fetch(local(card.actions[1].url))).text();
    expect(csv).toContain('Group;Output;Kind;Due;Status;Submitted by');
    expect(csv).toContain(';21839.50;');
    const html = await (await fetch(local(card.actions[0].url))).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Total cost: SEK\u00a021,839.50');
  });

  it('refuses links that are wrong, expired, or whose owner no longer oversees the programme', async () => {
    expect((await fetch(local(reportUrl.replace(/[A-Za-z0-9_-]{32}/, 'x'.repeat(32))))).status).toBe(404);
    expect((await fetch(local(reportUrl.replace('report.html', 'secrets.txt')))).status).toBe(404);
    const card = validCard(await bot.say(staff, 'exportera'));
    await bot.execute(coordinator, 'programmes.removeRole', { programmeId, personId: staff.id, role: 'regionalStaff' });
    expect((await fetch(local(card.actions[0].url))).status).toBe(404);
    await giveRole(bot, programmeId, staff, 'regionalStaff');
    expect((await fetch(local(card.actions[0].url))).status).toBe(200);
    const saved = bot.now;
    bot.now = new Date(saved.getTime() + 24 * 3_600_000 + 1000);
    const expired = await fetch(local(card.actions[0].url));
    expect(expired.status).toBe(404);
    expect(await expired.text()).toBe(
      'Länken har gått ut eller finns inte. Skriv ”exportera” till Fokusgrupper i Teams för att få en ny.',
    );
    bot.now = saved;
  });
});

describe('the running order of the presentation day', () => {
  it('drafts one slot per group with its outputs and their status', async () => {
    const card = validCard(await bot.say(staff, 'presentationsdag'));
    const text = cardText(card);
    expect(text).toContain('Körordning för presentationsdagen 17 september 2027');
    expect(text).toContain('1. 10:00–10:20 MIK & ungas medievärldar');
    expect(text).toContain('Kitplan: Plan för ett regionalt bokningsbart MIK-kit (Inskickat, väntar på granskning)');
    expect(text).toContain('2. 10:20–10:40 Det digitala biblioteksrummet');
    expect(text).toContain('Video: Videorapport från studiebesök (3 minuter) (Godkänt)');
  });

  it('lets staff reorder, retime and refuses a bad time', async () => {
    const moved = validCard(
      await bot.execute(staff, 'outputs.moveSlot', { programmeId, groupId: digital, direction: 'up' }),
    );
    expect(cardText(moved)).toContain('1. 10:00–10:20 Det digitala biblioteksrummet');
    const retimed = validCard(
      await bot.execute(coordinator, 'outputs.saveRunningOrder', {
        programmeId,
        startTime: '09:30',
        [`minutes_${digital}`]: '15',
        [`minutes_${mik}`]: '25',
      }),
    );
    expect(cardText(retimed)).toContain('Körordningen är sparad.');
    expect(cardText(retimed)).toContain('1. 09:30–09:45 Det digitala biblioteksrummet');
    expect(cardText(retimed)).toContain('2. 09:45–10:10 MIK & ungas medievärldar');
    const before = JSON.stringify(await bot.outputStore().outputs.getRunningOrder(programmeId));
    expect(
      textOf(
        await bot.execute(staff, 'outputs.saveRunningOrder', {
          programmeId,
          startTime: 'nio',
          [`minutes_${mik}`]: '25',
        }),
      ),
    ).toBe('”nio” är ingen tid. Skriv starttiden som tt:mm, till exempel 09:30. Ingenting har sparats.');
    expect(JSON.stringify(await bot.outputStore().outputs.getRunningOrder(programmeId))).toBe(before);
  });

  it("posts it as the day's agenda to each group's channel", async () => {
    const before = bot.connector.calls.length;
    const card = validCard(
      await bot.execute(staff, 'outputs.postRunningOrder', {
        programmeId,
        startTime: '09:30',
        [`minutes_${digital}`]: '15',
        [`minutes_${mik}`]: '25',
      }),
    );
    expect(cardText(card)).toContain(
      'Körordningen är publicerad som dagens program i kanalerna för Det digitala biblioteksrummet, MIK & ungas medievärldar.',
    );
    expect(cardText(card)).toContain('Senast publicerad 30 aug. 2027 11:00.');
    const posts = await sentSince(before);
    expect(posts.map((call) => call.path).sort()).toEqual(
      [`/v3/conversations/${digitalChannel.id}/activities`, `/v3/conversations/${groupChannel.id}/activities`].sort(),
    );
    const agenda = posts[0]!.body.attachments[0].content;
    expect(cardProblems(agenda)).toEqual([]);
    expect(cardText(agenda)).toContain('Program för presentationsdagen 17 september 2027');
    expect(cardText(agenda)).toContain(
      '09:30–09:45\nDet digitala biblioteksrummet\nVideo: Videorapport från studiebesök (3 minuter)',
    );
    expect(cardText(agenda)).toContain(
      '09:45–10:10\nMIK & ungas medievärldar\nKitplan: Plan för ett regionalt bokningsbart MIK-kit',
    );
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BotHarness,
  cardOf,
  cardText,
  personalChat,
  textOf,
  type BotReply,
  type TestPerson,
} from '../support/bot-harness.js';
import { cardProblems } from '../support/adaptive-cards.js';
import { assembledFocusGroup, coordinator, members, giveRole } from '../support/focus-group.js';

/**
 * The video report over HTTP: files sent in personal chat (Teams' file.download.info, served here by a local stand-in
 * for SharePoint), checked by the real media parser and stored in Azurite through @azure/storage-blob; and links.
 */

const staff: TestPerson = { id: 's0000000-0000-0000-0000-000000000003', name: 'Sara Regional' };
const outsider: TestPerson = { id: 'f0000000-0000-0000-0000-000000000009', name: 'Olle Utanför' };
const [anna, bertil] = members as [TestPerson, TestPerson];
const media = (name: string) => readFileSync(new URL(`../fixtures/media/${name}`, import.meta.url));

let bot: BotHarness;
let files: Server;
let filesUrl = '';
let programmeId: string;
let digital: string;
const outputId = 'video-1';

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator], environment: { VIDEO_MAX_MB: '1' } });
  ({ programmeId, digital } = await assembledFocusGroup(bot));
  await giveRole(bot, programmeId, staff, 'regionalStaff');
  bot.now = new Date('2027-08-10T08:00:00Z');
  files = createServer((request, response) => {
    const path = request.url ?? '';
    if (path.startsWith('/media/')) {
      const body = media(path.slice('/media/'.length));
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      return response.end(body);
    }
    if (path === '/large') {
      // 2 MB, announced: refused before a byte of the body is read.
      response.writeHead(200, { 'content-length': 2 * 1024 * 1024 });
      return response.end(Buffer.alloc(2 * 1024 * 1024));
    }
    if (path === '/large-unannounced') {
      // 2 MB in chunks with no length: counted and cut off at the limit.
      response.writeHead(200, { 'content-type': 'video/mp4' });
      let sent = 0;
      const more = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += 64 * 1024;
          if (!response.write(Buffer.alloc(64 * 1024))) return response.once('drain', more);
        }
        response.end();
      };
      return more();
    }
    if (path === '/broken') {
      // Announces the whole video, sends a part, and the connection drops.
      const body = media('report-2m55s.mp4');
      response.writeHead(200, { 'content-length': body.length });
      response.write(body.subarray(0, 5000));
      return setTimeout(() => response.destroy(), 20);
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await bot?.stop();
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
  rmSync(ownTemporaryFolder, { recursive: true, force: true });
});

const ref = () => ({ programmeId, groupId: digital, outputId });
const stored = () => bot.outputStore().outputs.get(programmeId, digital, outputId);
const snapshot = async () => JSON.stringify(await stored());
const storedBlobs = () => bot.outputStore().files.list('videos/');
/**
 * This file's own temporary folder (the bot stages downloads in os.tmpdir(), read per call): other test files
 * upload videos at the same time, and their files in progress are not this file's leftovers.
 */
const ownTemporaryFolder = mkdtempSync(join(tmpdir(), 'outputs-video-test-'));
process.env.TMPDIR = ownTemporaryFolder;
const leftoverTemporaryFiles = () =>
  readdirSync(ownTemporaryFolder).filter((name) => name.startsWith('fokusgrupper-video-'));

/** A message carrying a file, as Teams delivers one sent to the bot in personal chat. */
function sendFile(person: TestPerson, downloadUrl: string, name: string, locale = 'sv-SE'): Promise<BotReply> {
  return bot.sendFile(person, { downloadUrl, name }, { locale });
}

/**
 * Sends a file and waits for the bot's second message in the person's chat: the first says it is receiving the
 * file, the second (written when the download, the check and the upload are done) how it went.
 */
async function sendAndWait(person: TestPerson, downloadUrl: string, name: string, locale = 'sv-SE') {
  // The answer to the turn is a reply (…/activities/<message id>); the result is a new message in the chat.
  const path = `/v3/conversations/${personalChat(person).id}/activities`;
  const before = bot.connector.calls.length;
  const reply = await sendFile(person, downloadUrl, name, locale);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const posted = bot.connector.calls.slice(before).find((call) => call.method === 'POST' && call.path === path);
    if (posted) return { ack: textOf(reply), result: posted.body, reply };
    if (Date.now() > deadline) throw new Error(`no result for ${name} (answered: ${textOf(reply)})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function resultCard(result: any) {
  const card = result.attachments?.[0]?.content;
  expect(card, result.text).toBeDefined();
  expect(cardProblems(card)).toEqual([]);
  return card;
}

describe('bad video files are refused and leave nothing behind', () => {
  it.each([
    [
      'report-3m30s.mp4',
      'Videon är 3:30 lång. Den får vara högst 3 minuter (jag godtar upp till 3:10). Ingenting har sparats.',
    ],
    [
      'not-a-video.mp4',
      '”not-a-video.mp4” är ingen video som jag känner igen (jag läser filens innehåll, inte dess namn). Skicka en videofil, till exempel MP4, MOV eller WebM. Ingenting har sparats.',
    ],
    ['picture.mp4', /^”picture.mp4” är ingen video som jag känner igen/],
    ['audio-only.mp4', /^”audio-only.mp4” är ingen video som jag känner igen/],
  ])('%s', async (name, expected) => {
    const before = await snapshot();
    const { ack, result } = await sendAndWait(anna, `${filesUrl}/media/${name}`, name);
    expect(ack).toBe(
      `Jag tar emot ”${name}” för ”Videorapport från studiebesök (3 minuter)” och kontrollerar den. Jag skriver här när den är sparad.`,
    );
    expect(result.text).toMatch(expected);
    expect(await snapshot()).toBe(before);
    expect(await storedBlobs()).toEqual([]);
    expect(leftoverTemporaryFiles()).toEqual([]);
  });

  it.each([
    ['/large', 'Filen är för stor: en video får vara högst 1 MB. Ingenting har sparats.'],
    ['/large-unannounced', 'Filen är för stor: en video får vara högst 1 MB. Ingenting har sparats.'],
    ['/broken', 'Överföringen av filen avbröts innan den var klar. Skicka den gärna igen. Ingenting har sparats.'],
    ['/missing', 'Jag kunde inte hämta filen från Teams. Skicka den gärna igen. Ingenting har sparats.'],
    [
      'http://127.0.0.1:9/nobody-listens.mp4',
      'Jag kunde inte hämta filen från Teams. Skicka den gärna igen. Ingenting har sparats.',
    ],
    [
      'ftp://example.com/video.mp4',
      'Jag kunde inte hämta filen från Teams. Skicka den gärna igen. Ingenting har sparats.',
    ],
  ])('a download from %s', async (path, expected) => {
    const before = await snapshot();
    const { result } = await sendAndWait(anna, path.includes('://') ? path : `${filesUrl}${path}`, 'rapport.mp4');
    expect(result.text).toBe(expected);
    expect(await snapshot()).toBe(before);
    expect(await storedBlobs()).toEqual([]);
    expect(leftoverTemporaryFiles()).toEqual([]);
  });

  it('says the measured length in English too', async () => {
    const { ack, result } = await sendAndWait(anna, `${filesUrl}/media/report-3m30s.mp4`, 'report.mp4', 'en-US');
    expect(ack).toMatch(/^I am receiving “report.mp4” for/);
    expect(result.text).toBe(
      'The video is 3:30 long. It may be at most 3 minutes (I accept up to 3:10). Nothing has been saved.',
    );
  });

  it('takes no file from someone without a video to deliver', async () => {
    const reply = await sendFile(outsider, `${filesUrl}/media/report-2m55s.mp4`, 'rapport.mp4');
    expect(textOf(reply)).toBe('Du är inte med i någon grupp som ska lämna in en video, så jag har inte sparat filen.');
    expect(await storedBlobs()).toEqual([]);
  });
});

describe('a video from file to approval', () => {
  it('stores a 2:55 video in Blob Storage and submits it', async () => {
    const { result } = await sendAndWait(anna, `${filesUrl}/media/report-2m55s.mp4`, 'Studiebesök Kista.mp4');
    const card = resultCard(result);
    expect(cardText(card)).toContain(
      'Videon är sparad och inskickad (2:55, 27,7 kB). Regional personal granskar den nu.',
    );
    expect(cardText(card)).toContain('Studiebesök Kista.mp4');
    expect(cardText(card)).toContain('2:55 (uppmätt)');
    const output = (await stored())!;
    expect(output).toMatchObject({
      status: 'submitted',
      submittedBy: anna,
      video: { source: 'file', fileName: 'Studiebesök Kista.mp4', contentType: 'video/mp4', bytes: 28361 },
    });
    expect(output.video!.durationSeconds).toBeCloseTo(175.1, 1);
    const blobs = await storedBlobs();
    expect(blobs).toEqual([{ name: (output.video as any).blobName, size: 28361, contentType: 'video/mp4' }]);
    expect(blobs[0]!.name).toMatch(new RegExp(`^videos/${programmeId}/${digital}/video-1/[0-9a-f-]+\\.mp4$`));
    // The card's play link goes through the bot, which checks the viewer and hands out a short read-only link to
    // the stored file: the same bytes come back.
    const link = JSON.stringify(card).match(/"url":"(http:\/\/localhost:\d+\/outputs\/video\/[^"]+)"/)![1]!;
    const checked = await fetch(link.replace(/^http:\/\/localhost:\d+/, bot.url), { redirect: 'manual' });
    expect(checked.status).toBe(302);
    const play = checked.headers.get('location')!;
    expect(play).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/outputs\/videos\/.+sig=/);
    const downloaded = await fetch(play);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(media('report-2m55s.mp4'))).toBe(true);
    expect((await fetch(play.replace(/\?.*$/, ''))).status).not.toBe(200); // the container itself is private
    expect(leftoverTemporaryFiles()).toEqual([]);
  });

  it('refuses another file while the video awaits review, without downloading it', async () => {
    const before = await snapshot();
    const reply = await sendFile(bertil, `${filesUrl}/media/short-4s.mp4`, 'kort.mp4');
    expect(textOf(reply)).toBe(
      'Resultatet är inskickat och väntar på granskning, så det kan inte ändras nu. Ingenting har ändrats.',
    );
    expect(await snapshot()).toBe(before);
    expect(await storedBlobs()).toHaveLength(1);
  });

  it('is returned by regional staff, then replaced by a file of another format', async () => {
    const { _etag } = (await stored())!;
    const returned = cardOf(
      await bot.execute(staff, 'outputs.return', { ...ref(), etag: _etag, comment: 'Ljudet saknas i slutet.' }),
    );
    expect(cardText(returned)).toContain(
      'Det digitala biblioteksrummet är inte kopplad till någon kanal, så jag skrev till Bibliotekarie Ragunda, som skickade in, i en personlig chatt.',
    );
    const { result } = await sendAndWait(bertil, `${filesUrl}/media/short-4s.webm`, 'kort.webm');
    expect(cardText(resultCard(result))).toContain('Videon är sparad och inskickad (0:04,');
    const output = (await stored())!;
    expect(output).toMatchObject({
      status: 'submitted',
      submittedBy: bertil,
      video: { contentType: 'video/webm', fileName: 'kort.webm' },
    });
    const blobs = await storedBlobs();
    expect(blobs.map((blob) => blob.name)).toEqual([(output.video as any).blobName]); // the replaced file is gone
    expect(blobs[0]!.name).toMatch(/\.webm$/);
  });
});

describe('a video by link', () => {
  it('is offered to members, with a form for the link and the length', async () => {
    const { _etag } = (await stored())!;
    await bot.execute(staff, 'outputs.return', { ...ref(), etag: _etag, comment: 'Lägg hellre upp den på Stream.' });
    const view = cardOf(await bot.execute(anna, 'outputs.view', ref()));
    expect(cardProblems(view)).toEqual([]);
    expect(cardText(view)).toContain('Skicka videofilen till mig i vår personliga chatt (högst 3 minuter och 1 MB)');
    const form = cardOf(await bot.execute(anna, 'outputs.videoLinkForm', ref()));
    expect(cardProblems(form)).toEqual([]);
    expect(cardText(form)).toContain('Länk till videon: Videorapport från studiebesök (3 minuter)');
  });

  it.each([
    [
      { url: 'https://example.com/video.mp4', length: '2:00' },
      /^Länken måste vara en https-länk till SharePoint, Stream, YouTube eller Vimeo/,
    ],
    [{ url: 'http://www.youtube.com/watch?v=abc', length: '2:00' }, /^Länken måste vara en https-länk/],
    [{ url: 'https://vimeo.com/123', length: '3:30' }, /^Videon är 3:30 lång\. Den får vara högst 3 minuter/],
    [{ url: 'https://vimeo.com/123', length: 'tre minuter' }, /^Skriv videons längd som minuter:sekunder/],
  ])('refuses %o', async (input, expected) => {
    const before = await snapshot();
    expect(textOf(await bot.execute(anna, 'outputs.videoLink', { ...ref(), ...input }))).toMatch(expected);
    expect(await snapshot()).toBe(before);
  });

  it('is submitted by a member, and the stored file it replaces is deleted', async () => {
    const card = cardOf(
      await bot.execute(
        anna,
        'outputs.videoLink',
        { ...ref(), url: 'https://regionjh.sharepoint.com/:v:/s/fokus/EaBcD', length: '2:58' },
        { locale: 'en-US' },
      ),
    );
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('The link is saved and submitted. Regional staff will review the video now.');
    expect(cardText(card)).toContain('2:58 (stated)');
    expect((await stored())!).toMatchObject({
      status: 'submitted',
      video: { source: 'link', url: 'https://regionjh.sharepoint.com/:v:/s/fokus/EaBcD', durationSeconds: 178 },
    });
    expect(await storedBlobs()).toEqual([]);
  });

  it('is approved by staff', async () => {
    const { _etag } = (await stored())!;
    const card = cardOf(await bot.execute(staff, 'outputs.approve', { ...ref(), etag: _etag, comment: '' }));
    expect(cardText(card)).toContain('Godkänt.');
    expect((await stored())!.status).toBe('approved');
    expect(textOf(await sendFile(anna, `${filesUrl}/media/short-4s.mp4`, 'ny.mp4'))).toMatch(/^Resultatet är godkänt/);
  });
});

describe('choosing the output for a file', () => {
  it('asks which video when a member has several, until "send as file" says which', async () => {
    // A second programme whose group also wants a video, with Anna in it.
    await bot.execute(coordinator, 'programmes.create', {
      name: 'Läsfrämjande Jämtland',
      countyCode: '23',
      signUpDeadline: '2027-09-30',
      presentationDay: '2027-11-05',
      group1Name: 'Unga läsare',
      group1Output1Kind: 'video',
      group1Output1Title: 'Film om läsning',
      group1Output1DueDate: '2027-10-01',
    });
    const second = (await bot.storage().programmes.list()).find((p) => p.name === 'Läsfrämjande Jämtland')!;
    await bot.execute(anna, 'membership.signUp', {
      programmeId: second.programmeId,
      groupIds: 'unga-lasare',
      municipalityCode: '2303',
      preferredChannel: 'teams',
    });
    // The first video is approved; reopened, both are open.
    const { _etag } = (await stored())!;
    await bot.execute(staff, 'outputs.reopen', { ...ref(), etag: _etag, comment: 'En gång till, kortare.' });
    expect(textOf(await sendFile(anna, `${filesUrl}/media/short-4s.mp4`, 'kort.mp4'))).toBe(
      'Du är med i flera grupper som ska lämna in en video (Film om läsning (Unga läsare), Videorapport från studiebesök (3 minuter) (Det digitala biblioteksrummet)). Skriv ”resultat”, öppna rätt video och tryck på ”Skicka som fil”. Skicka sedan filen igen.',
    );
    const secondRef = { programmeId: second.programmeId, groupId: 'unga-lasare', outputId: 'video-1' };
    expect(textOf(await bot.execute(anna, 'outputs.expectFile', secondRef))).toBe(
      'Skicka videofilen till mig här i vår personliga chatt inom en timme, så sparar jag den för ”Film om läsning”. Den får vara högst 3 minuter och 1 MB.',
    );
    const { result } = await sendAndWait(anna, `${filesUrl}/media/short-4s.mp4`, 'kort.mp4');
    expect(cardText(resultCard(result))).toContain('Film om läsning');
    expect((await bot.outputStore().outputs.get(second.programmeId, 'unga-lasare', 'video-1'))!).toMatchObject({
      status: 'submitted',
      video: { fileName: 'kort.mp4' },
    });
    expect(
      (await bot.outputStore().outputs.get(second.programmeId, 'unga-lasare', 'video-1'))!.awaitingFile,
    ).toBeUndefined();
    expect((await stored())!.status).toBe('returned');
  });
});

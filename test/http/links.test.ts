import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, cardOf, personalChat, type TestPerson } from '../support/bot-harness.js';
import { assembledFocusGroup, coordinator, meetingForm, members } from '../support/focus-group.js';

/**
 * Links that open without signing in (calendar files, videos) are signed, stop working when someone leaves the
 * group or a coordinator renews them, never outlive the viewer's access, and in an export never outlive the
 * export link.
 */

const [anna, bertil] = members as [TestPerson, TestPerson];
let bot: BotHarness;
let files: Server;
let programmeId: string;
let mik: string;
let digital: string;

const local = (url: string) => url.replace(/^http:\/\/localhost:\d+/, bot.url);
const status = async (url: string) => (await fetch(local(url), { redirect: 'manual' })).status;
const urlsIn = (card: unknown, pattern: RegExp) => [...JSON.stringify(card).matchAll(pattern)].map((m) => m[1]!);
const calendarLinkOf = (card: unknown) => urlsIn(card, /"url":"(http:\/\/localhost:\d+\/meetings\/[^"]+\.ics)"/g)[0]!;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, mik, digital } = await assembledFocusGroup(bot));
  files = createServer((_request, response) => {
    const body = readFileSync(new URL('../fixtures/media/report-2m55s.mp4', import.meta.url));
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
  files?.close();
  await bot?.stop();
});

describe('calendar links', () => {
  it('stop working when a member leaves the group, and the agenda hands out a new one', async () => {
    const published = cardOf(
      await bot.execute(
        coordinator,
        'meetings.save',
        meetingForm(programmeId, mik, { date: '2027-04-13', place: 'Östersunds bibliotek', then: 'publish' }),
      ),
    );
    expect(published).toBeDefined();
    const agenda = cardOf(await bot.execute(anna, 'meetings.agenda', { programmeId, groupId: mik }));
    const before = calendarLinkOf(agenda);
    expect(await status(before)).toBe(200);
    // The token is not the meeting's id, and a token one character off is refused.
    const token = before.split('/').pop()!.replace('.ics', '');
    const altered = before.replace(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    expect(await status(altered)).toBe(404);

    await bot.execute(bertil, 'membership.withdraw', { programmeId, groupId: mik });
    expect(await status(before)).toBe(404);
    const renewed = calendarLinkOf(cardOf(await bot.execute(anna, 'meetings.agenda', { programmeId, groupId: mik })));
    expect(renewed).not.toBe(before);
    expect(await status(renewed)).toBe(200);
    await bot.execute(bertil, 'membership.undoWithdraw', { programmeId });
  });

  it("stop working when the coordinator renews the group's links", async () => {
    const link = calendarLinkOf(cardOf(await bot.execute(anna, 'meetings.agenda', { programmeId, groupId: mik })));
    expect(await status(link)).toBe(200);
    const card = cardOf(await bot.execute(coordinator, 'programmes.renewLinks', { programmeId, groupId: mik }));
    expect(JSON.stringify(card)).toContain('Alla tidigare kalender- och videolänkar för MIK & ungas medievärldar');
    expect(await status(link)).toBe(404);
    // Someone who is not a coordinator cannot renew them.
    await bot.execute(anna, 'programmes.renewLinks', { programmeId, groupId: mik });
    const current = calendarLinkOf(cardOf(await bot.execute(anna, 'meetings.agenda', { programmeId, groupId: mik })));
    expect(await status(current)).toBe(200);
  });
});

describe('video links', () => {
  let viewLink = '';

  it('play for the group after a check, and stop when the viewer leaves the group', async () => {
    await bot.execute(anna, 'outputs.expectFile', { programmeId, groupId: digital, outputId: 'video-1' });
    const path = `/v3/conversations/${personalChat(anna).id}/activities`;
    const sent = bot.connector.calls.length;
    await bot.sendFile(anna, {
      downloadUrl: `http://127.0.0.1:${(files.address() as AddressInfo).port}/v.mp4`,
      name: 'v.mp4',
    });
    for (
      let waited = 0;
      !bot.connector.calls.slice(sent).some((c) => c.method === 'POST' && c.path === path);
      waited++
    ) {
      if (waited > 400) throw new Error('the video was not stored');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const card = cardOf(
      await bot.execute(bertil, 'outputs.view', { programmeId, groupId: digital, outputId: 'video-1' }),
    );
    viewLink = urlsIn(card, /"url":"(http:\/\/localhost:\d+\/outputs\/video\/[^"]+)"/g)[0] ?? '';
    expect(viewLink).toContain(`/outputs/video/${programmeId}/${digital}/video-1/`);
    expect(await status(viewLink)).toBe(302);
    // Another viewer's link cannot be made from this one: the viewer is signed into it.
    expect(await status(viewLink.replace(bertil.id, anna.id))).toBe(404);
    await bot.execute(bertil, 'membership.withdraw', { programmeId, groupId: digital });
    expect(await status(viewLink)).toBe(404);
    await bot.execute(bertil, 'membership.undoWithdraw', { programmeId });
  });

  it('in an export stop working when the export link expires', async () => {
    await bot.execute(coordinator, 'programmes.addRole', {
      programmeId,
      personId: 'staff-1',
      personName: 'Sara Regional',
      role: 'regionalStaff',
    });
    const exported = cardOf(
      await bot.execute({ id: 'staff-1', name: 'Sara Regional' }, 'outputs.export', { programmeId }),
    );
    const [reportUrl] = urlsIn(exported, /"url":"(http:\/\/localhost:\d+\/outputs\/export\/[^"]+report\.html)"/g);
    const html = await (await fetch(local(reportUrl!))).text();
    const [videoUrl] = [...html.matchAll(/<a href="(http:\/\/localhost:\d+\/outputs\/video\/[^"]+)">/g)].map(
      (m) => m[1]!,
    );
    expect(await status(videoUrl!.replace(/&amp;/g, '&'))).toBe(302);
    const saved = bot.now;
    bot.now = new Date(saved.getTime() + 25 * 3_600_000);
    expect(await status(videoUrl!.replace(/&amp;/g, '&'))).toBe(404);
    bot.now = saved;
  });

  it('are refused outright when made up', async () => {
    expect(
      await status(`${bot.url}/outputs/video/${programmeId}/${digital}/video-1/${anna.id}/9999999999999/abc`),
    ).toBe(404);
    expect(await status(`${bot.url}/calendar/no-such-poll/abc.ics`)).toBe(404);
  });
});

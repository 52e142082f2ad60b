import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness, personalChat, textOf } from '../support/bot-harness.js';
import { assembledFocusGroup, coordinator, members } from '../support/focus-group.js';

/**
 * A graceful stop (SIGTERM) while a video sent in chat is still being received: the turn was answered long ago, the
 * work goes on in the background. The stop waits for it (the video is stored, its answer enqueued) before the outbox
 * stops, and the outbox before the store; the answer then arrives once, from whichever instance is left.
 */
const anna = members[0]!;
const video = readFileSync(new URL('../fixtures/media/report-2m55s.mp4', import.meta.url));

let bot: BotHarness;
let survivor: BotHarness | undefined;
let files: Server;
let filesUrl = '';
let programmeId: string;
let digital: string;

beforeAll(async () => {
  bot = await BotHarness.start({ seedCoordinators: [coordinator] });
  ({ programmeId, digital } = await assembledFocusGroup(bot));
  bot.now = new Date('2027-08-10T08:00:00Z');
  // Teams' file store, slowly: the whole video over about a second.
  files = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': video.length });
    const chunk = Math.ceil(video.length / 10);
    let sent = 0;
    const timer = setInterval(() => {
      response.write(video.subarray(sent, sent + chunk));
      sent += chunk;
      if (sent >= video.length) {
        clearInterval(timer);
        response.end();
      }
    }, 100);
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await survivor?.stop();
  // The first instance has stopped already: only what it shares with the survivor is left to stop.
  await bot?.cosmos?.stop();
  await bot?.azurite?.stop();
  await bot?.connector.stop();
  files?.closeAllConnections();
  await new Promise((resolve) => files?.close(resolve));
});

describe('SIGTERM while a video is being received', () => {
  it('stores the video and enqueues its answer before the outbox and the store stop', async () => {
    const before = bot.connector.calls.length;
    const reply = await bot.sendFile(anna, { downloadUrl: `${filesUrl}/report.mp4`, name: 'report.mp4' });
    expect(textOf(reply)).toMatch(/^Jag tar emot ”report.mp4”/);

    const report = await bot.bot.shutdown(20_000);
    expect(report.drained).toBe(true);
    expect(report.stoppables.map((stoppable) => stoppable.name)).toEqual(['http', 'background', 'scheduler', 'outbox']);

    survivor = await BotHarness.startBeside(bot);
    const output = await survivor.outputStore().outputs.get(programmeId, digital, 'video-1');
    expect(output).toMatchObject({
      status: 'submitted',
      video: { source: 'file', durationSeconds: expect.closeTo(175, 0) },
    });
    await survivor.delivered();
    const answers = bot.connector.calls
      .slice(before)
      .filter(
        (call) => call.method === 'POST' && call.path === `/v3/conversations/${personalChat(anna).id}/activities`,
      );
    expect(answers).toHaveLength(1);
    expect(JSON.stringify(answers[0]!.body)).toContain('Videon är sparad och inskickad');
  });
});

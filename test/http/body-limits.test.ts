import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotHarness } from '../support/bot-harness.js';
import { filler, gzipBomb, multipartUpload, peakRssRise, rawPost, RESET } from '../support/raw-post.js';

/**
 * Finding: before authentication, restify's bodyParser inflated a 255 KB gzip body to 256 MB (RSS 0.23 → 1.26 GB)
 * and wrote multipart uploads to the temp folder, where they stayed. Now /api/messages reads JSON only, at most
 * 1 MB, never inflates, never writes a file, and says no from the headers where it can. All without a token.
 */
let bot: BotHarness;
let tempFolder: string;
const JSON_TYPE = 'application/json; charset=utf-8';

beforeAll(async () => {
  // This test file runs in its own process: the temp folder every library asks os.tmpdir() for is ours to watch.
  tempFolder = mkdtempSync(join(tmpdir(), 'door-body-limits-'));
  process.env.TMPDIR = tempFolder;
  bot = await BotHarness.start();
});

afterAll(async () => {
  await bot?.stop();
  rmSync(tempFolder, { recursive: true, force: true });
});

const messages = () => `${bot.url}/api/messages`;

describe('what /api/messages reads before anything else', () => {
  it('refuses a gzip bomb from its headers, without inflating it (415, empty body)', async () => {
    const bomb = await gzipBomb(256);
    expect(bomb.length).toBeLessThan(300 * 1024);
    let answer: Awaited<ReturnType<typeof rawPost>> | undefined;
    const rise = await peakRssRise(async () => {
      answer = await rawPost(
        messages(),
        { 'content-type': JSON_TYPE, 'content-encoding': 'gzip', 'content-length': bomb.length },
        bomb,
        { resetIsRefusal: true },
      );
    });
    console.log(`gzip bomb (${Math.round(bomb.length / 1024)} KB → 256 MB): RSS rise ${mb(rise)} MB`);
    expect([415, RESET.status]).toContain(answer!.status); // a reset is the refusal too: see the 64 MB case
    expect(answer!.body).toBe('');
    expect(rise).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a declared 64 MB body at once, and a chunked one as soon as it passes 1 MB (413)', async () => {
    let declared: Awaited<ReturnType<typeof rawPost>> | undefined;
    let chunked: Awaited<ReturnType<typeof rawPost>> | undefined;
    const started = Date.now();
    const rise = await peakRssRise(async () => {
      declared = await rawPost(
        messages(),
        { 'content-type': JSON_TYPE, 'content-length': 64 * 1024 * 1024 },
        filler(64),
        { resetIsRefusal: true },
      );
      chunked = await rawPost(messages(), { 'content-type': JSON_TYPE, 'transfer-encoding': 'chunked' }, filler(64), {
        resetIsRefusal: true,
      });
    });
    console.log(`64 MB bodies (declared and chunked): RSS rise ${mb(rise)} MB in ${Date.now() - started} ms`);
    // The caller, still sending, reads the 413 or (rarely, on a busy machine) sees the connection reset before it
    // could: either way it is turned away, and the server counts both as too large ('counts each refusal' below).
    expect([413, RESET.status]).toContain(declared!.status);
    expect([413, RESET.status]).toContain(chunked!.status);
    expect(declared!.body).toBe('');
    expect(chunked!.body).toBe('');
    expect(rise).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses multipart uploads and leaves no file in the temp folder (415)', async () => {
    const before = readdirSync(tempFolder);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const upload = multipartUpload(20);
      answers.push(
        await rawPost(
          messages(),
          { 'content-type': upload.contentType, 'content-length': upload.length },
          upload.body,
          { resetIsRefusal: true },
        ),
      );
    }
    for (const answer of answers) expect([415, RESET.status]).toContain(answer.status); // see the 64 MB case
    expect(readdirSync(tempFolder)).toEqual(before);
  });

  it.each([
    ['text/plain', '{}', 415],
    ['application/x-www-form-urlencoded', 'a=1', 415],
    ['application/json; charset=latin1', '{}', 415],
    ['application/json', '{"type": "message",', 400],
    ['application/json', '[1, 2, 3]', 400],
    ['application/json', '{"text": "no type"}', 400],
  ])('answers %s with %s as a bare %i', async (contentType, body, status) => {
    const answer = await rawPost(messages(), { 'content-type': contentType }, Buffer.from(body));
    expect(answer).toMatchObject({ status, body: '' });
  });

  it('counts each refusal by its reason', () => {
    expect(bot.bot.rejections.byReason()).toMatchObject({
      'content-encoding': 1,
      'body-too-large': 2,
      'content-type': 3 + 3,
      'malformed-json': 1,
      'not-an-object': 1,
      'not-an-activity': 1,
    });
  });

  it('still takes an ordinary activity', async () => {
    const reply = await bot.say({ id: 'aad-anna', name: 'Anna' }, 'hjälp');
    expect(reply.status).toBe(200);
    expect(reply.activities.length).toBeGreaterThan(0);
  });
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

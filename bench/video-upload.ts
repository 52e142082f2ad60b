import { SharedReads } from '../src/platform/shared-reads.js';
/**
 * npm run bench:video — a large valid video through the bot's real file path, and a download past the size limit,
 * measuring time and this process's memory (the bot runs in it; Azurite runs in a child process of its own).
 *
 * The video is test/fixtures/media/report-2m55s.mp4 followed by an MP4 `free` box of padding up to BENCH_VIDEO_MB
 * (default 300): a valid MP4 of that size, still 2:55 long, streamed by a local stand-in for SharePoint without
 * ever being held in memory. The bot downloads it to a temporary file through the size limit, checks it with
 * music-metadata, uploads it to Azurite in 4 MB blocks and submits the output, as for a file sent in Teams.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchBot } from './bench-bot.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { startEmbeddedAzurite } from '../src/platform/blob/embedded-azurite.js';
import { fromRepoRoot } from '../src/platform/paths.js';
import { ProgrammeStore } from '../src/features/programmes/store.js';
import { MembershipStore } from '../src/features/membership/store.js';
import { OutputStore } from '../src/features/outputs/store.js';
import { signUp } from '../src/features/membership/domain.js';

const VIDEO_MB = Number(process.env.BENCH_VIDEO_MB ?? 300);
const LIMIT_MB = Number(process.env.BENCH_LIMIT_MB ?? Math.max(500, VIDEO_MB + 10));
const MEMBER = { id: 'bench-member', name: 'Bibliotekarie' };
const MiB = 2 ** 20;

/** Peak RSS of this process so far (the kernel's high-water mark), and a sampler for a window of interest. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;
function sampleRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

/** VmHWM of another process (Linux), to show where Azurite's memory goes. */
function peakOf(pid: number | undefined): string {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return `${(kb / 1024).toFixed(0)} MiB`;
  } catch {
    return 'n/a';
  }
}

/** Streams `total` bytes: the fixture, then one `free` box filling the rest, from one reused 1 MiB buffer. */
function serveVideo(response: ServerResponse, total: number, announce: boolean): void {
  const head = readFileSync(fromRepoRoot('test/fixtures/media/report-2m55s.mp4'));
  const box = Buffer.alloc(8);
  box.writeUInt32BE(total - head.length, 0);
  box.write('free', 4, 'latin1');
  const chunk = Buffer.alloc(MiB);
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    ...(announce ? { 'content-length': total } : {}),
  });
  response.write(head);
  response.write(box);
  let left = total - head.length - box.length;
  const more = () => {
    while (left > 0) {
      const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= part.length;
      if (!response.write(part)) return void response.once('drain', more);
    }
    response.end();
  };
  response.on('error', () => undefined);
  more();
}

async function main(): Promise<void> {
  const personalPosts: { at: number; body: any }[] = [];
  const connector = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (decodeURIComponent(request.url ?? '').endsWith('/v3/conversations/a:bench/activities'))
        personalPosts.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString()) });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id":"x"}');
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', () => resolve()));
  const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;

  const files = createServer((request, response) => {
    if (request.url === '/video.mp4') return serveVideo(response, VIDEO_MB * MiB, true);
    if (request.url === '/oversize.mp4') return serveVideo(response, (LIMIT_MB + 50) * MiB, false);
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  const filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

  const blobDir = mkdtempSync(join(tmpdir(), 'fokusgrupper-bench-azurite-'));
  const [cosmos, azurite] = await Promise.all([startEmbeddedCosmos(), startEmbeddedAzurite({ location: blobDir })]);
  const bot = await startBenchBot(
    cosmos,
    { SEED_COORDINATOR_IDS: 'bench-coordinator:Samordnare', VIDEO_MAX_MB: String(LIMIT_MB) },
    { blob: azurite.connection },
  );
  const { containers } = bot.storage;
  const programme = (await new ProgrammeStore(containers.programmes, containers.conversations).list())[0]!;
  const group = programme.groups.find((g) => g.outputs.some((o) => o.kind === 'video'))!;
  await new MembershipStore(containers.programmes, new SharedReads()).save(
    programme.programmeId,
    MEMBER.id,
    (current) =>
      signUp(
        programme,
        current,
        MEMBER,
        {
          programmeId: programme.programmeId,
          groupIds: [group.id],
          municipalityCode: programme.region.municipalityCodes[0]!,
          preferredChannel: 'teams',
          otherChannel: '',
          roleOrLibrary: '',
        },
        new Date(),
      ),
  );

  const send = async (path: string) => {
    const before = personalPosts.length;
    const started = Date.now();
    const answer = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: randomUUID(),
        text: '',
        channelId: 'msteams',
        serviceUrl,
        locale: 'sv-SE',
        from: { id: `29:${MEMBER.id}`, aadObjectId: MEMBER.id, name: MEMBER.name },
        recipient: { id: '28:bench-bot', name: 'Fokusgrupper' },
        conversation: { id: 'a:bench', conversationType: 'personal', tenantId: 'bench' },
        channelData: { tenant: { id: 'bench' } },
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: path.slice(1),
            content: { downloadUrl: `${filesUrl}${path}`, uniqueId: randomUUID(), fileType: 'mp4' },
          },
        ],
      }),
    });
    const answeredMs = Date.now() - started;
    for (const deadline = Date.now() + 15 * 60_000; personalPosts.length === before;) {
      if (Date.now() > deadline) throw new Error(`no answer for ${path}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = personalPosts[before]!;
    const text = result.body.text ?? JSON.stringify(result.body.attachments?.[0]?.content?.body?.[0]?.text ?? '');
    return { status: answer.status, answeredMs, doneMs: result.at - started, text };
  };

  global.gc?.();
  const baseline = process.memoryUsage().rss;
  const peakBefore = peakRss();
  console.log(
    `\nVideo file path, Node ${process.version}; bot, embedded Cosmos store and file server in this process, Azurite in a child process`,
  );
  console.log(`before: RSS ${(baseline / MiB).toFixed(0)} MiB, peak RSS so far ${(peakBefore / MiB).toFixed(0)} MiB`);

  const stopValid = sampleRss();
  const valid = await send('/video.mp4');
  const peakValid = stopValid();
  const stored = await new OutputStore(containers.outputs).get(programme.programmeId, group.id, group.outputs[0]!.id);
  const blob = (await bot.files!.list('videos/'))[0];
  console.log(
    `valid ${VIDEO_MB} MiB video (2:55): HTTP ${valid.status} answered in ${valid.answeredMs} ms, stored after ${(valid.doneMs / 1000).toFixed(1)} s ` +
      `(${(VIDEO_MB / (valid.doneMs / 1000)).toFixed(0)} MiB/s): ${valid.text}`,
  );
  console.log(
    `  output ${stored?.status}, blob ${blob?.name} ${((blob?.size ?? 0) / MiB).toFixed(1)} MiB ${blob?.contentType}`,
  );
  console.log(
    `  RSS during: peak ${(peakValid / MiB).toFixed(0)} MiB (+${((peakValid - baseline) / MiB).toFixed(0)} MiB over before)`,
  );

  // Back to a state where another video may be submitted, then a download past the limit.
  await new OutputStore(containers.outputs).update(stored!, (current) => ({ ...current, status: 'returned' }));
  const stopOversize = sampleRss();
  const oversize = await send('/oversize.mp4');
  const peakOversize = stopOversize();
  console.log(
    `oversize ${LIMIT_MB + 50} MiB download, no length announced, limit ${LIMIT_MB} MiB: refused after ${(oversize.doneMs / 1000).toFixed(1)} s: ${oversize.text}`,
  );
  console.log(
    `  RSS during: peak ${(peakOversize / MiB).toFixed(0)} MiB (+${((peakOversize - baseline) / MiB).toFixed(0)} MiB over before)`,
  );
  console.log(
    `process peak RSS (kernel high-water mark, whole run): ${(peakRss() / MiB).toFixed(0)} MiB; Azurite child peak: ${peakOf(azurite.pid)}`,
  );

  await bot.close();
  await cosmos.stop();
  await azurite.stop();
  rmSync(blobDir, { recursive: true, force: true });
  connector.close();
  files.closeAllConnections();
  files.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

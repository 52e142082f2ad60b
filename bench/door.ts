/**
 * What an unauthenticated stranger's body costs the bot: a 255 KB gzip body that inflates to 256 MB, a 64 MB
 * body, and three 20 MB multipart uploads, each without a token. Sent to the product's /api/messages, then to the
 * reference: the same restify server with `restify.plugins.bodyParser()` in front, as the bot had before. Prints
 * the status, the peak RSS rise and the files left in the temp folder for both, and the ratio.
 *
 *   npm run bench:door
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import restify from 'restify';
import { startBenchBot } from './bench-bot.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { filler, gzipBomb, multipartUpload, peakRssRise, rawPost } from '../test/support/raw-post.js';

type Row = { name: string; bomb: string; big: string; multipart: string; rise: number; files: number };

async function attack(name: string, url: string, tempFolder: string): Promise<Row> {
  const bomb = await gzipBomb(256);
  const before = readdirSync(tempFolder).length;
  const statuses = { bomb: 0, big: 0, multipart: [] as number[] };
  const rise = await peakRssRise(async () => {
    statuses.bomb = (
      await rawPost(
        url,
        { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length },
        bomb,
      )
    ).status;
    statuses.big = (
      await rawPost(url, { 'content-type': 'application/json', 'content-length': 64 * 1024 * 1024 }, filler(64))
    ).status;
    for (let i = 0; i < 3; i++) {
      const upload = multipartUpload(20);
      const answer = await rawPost(
        url,
        { 'content-type': upload.contentType, 'content-length': upload.length },
        upload.body,
      );
      statuses.multipart.push(answer.status);
    }
  });
  return {
    name,
    bomb: String(statuses.bomb),
    big: String(statuses.big),
    multipart: statuses.multipart.join('/'),
    rise,
    files: readdirSync(tempFolder).length - before,
  };
}

/** The bot's old front door: restify's bodyParser with no options, before any handler or authentication. */
async function startReference(): Promise<{ url: string; close(): void }> {
  const server = restify.createServer({ name: 'reference', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', (_request, response, next) => {
    response.send(401);
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${server.address().port}/api/messages`,
    close: () => {
      server.server.closeAllConnections();
      server.close();
    },
  };
}

async function main(): Promise<void> {
  const tempFolder = mkdtempSync(join(tmpdir(), 'bench-door-'));
  process.env.TMPDIR = tempFolder;
  const cosmos = await startEmbeddedCosmos();
  const bot = await startBenchBot(cosmos, { COSMOS_DATABASE: 'bench-door' });
  const product = await attack('product', `http://127.0.0.1:${bot.port}/api/messages`, tempFolder);
  const reference = await startReference();
  const old = await attack('bodyParser()', reference.url, tempFolder);
  reference.close();
  await bot.close();
  await cosmos.stop();
  rmSync(tempFolder, { recursive: true, force: true });

  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log('front door          gzip bomb  64 MB  3 × 20 MB multipart  peak RSS rise  files left in TMPDIR');
  for (const row of [product, old]) {
    console.log(
      `${row.name.padEnd(20)}${row.bomb.padEnd(11)}${row.big.padEnd(7)}${row.multipart.padEnd(22)}${mb(row.rise).padEnd(15)}${row.files}`,
    );
  }
  console.log(`RSS rise, product / bodyParser(): ${(product.rise / Math.max(old.rise, 1)).toFixed(4)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { deployZip, megabytes, START_COMMAND } from '../../scripts/build-deploy.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/platform/blob/embedded-azurite.js';
import { fromRepoRoot } from '../../src/platform/paths.js';
import { cardText, postedCard, textOf, type TestPerson } from '../support/bot-harness.js';
import { BotProcess, ProcessClient, storeEnvironment } from '../support/bot-process.js';
import { FakeConnector } from '../support/connector.js';

/**
 * The zip App Service runs, built by `npm run build:deploy`, unpacked into an empty folder and started with the
 * production entry against the embedded store, Azurite and a local connector: what a region deploys is what is
 * tested here, not the source tree.
 */
const coordinator: TestPerson = { id: 'c9d8e7f6-0000-4000-8000-00000000c00d', name: 'Kerstin Driftsdóttir' };
const EMAIL = 'kerstin.drift@example.org';
const FREE_TEXT = `Kan ni mejla ${EMAIL} om driftstarten?`;
/** Development tools that must never be deployed (the issue names them; the rest of devDependencies too). */
const NEVER_DEPLOYED = [
  '@microsoft/m365agentsplayground',
  'azurite',
  'vitest',
  '@vercel/cosmosdb-server',
  'typescript',
  'eslint',
];

let folder: string;
let entries: string[] = [];
let zipBytes = 0;
let buildMs = 0;
let cosmos: EmbeddedCosmos;
let azurite: EmbeddedAzurite;
const connector = new FakeConnector();
const ingestion = new Set<string>();
let ingestionServer: Server;
const bots: BotProcess[] = [];

async function unzip(zipFile: string, into: string): Promise<string[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipFile, { lazyEntries: true }, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      names.push(entry.fileName);
      const target = join(into, entry.fileName);
      mkdirSync(dirname(target), { recursive: true });
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        stream
          .pipe(createWriteStream(target, { mode: (entry.externalFileAttributes >>> 16) & 0o777 || 0o644 }))
          .on('close', () => zip.readEntry())
          .on('error', reject);
      });
    });
    zip.once('end', resolve);
    zip.once('error', reject);
    zip.readEntry();
  });
  return names;
}

/**
 * Application Insights' ingestion endpoint, on this machine (over TLS, as the exporter insists, with the local
 * certificate the bot process already trusts): keeps every telemetry item it is sent, as text.
 */
async function startIngestion(): Promise<string> {
  const tls = {
    cert: readFileSync(fromRepoRoot('src/platform/cosmos/localhost-cert.pem')),
    key: readFileSync(fromRepoRoot('src/platform/cosmos/localhost-key.pem')),
  };
  ingestionServer = createServer(tls, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString();
      const items = text.trim().startsWith('[') ? (JSON.parse(text) as unknown[]) : text.split('\n').filter(Boolean);
      for (const item of items) ingestion.add(typeof item === 'string' ? item : JSON.stringify(item));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => ingestionServer.listen(0, '127.0.0.1', () => resolve()));
  return `https://127.0.0.1:${(ingestionServer.address() as AddressInfo).port}/`;
}

async function startProduction(database: string, extra: Record<string, string> = {}): Promise<BotProcess> {
  const bot = await BotProcess.start({
    from: { folder },
    environment: {
      ...storeEnvironment(cosmos, azurite, database),
      SEED_COORDINATOR_IDS: `${coordinator.id}:${coordinator.name}`,
      ...extra,
    },
  });
  bots.push(bot);
  return bot;
}

beforeAll(async () => {
  const started = performance.now();
  const build = spawnSync('npm', ['run', '--silent', 'build:deploy'], { cwd: fromRepoRoot(), encoding: 'utf8' });
  buildMs = performance.now() - started;
  if (build.status !== 0) throw new Error(`npm run build:deploy failed:\n${build.stdout}\n${build.stderr}`);
  console.log(`npm run build:deploy: ${build.stdout.trim().split('\n').pop()}`);
  zipBytes = readFileSync(deployZip).length;
  folder = await mkdtemp(join(tmpdir(), 'fokusgrupper-deployed-'));
  [entries, cosmos, azurite] = await Promise.all([
    unzip(deployZip, folder),
    startEmbeddedCosmos(),
    startEmbeddedAzurite(),
    connector.start(),
  ]);
}, 600_000);

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop('SIGKILL')));
  await Promise.all([cosmos?.stop(), azurite?.stop(), connector.stop()]);
  ingestionServer?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('the deployment zip (npm run build:deploy)', () => {
  it('holds the compiled bot, its texts and data, and a package.json that starts it', () => {
    for (const file of ['package.json', 'dist/src/main.js', 'locales/sv/common.json', 'locales/en/common.json']) {
      expect(entries, file).toContain(file);
    }
    expect(entries).toContain('data/municipalities-se.csv');
    expect(entries.some((entry) => entry.startsWith('dist/src/features/polls/cards/'))).toBe(true);
    const deployed = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    expect(deployed).toMatchObject({ type: 'module', scripts: { start: START_COMMAND } });
    expect(deployed.devDependencies).toBeUndefined();
    if (existsSync(fromRepoRoot('dist/web'))) expect(entries.some((entry) => entry.startsWith('dist/web/'))).toBe(true);
  });

  it('has exactly the production dependencies npm itself lists, and no development tool', () => {
    const devDependencies = Object.keys(
      JSON.parse(readFileSync(fromRepoRoot('package.json'), 'utf8')).devDependencies as Record<string, string>,
    );
    const deployed = new Set(
      entries
        .map((entry) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(entry)?.[1])
        .filter((location): location is string => location !== undefined),
    );
    const listed = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '--long'], {
      cwd: fromRepoRoot(),
      encoding: 'utf8',
    });
    // Lines are `path:name@version`, with `:EXTRANEOUS` for what nothing needs any more (the nested recognizers'
    // own dependencies, once botbuilder-dialogs' install script has removed those copies).
    const production = new Set(
      listed.stdout
        .split('\n')
        .filter((line) => line && !line.endsWith(':EXTRANEOUS'))
        .map((line) => relative(fromRepoRoot(), line.split(':')[0]!))
        .filter((location) => location.startsWith('node_modules/')),
    );
    expect(deployed.size).toBeGreaterThan(100);
    expect([...deployed].filter((location) => !production.has(location))).toEqual([]);
    // npm also lists optional peers that happen to be installed for development (TypeScript for i18next's types).
    const left = [...production].filter((location) => !deployed.has(location));
    expect(left.filter((location) => !devDependencies.includes(location.replace(/^.*node_modules\//, '')))).toEqual([]);
    const names = new Set([...deployed].map((location) => location.replace(/^.*node_modules\//, '')));
    expect(NEVER_DEPLOYED.filter((name) => names.has(name))).toEqual([]);
  });

  it('has no development entry, source, test or private key in it', () => {
    expect(entries.filter((entry) => /^(src|test|bench|scripts|appPackage|infra)\//.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /main\.dev\.js$|embedded-(server|azurite)\.js$|\.pem$/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => /\.(ts|map)$/.test(entry))).toEqual([]);
  });
});

describe('the deployed bot, started from an empty folder as App Service starts it', () => {
  it('becomes healthy, holds a conversation through Cosmos and the connector, and stops cleanly on SIGTERM', async () => {
    const bot = await startProduction('deployed');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const idleRss = bot.rssMb();
    const client = new ProcessClient(() => bot.url, connector);

    const help = await client.say(coordinator, 'hjälp');
    expect(help.status).toBe(200);
    expect(cardText(postedCard(help))).toMatch(/program/i);
    const programmes = await client.say(coordinator, 'program');
    expect(cardText(postedCard(programmes))).toContain('Fokusgrupper digitalt först');
    expect(textOf(await client.say(coordinator, FREE_TEXT))).not.toBe('');
    if (existsSync(fromRepoRoot('dist/web'))) {
      const board = await fetch(`${bot.url}/board/`); // the static web files, served from the zip
      expect([board.status, board.headers.get('content-type')]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    }

    const exit = await bot.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(bot.lines.filter((line) => line.level >= 50)).toEqual([]);
    console.log(
      `production build: zip ${megabytes(zipBytes)}, built in ${(buildMs / 1000).toFixed(1)} s; ` +
        `start to healthy ${(bot.healthyAfterMs / 1000).toFixed(2)} s; idle RSS ${idleRss.toFixed(0)} MB; ` +
        `SIGTERM to exit ${exit.ms} ms`,
    );
  });

  it('sends traces and metrics to Application Insights when configured, and nothing personal', async () => {
    const endpoint = await startIngestion();
    const bot = await startProduction('deployed-telemetry', {
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=${endpoint};LiveEndpoint=${endpoint}`,
      // Statsbeat reports on the SDK itself to Microsoft; there is no network here and the test has no use for it.
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      APPLICATIONINSIGHTS_SDKSTATS_DISABLED: 'true',
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rss = bot.rssMb();
    const client = new ProcessClient(() => bot.url, connector);
    await client.say(coordinator, 'hjälp');
    await client.say(coordinator, FREE_TEXT);
    expect((await bot.stop('SIGTERM')).code).toBe(0); // flushes what is still buffered

    const items = [...ingestion];
    const requests = items.filter((item) => item.includes('"RequestData"'));
    // Application Insights names a request by its method and route; the span's attributes become its properties.
    const help = requests.find((item) => item.includes('"bot.command":"help"'));
    expect(help).toContain('"name":"POST /api/messages"');
    expect(help).toContain('"bot.activity.type":"message"');
    expect(items.some((item) => item.includes('"RemoteDependencyData"') && item.includes('cosmos'))).toBe(true);
    const leaks = [coordinator.name, coordinator.id, EMAIL, FREE_TEXT, 'Driftsdóttir'];
    for (const item of items)
      expect(
        leaks.filter((secret) => item.includes(secret)),
        item,
      ).toEqual([]);
    console.log(
      `production build with telemetry on: start to healthy ${(bot.healthyAfterMs / 1000).toFixed(2)} s; ` +
        `idle RSS ${rss.toFixed(0)} MB; ${items.length} telemetry items sent`,
    );
  });
});

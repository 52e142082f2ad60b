/**
 * `npm run build:deploy` — what Azure App Service runs (Node 22 LTS, WEBSITE_RUN_FROM_PACKAGE=1), built from this
 * working tree with no network, as one zip, reproducible byte for byte:
 *
 *   .deployment/fokusgrupper.zip  for `az webapp deploy --type zip` (or the Kudu zip deploy)
 *     package.json                type, engines and the production dependencies; start = START_COMMAND
 *     dist/src/**                 the compiled bot, without the development entry and the embedded servers
 *     dist/web/**                 static web files, when a web build made them (npm run build:web)
 *     locales/**, data/**         texts and the municipality list, read at run time
 *     node_modules/**             the production dependency tree from package-lock.json, nothing for development
 *
 * `npm run build:deploy -- --folder` also lays the same files out in .deployment/app/, the folder that the Agents
 * Toolkit's azureAppService/zipDeploy zips and deploys itself (see m365agents.yml).
 *
 * The dependency tree is walked from package.json's dependencies through package-lock.json the way Node resolves
 * them, and taken from node_modules/ (so run `npm ci` first): no dev dependency can slip in, and nothing is
 * downloaded again. Type declarations, source maps, Markdown and builds only bundlers read are left out; licence
 * files stay.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  constants,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yazl from 'yazl';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const deploymentDir = join(root, '.deployment');
export const artefactDir = join(deploymentDir, 'app');
export const deployZip = join(deploymentDir, 'fokusgrupper.zip');

/** Compiled files that only `npm start` and the tests use: the development entry and the embedded servers. */
const DEVELOPMENT_ONLY = [
  'dist/src/main.dev.js',
  'dist/src/dev',
  'dist/src/platform/cosmos/embedded-server.js',
  'dist/src/platform/cosmos/journal.js',
  'dist/src/platform/blob/embedded-azurite.js',
];
const NOT_NEEDED_TO_RUN = /\.(d\.[cm]?ts|[cm]?ts|map|md|markdown)$/i;
const LICENCE = /^(licen[cs]e|notice|copying)/i;
/**
 * How App Service starts the bot (infra/main.bicep's appCommandLine says the same; a test checks it). V8's
 * --optimize-for-size keeps the idle footprint about 40 MB smaller; the vote benchmark shows no loss of throughput.
 */
export const START_COMMAND = 'node --optimize-for-size dist/src/main.js';
/** Zip entries get one fixed time so the same tree always gives the same zip. */
const FIXED_TIME = new Date('2000-01-01T00:00:00Z');

type PackageJson = {
  name: string;
  version: string;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
type LockedPackage = {
  optional?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

export type DeployBuild = { zipFile: string; zipBytes: number; files: number; unpackedBytes: number; packages: number };

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * Where Node finds `name` when `from` (a lock location such as node_modules/a) requires it: the nearest copy that is
 * on disk. A copy the lock lists but an install script removed (botbuilder-dialogs' postinstall deletes the nested
 * recognizers so that all of them share the hoisted one) is skipped, as Node skips it.
 */
function locate(packages: Record<string, LockedPackage>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate] && (existsSync(join(root, candidate)) || !base)) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/** Lock locations of every package the app needs at run time: dependencies, optional ones present, required peers. */
export function productionPackages(manifest: PackageJson, packages: Record<string, LockedPackage>): string[] {
  const needed = new Set<string>();
  const visit = (from: string, name: string, optional: boolean) => {
    const location = locate(packages, from, name);
    if (!location || !existsSync(join(root, location))) {
      if (optional || packages[location ?? '']?.optional) return; // not for this platform
      throw new Error(`${name} (needed by ${from || 'the app'}) is not installed: run npm ci first`);
    }
    if (needed.has(location)) return;
    if (packages[location]!.link) throw new Error(`${location} is a link; the deployment copies real packages only`);
    needed.add(location);
    const locked = packages[location]!;
    for (const dependency of Object.keys(locked.dependencies ?? {})) visit(location, dependency, false);
    for (const dependency of Object.keys(locked.optionalDependencies ?? {})) visit(location, dependency, true);
    for (const peer of Object.keys(locked.peerDependencies ?? {})) {
      if (!locked.peerDependenciesMeta?.[peer]?.optional) visit(location, peer, false);
    }
  };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) visit('', dependency, false);
  for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) visit('', dependency, true);
  return [...needed].sort();
}

/**
 * Folders that only bundlers read. Node resolves a package without an `exports` map through `main` alone, so the
 * builds that `module` and `esnext` point to (OpenTelemetry ships three copies of itself) are never loaded.
 */
function bundlerOnlyFolders(packageDir: string): string[] {
  const manifest = readJson<{ main?: string; module?: unknown; esnext?: unknown; exports?: unknown }>(
    join(packageDir, 'package.json'),
  );
  if (manifest.exports !== undefined) return [];
  const mainDir = dirname(normalize(manifest.main ?? 'index.js'));
  return [manifest.module, manifest.esnext]
    .filter((entry): entry is string => typeof entry === 'string')
    .map((entry) => dirname(normalize(entry)))
    .filter((dir) => dir !== '.' && dir !== mainDir && !mainDir.startsWith(`${dir}/`) && !dir.startsWith(`${mainDir}/`))
    .map((dir) => join(packageDir, dir));
}

/** One file of the deployment: where it comes from, and its path inside the zip. */
type Entry = { source: string; name: string } | { content: Buffer; name: string };

/** Every file under `from`, except what `skip` rejects, named under `as` inside the deployment. */
function filesUnder(from: string, as: string, skip: (path: string, isDirectory: boolean) => boolean): Entry[] {
  const entries: Entry[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const source = join(directory, entry.name);
      if (skip(source, entry.isDirectory())) continue;
      if (entry.isDirectory()) walk(source);
      else if (entry.isFile()) entries.push({ source, name: [as, ...relative(from, source).split(sep)].join('/') });
    }
  };
  walk(from);
  return entries;
}

/** What the deployment holds, in a stable order. */
function deploymentEntries(manifest: PackageJson): { entries: Entry[]; packages: number } {
  const developmentOnly = DEVELOPMENT_ONLY.map((path) => join(root, path));
  const entries = filesUnder(
    join(root, 'dist', 'src'),
    'dist/src',
    (path) => developmentOnly.includes(path) || path.endsWith('.map'),
  );
  if (existsSync(join(root, 'dist', 'web')))
    entries.push(...filesUnder(join(root, 'dist', 'web'), 'dist/web', () => false));
  for (const folder of ['locales', 'data']) entries.push(...filesUnder(join(root, folder), folder, () => false));

  const lock = readJson<{ packages: Record<string, LockedPackage> }>(join(root, 'package-lock.json'));
  const packages = productionPackages(manifest, lock.packages);
  for (const location of packages) {
    const from = join(root, location);
    const skipped = [join(from, 'node_modules'), ...bundlerOnlyFolders(from)]; // nested packages come apart
    entries.push(
      ...filesUnder(from, location, (path, isDirectory) =>
        isDirectory
          ? skipped.includes(path)
          : NOT_NEEDED_TO_RUN.test(path) && !LICENCE.test(path.slice(path.lastIndexOf(sep) + 1)),
      ),
    );
  }

  const deployed = {
    name: manifest.name,
    version: manifest.version,
    private: true,
    type: 'module',
    engines: manifest.engines,
    scripts: { start: START_COMMAND },
    dependencies: manifest.dependencies,
  };
  entries.push({ content: Buffer.from(JSON.stringify(deployed, null, 2) + '\n'), name: 'package.json' });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { entries, packages: packages.length };
}

async function writeZip(entries: Entry[], zipFile: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    if ('content' in entry) {
      zip.addBuffer(entry.content, entry.name, { mtime: FIXED_TIME, mode: 0o644 });
    } else {
      const mode = statSync(entry.source).mode & 0o777;
      zip.addFile(entry.source, entry.name, { mtime: FIXED_TIME, mode });
    }
  }
  zip.end();
  await new Promise<void>((resolveZip, reject) => {
    zip.outputStream.pipe(createWriteStream(zipFile)).on('close', resolveZip).on('error', reject);
  });
}

function writeFolder(entries: Entry[], folder: string): void {
  for (const entry of entries) {
    const target = join(folder, ...entry.name.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    if ('content' in entry) writeFileSync(target, entry.content);
    else copyFileSync(entry.source, target, constants.COPYFILE_FICLONE);
  }
}

/**
 * Compiles (unless told not to), then writes the zip; with `folder` also lays the same files out in
 * .deployment/app, for the Agents Toolkit's zipDeploy, which zips a folder itself.
 */
export async function buildDeployment(options: { compile?: boolean; folder?: boolean } = {}): Promise<DeployBuild> {
  const manifest = readJson<PackageJson>(join(root, 'package.json'));
  if (options.compile !== false) {
    rmSync(join(root, 'dist', 'src'), { recursive: true, force: true }); // no stale files from renamed sources
    run('npm', ['run', 'build']);
    // The web page (the board) is built by `build` itself or by its own script.
    const { build = '', 'build:web': buildWeb } = manifest.scripts ?? {};
    if (buildWeb && !build.includes('build:web')) run('npm', ['run', 'build:web']);
  }
  rmSync(deploymentDir, { recursive: true, force: true });
  mkdirSync(deploymentDir, { recursive: true });
  const { entries, packages } = deploymentEntries(manifest);
  await writeZip(entries, deployZip);
  if (options.folder) writeFolder(entries, artefactDir);
  const unpackedBytes = entries.reduce(
    (sum, entry) => sum + ('content' in entry ? entry.content.length : statSync(entry.source).size),
    0,
  );
  return { zipFile: deployZip, zipBytes: statSync(deployZip).size, files: entries.length, unpackedBytes, packages };
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildDeployment({ folder: process.argv.includes('--folder') }).then(
    (build) =>
      console.log(
        `${relative(process.cwd(), build.zipFile)}: ${megabytes(build.zipBytes)} ` +
          `(${build.files} files, ${megabytes(build.unpackedBytes)} unpacked, ${build.packages} packages)`,
      ),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

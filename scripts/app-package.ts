/**
 * Builds the Teams app package and reads the bot commands the manifest declares, so tests can hold the bot to the
 * manifest.
 *
 * appPackage/manifest.json carries the Agents Toolkit's placeholders (`${{TEAMS_APP_ID}}`, `${{BOT_ID}}`,
 * `${{BOT_DOMAIN}}` where the bot and the board's tabs are served, `${{BOARD_CLIENT_ID}}` the board's sign-in app
 * registration): no tenant's ids are committed. `npm run package [-- --env <name>]` fills them the way the
 * toolkit's teamsApp/zipAppPackage does, from the process environment over env/.env.<name> (default dev) and
 * env/.env.<name>.user, validates the result against Microsoft's schema for its manifest version (bundled in
 * @microsoft/app-manifest, so offline), and writes appPackage/build/appPackage.<name>.zip.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';

export const appPackageDir = fileURLToPath(new URL('../appPackage/', import.meta.url));
export const environmentDir = fileURLToPath(new URL('../env/', import.meta.url));
export const outFileFor = (environment: string) => join(appPackageDir, 'build', `appPackage.${environment}.zip`);

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

export type Scope = 'personal' | 'team' | 'groupChat';

/** Only the parts of the manifest this script relies on; the JSON schema checks the rest. */
export interface Manifest {
  localizationInfo?: {
    defaultLanguageTag: string;
    defaultLanguageFile?: string;
    additionalLanguages?: { languageTag: string; file: string }[];
  };
  icons: { color: string; outline: string; color32x32?: string };
  bots?: {
    botId: string;
    commandLists?: { scopes: Scope[]; commands: { title: string; description?: string }[] }[];
  }[];
  staticTabs?: { entityId: string; contentUrl?: string; websiteUrl?: string; scopes?: string[] }[];
  configurableTabs?: { configurationUrl: string }[];
  validDomains?: string[];
  webApplicationInfo?: { id: string; resource?: string };
}

export interface ManifestCommand {
  /** camelCase of the English title ("sign up" → "signUp"); Teams commands have no ID of their own. */
  id: string;
  scopes: Scope[];
  sv: string;
  en: string;
}

export function readManifest(dir = appPackageDir): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Every file the manifest points at, i.e. exactly what the zip must contain besides manifest.json. */
export function referencedFiles(manifest: Manifest): string[] {
  const info = manifest.localizationInfo;
  const files = [
    manifest.icons.color,
    manifest.icons.outline,
    manifest.icons.color32x32,
    info?.defaultLanguageFile,
    ...(info?.additionalLanguages ?? []).map((language) => language.file),
  ];
  return [...new Set(files.filter((file): file is string => file !== undefined))];
}

export function readLocalization(file: string, dir = appPackageDir): Record<string, string> {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>;
}

function englishFile(manifest: Manifest): string {
  const english = manifest.localizationInfo?.additionalLanguages?.find((l) => /^en(-|$)/i.test(l.languageTag));
  if (!english) throw new Error('manifest.json declares no English localization');
  return english.file;
}

const toId = (title: string): string =>
  title
    .trim()
    .toLowerCase()
    .replace(/\s+(\p{L})/gu, (_, letter: string) => letter.toUpperCase());

/**
 * The bot's commands with Swedish (manifest) and English (localization) titles, one entry per
 * command with the scopes of every list it appears in.
 */
export function readManifestCommands(dir = appPackageDir): ManifestCommand[] {
  const manifest = readManifest(dir);
  const en = readLocalization(englishFile(manifest), dir);
  const byId = new Map<string, ManifestCommand>();
  manifest.bots?.[0]?.commandLists?.forEach((list, l) =>
    list.commands.forEach((command, c) => {
      const key = `bots[0].commandLists[${l}].commands[${c}].title`;
      const english = en[key];
      if (!english) throw new Error(`No English title for ${key} ("${command.title}")`);
      const id = toId(english);
      const known = byId.get(id);
      if (!known) {
        byId.set(id, { id, scopes: [...list.scopes], sv: command.title, en: english });
      } else if (known.sv !== command.title || known.en !== english) {
        // The bot parses titles, not list positions, so one command must read the same everywhere.
        throw new Error(`Command ${id} has different titles in different command lists`);
      } else {
        known.scopes.push(...list.scopes.filter((scope) => !known.scopes.includes(scope)));
      }
    }),
  );
  return [...byId.values()];
}

/** `${{NAME}}` placeholders in a text, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** KEY=VALUE lines of a toolkit environment file (comments and blank lines skipped, surrounding quotes removed). */
export function readEnvironmentFile(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && !line.trimStart().startsWith('#')) values[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}

/** The values an environment gives the placeholders: env/.env.<name>, its .user file, then the process environment. */
export function environmentValues(environment: string, processEnvironment = process.env): Record<string, string> {
  const values: Record<string, string> = {
    ...readEnvironmentFile(join(environmentDir, `.env.${environment}`)),
    ...readEnvironmentFile(join(environmentDir, `.env.${environment}.user`)),
  };
  for (const [name, value] of Object.entries(processEnvironment)) if (value) values[name] = value;
  // The bot's own settings name its app id and address too: a deployment configured for the bot can package it.
  if (!values.BOT_ID && values.MICROSOFT_APP_ID) values.BOT_ID = values.MICROSOFT_APP_ID;
  if (!values.BOT_DOMAIN && values.PUBLIC_BASE_URL) values.BOT_DOMAIN = new URL(values.PUBLIC_BASE_URL).host;
  return values;
}

/** Replaces every placeholder; names every one without a value, rather than packaging a broken manifest. */
export function fillPlaceholders(text: string, values: Record<string, string>, source = 'manifest.json'): string {
  const missing = placeholdersIn(text).filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new Error(`${source} needs ${missing.join(', ')}: set them in env/.env.<environment> or the environment`);
  }
  return text.replace(PLACEHOLDER, (_, name: string) => values[name]!);
}

/** The schema Microsoft publishes for a manifest version, from @microsoft/app-manifest (no download). */
export function manifestSchema(manifestVersion: string): Record<string, unknown> {
  const dir = join(
    createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'),
    '..',
    'build/json-schemas/teams',
    `v${manifestVersion}`,
  );
  return JSON.parse(readFileSync(join(dir, 'MicrosoftTeams.schema.json'), 'utf8')) as Record<string, unknown>;
}

/** Problems Teams would reject the filled manifest for: malformed ids and domains, then the schema's own verdict. */
export async function manifestProblems(manifest: Record<string, unknown>): Promise<string[]> {
  const typed = manifest as unknown as Manifest & {
    id?: string;
    manifestVersion: string;
    validDomains?: string[];
    webApplicationInfo?: { id?: string };
  };
  const problems: string[] = [];
  const ids = [typed.id, typed.webApplicationInfo?.id, ...(typed.bots ?? []).map((bot) => bot.botId)];
  for (const id of ids) if (id !== undefined && !GUID.test(id)) problems.push(`"${id}" is not a GUID`);
  for (const domain of typed.validDomains ?? []) {
    if (!HOST.test(domain)) problems.push(`"${domain}" is not a domain name (no scheme, no path)`);
  }
  const schema = manifestSchema(typed.manifestVersion);
  // Passing the schema keeps the library from fetching it over the network.
  problems.push(...(await AppManifestUtils.validateAgainstSchema(manifest as never, schema as never)));
  return problems;
}

export interface BuildOptions {
  /** The toolkit environment whose env/.env.<name> fills the placeholders; default dev. */
  environment?: string;
  /** Values that win over the environment's (tests). */
  values?: Record<string, string>;
  outFile?: string;
}

/** Writes the zip Teams accepts for upload (files at the zip root) and returns its path. */
export async function buildAppPackage({ environment = 'dev', values, outFile }: BuildOptions = {}): Promise<string> {
  const filled = { ...environmentValues(environment), ...values };
  const manifestText = fillPlaceholders(await readFile(join(appPackageDir, 'manifest.json'), 'utf8'), filled);
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;
  const problems = await manifestProblems(manifest);
  if (problems.length > 0) throw new Error(`The app package would be rejected:\n${problems.join('\n')}`);

  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  for (const file of referencedFiles(manifest as unknown as Manifest)) {
    const content = await readFile(join(appPackageDir, file));
    zip.file(file, file.endsWith('.json') ? fillPlaceholders(content.toString('utf8'), filled, file) : content);
  }
  const path = resolve(outFile ?? outFileFor(environment));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const flag = process.argv.indexOf('--env');
  const environment = flag > 0 ? process.argv[flag + 1] : (process.env.TEAMSFX_ENV ?? 'dev');
  buildAppPackage({ environment }).then(
    (path) => console.log(path),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

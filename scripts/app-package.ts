/**
 * Builds the Teams app package (a zip of appPackage/ with the real bot ID filled in) and reads
 * the bot commands the manifest declares, so tests can hold the bot to the manifest.
 *
 * Run directly: `npx tsx scripts/app-package.ts [botId]` writes appPackage/build/appPackage.zip, with the board's
 * tabs pointed at PUBLIC_BASE_URL's host and signed in through BOARD_CLIENT_ID (both from the environment).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';

export const appPackageDir = fileURLToPath(new URL('../appPackage/', import.meta.url));
export const defaultOutFile = join(appPackageDir, 'build', 'appPackage.zip');
export const BOT_ID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
/** The board's app registration (webApplicationInfo.id) until a real one is given. */
export const BOARD_CLIENT_ID_PLACEHOLDER = BOT_ID_PLACEHOLDER;
/** Where the tabs' pages are served (the bot's own host) until the real one is given. */
export const HOST_PLACEHOLDER = 'fokusgrupper.example.org';

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

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
  staticTabs?: { entityId: string; contentUrl?: string; websiteUrl?: string }[];
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

export interface BuildOptions {
  /** The bot's Microsoft App ID; defaults to env MICROSOFT_APP_ID. */
  botId?: string;
  /** The bot's public address, where the board is served; defaults to env PUBLIC_BASE_URL. */
  publicBaseUrl?: string;
  /** The board's Entra app registration (single sign-on); defaults to env BOARD_CLIENT_ID. */
  boardClientId?: string;
  outFile: string;
}

/**
 * The tabs point at the bot's own host and sign in through the board's app registration: both go into the tab URLs,
 * validDomains and webApplicationInfo (whose resource must be api://<host>/<client id> for Teams to issue the token).
 */
function fillInBoard(manifest: Manifest, host: string | undefined, clientId: string | undefined): Manifest {
  let text = JSON.stringify(manifest);
  if (host) text = text.split(HOST_PLACEHOLDER).join(host);
  const filled = JSON.parse(text) as Manifest;
  if (clientId && filled.webApplicationInfo) {
    filled.webApplicationInfo = {
      ...filled.webApplicationInfo,
      id: clientId,
      resource: `api://${host ?? HOST_PLACEHOLDER}/${clientId}`,
    };
  }
  return filled;
}

/** Writes the zip Teams accepts for upload (files at the zip root) and returns its path. */
export async function buildAppPackage({ botId, publicBaseUrl, boardClientId, outFile }: BuildOptions): Promise<string> {
  const id = botId || process.env.MICROSOFT_APP_ID || undefined;
  if (id && !GUID.test(id)) throw new Error(`Bot ID "${id}" is not a GUID`);
  if (!id)
    console.warn(`Warning: no bot ID given and MICROSOFT_APP_ID unset; keeping placeholder ${BOT_ID_PLACEHOLDER}`);
  const clientId = boardClientId || process.env.BOARD_CLIENT_ID || undefined;
  if (clientId && !GUID.test(clientId)) throw new Error(`Board client ID "${clientId}" is not a GUID`);
  const baseUrl = publicBaseUrl || process.env.PUBLIC_BASE_URL || undefined;
  const host = baseUrl ? new URL(baseUrl).host : undefined;
  if (!host || !clientId) {
    console.warn(
      `Warning: the board's tabs keep ${!host ? `the host ${HOST_PLACEHOLDER} (set PUBLIC_BASE_URL)` : ''}` +
        `${!host && !clientId ? ' and ' : ''}${!clientId ? 'the placeholder app registration (set BOARD_CLIENT_ID)' : ''}`,
    );
  }

  const manifest = fillInBoard(readManifest(), host, clientId);
  for (const bot of manifest.bots ?? []) {
    if (id && bot.botId === BOT_ID_PLACEHOLDER) bot.botId = id;
  }

  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  for (const file of referencedFiles(manifest)) {
    zip.file(file, await readFile(join(appPackageDir, file)));
  }
  const path = resolve(outFile);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  buildAppPackage({ botId: process.argv[2], outFile: defaultOutFile }).then(
    (path) => console.log(path),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}

/**
 * Builds the Teams app package (a zip of appPackage/ with the real bot ID filled in) and reads
 * the bot commands the manifest declares, so tests can hold the bot to the manifest.
 *
 * Run directly: `npx tsx scripts/app-package.ts [botId]` writes appPackage/build/appPackage.zip.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';

export const appPackageDir = fileURLToPath(new URL('../appPackage/', import.meta.url));
export const defaultOutFile = join(appPackageDir, 'build', 'appPackage.zip');
export const BOT_ID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

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
  outFile: string;
}

/** Writes the zip Teams accepts for upload (files at the zip root) and returns its path. */
export async function buildAppPackage({ botId, outFile }: BuildOptions): Promise<string> {
  const id = botId || process.env.MICROSOFT_APP_ID || undefined;
  if (id && !GUID.test(id)) throw new Error(`Bot ID "${id}" is not a GUID`);
  if (!id)
    console.warn(`Warning: no bot ID given and MICROSOFT_APP_ID unset; keeping placeholder ${BOT_ID_PLACEHOLDER}`);

  const manifest = readManifest();
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

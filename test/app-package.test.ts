import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { knownCommandIds, matchCommand } from '../src/platform/teams/commands.js';
import {
  appPackageDir,
  buildAppPackage,
  fillPlaceholders,
  placeholdersIn,
  readEnvironmentFile,
  readLocalization,
  readManifest,
  readManifestCommands,
  referencedFiles,
} from '../scripts/app-package.js';

const manifestText = readFileSync(join(appPackageDir, 'manifest.json'), 'utf8');
const manifestJson = JSON.parse(manifestText) as Record<string, unknown>;
/** What a provisioned environment gives the toolkit's placeholders. */
const PROVISIONED = {
  TEAMS_APP_ID: '2b7c1f0e-5d4a-4e3b-9c8d-7a6b5c4d3e2f',
  BOT_ID: '6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
  BOT_DOMAIN: 'fokusgrupper-jh-app.azurewebsites.net',
  BOARD_CLIENT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
};
const filledManifest = JSON.parse(fillPlaceholders(manifestText, PROVISIONED)) as Record<string, unknown>;
const manifest = readManifest();
const version = String(manifestJson.manifestVersion);
const localizationFiles = referencedFiles(manifest).filter((file) => file.endsWith('.json'));

const schemaDir = join(
  createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'),
  '..',
  'build/json-schemas/teams',
  `v${version}`,
);
const schemaUrl = (name: string) =>
  `https://developer.microsoft.com/en-us/json-schemas/teams/v${version}/MicrosoftTeams.${name}schema.json`;

function loadSchema(file: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as Record<string, unknown>;
  // The Teams schemas declare draft-04 (whose meta-schema Ajv 8 lacks) but use draft-06+ keywords
  // such as `const`; validating them as draft-07 keeps every keyword meaningful.
  delete schema.$schema;
  return schema;
}

function validator(file: string) {
  // The manifest schema needs Unicode regexes (`\p{L}`), but the Localization schema has a
  // pattern with a bare `]` that only compiles without the `u` flag.
  const unicodeRegExp = !file.includes('Localization');
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp });
  addFormats.default(ajv);
  return ajv.compile(loadSchema(file));
}

/** Decodes an 8-bit RGBA, non-interlaced PNG: all our icons are written that way. */
function decodePng(png: Buffer) {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [bitDepth, colorType, , , interlace] = png.subarray(24, 29);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; at += png.readUInt32BE(at) + 12) {
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT')
      idat.push(png.subarray(at + 8, at + 8 + png.readUInt32BE(at)));
  }
  const pixels = (): Buffer => {
    if (bitDepth !== 8 || colorType !== 6 || interlace !== 0) throw new Error('not 8-bit RGBA');
    const raw = inflateSync(Buffer.concat(idat));
    const stride = width * 4;
    const out = Buffer.alloc(height * stride);
    for (let y = 0; y < height; y++) {
      const filter = raw[y * (stride + 1)];
      for (let x = 0; x < stride; x++) {
        const a = x >= 4 ? out[y * stride + x - 4]! : 0;
        const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
        const c = x >= 4 && y > 0 ? out[(y - 1) * stride + x - 4]! : 0;
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter!]!;
        out[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predictor) & 0xff;
      }
    }
    return out;
  };
  return { width, height, colorType, pixels };
}

/** "bots[0].commandLists[1].commands[2].title" → the value at that path, or undefined. */
function valueAt(root: unknown, key: string): unknown {
  return key.split(/\.|(?=\[)/).reduce<unknown>((node, part) => {
    if (node === null || typeof node !== 'object') return undefined;
    const index = /^\[(\d+)\]$/.exec(part);
    return (node as Record<string, unknown>)[index ? Number(index[1]) : part];
  }, root);
}

describe('manifest.json', () => {
  it('declares the schema URL of its manifestVersion', () => {
    expect(manifestJson.$schema).toBe(schemaUrl(''));
  });

  it('is valid against the Teams schema of that version, once an environment fills it', () => {
    const validate = validator('MicrosoftTeams.schema.json');
    expect(validate(filledManifest), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it("is valid for Microsoft's own draft-04 validator too", async () => {
    const schema = loadSchema('MicrosoftTeams.schema.json');
    // Passing the schema keeps the library from fetching it over the network.
    const errors = await AppManifestUtils.validateAgainstSchema(filledManifest as never, schema as never);
    expect(errors).toEqual([]);
  });

  it("takes its ids and domain from the environment: the toolkit's placeholders, no tenant's ids, are committed", () => {
    expect(manifestJson.id).toBe('${{TEAMS_APP_ID}}');
    expect(manifest.bots?.map((bot) => bot.botId)).toEqual(['${{BOT_ID}}']);
    expect(manifestJson.validDomains).toEqual(['${{BOT_DOMAIN}}']);
    expect(placeholdersIn(manifestText).sort()).toEqual(['BOARD_CLIENT_ID', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    // Every placeholder is a variable the environment file names (provision writes it there).
    const dev = readEnvironmentFile(new URL('../env/.env.dev', import.meta.url).pathname);
    for (const name of placeholdersIn(manifestText)) expect(Object.keys(dev), name).toContain(name);
  });

  it("declares the board: a personal tab and a channel tab on the bot's host, signed in through its app registration", () => {
    expect(manifest.staticTabs).toEqual([
      expect.objectContaining({
        entityId: 'board',
        contentUrl: 'https://${{BOT_DOMAIN}}/board/',
        scopes: ['personal'],
      }),
    ]);
    expect(manifest.configurableTabs?.[0]?.configurationUrl).toBe('https://${{BOT_DOMAIN}}/board/?view=config');
    expect(manifest.webApplicationInfo).toEqual({
      id: '${{BOARD_CLIENT_ID}}',
      resource: 'api://${{BOT_DOMAIN}}/${{BOARD_CLIENT_ID}}',
    });
  });
});

describe.each(localizationFiles)('localization %s', (file) => {
  const strings = readLocalization(file);

  it('is valid against the Localization schema of the same version', () => {
    expect(strings.$schema).toBe(schemaUrl('Localization.'));
    const validate = validator('MicrosoftTeams.Localization.schema.json');
    expect(validate(strings), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('only has keys that point at strings in the manifest', () => {
    const keys = Object.keys(strings).filter((key) => key !== '$schema' && key !== 'localizationKeys');
    expect(keys.filter((key) => typeof valueAt(manifestJson, key) !== 'string')).toEqual([]);
  });
});

describe('icons', () => {
  const icon = (file: string) => decodePng(readFileSync(join(appPackageDir, file)));

  it('color icon is a 192x192 PNG', () => {
    const { width, height } = icon(manifest.icons.color);
    expect([width, height]).toEqual([192, 192]);
  });

  it('outline icon is a 32x32 PNG, white on transparent', () => {
    const { width, height, colorType, pixels } = icon(manifest.icons.outline);
    expect([width, height, colorType]).toEqual([32, 32, 6]);
    const rgba = pixels();
    let transparent = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] === 0) transparent++;
      else expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(0);
  });
});

describe('bot commands', () => {
  const lists = manifest.bots?.[0]?.commandLists ?? [];
  const english = readLocalization(localizationFiles.find((file) => /^en/.test(file)) ?? 'en.json');

  it.each(lists.map((list, l) => [list.scopes.join('+'), l] as const))(
    'list for %s has short unique titles in sv and en',
    (_, l) => {
      const commands = lists[l]!.commands;
      const en = commands.map((_c, c) => english[`bots[0].commandLists[${l}].commands[${c}].title`]);
      const descriptions = commands.flatMap((command, c) => [
        command.description,
        english[`bots[0].commandLists[${l}].commands[${c}].description`],
      ]);
      // The schema allows 4000 characters, but the command menu truncates long descriptions.
      for (const description of descriptions) expect(description?.length).toBeLessThanOrEqual(128);
      for (const titles of [commands.map((command) => command.title), en]) {
        for (const title of titles) {
          expect(title?.trim()).toBeTruthy();
          expect(title!.length).toBeLessThanOrEqual(32);
        }
        expect(new Set(titles.map((title) => title?.toLowerCase())).size).toBe(titles.length);
      }
    },
  );

  it('are the commands the bot is built around, in the right scopes', () => {
    const commands = readManifestCommands();
    const byId = Object.fromEntries(commands.map((command) => [command.id, command]));
    // Teams lists at most 12 commands per scope; the rest still work when typed and are on the help card.
    for (const id of Object.keys(byId)) expect(knownCommandIds()).toContain(id);
    expect(byId.help).toMatchObject({ sv: 'hjälp', en: 'help', scopes: ['personal', 'team', 'groupChat'] });
    expect(byId.signUp?.scopes).toEqual(['personal']);
    expect(byId.newProgramme?.scopes).toEqual(['personal']);
    expect(byId.linkGroup?.scopes).toEqual(['team', 'groupChat']);
    // Articles 12 and 15: a person finds their own data in the command menu of their personal chat.
    expect(byId.myData).toMatchObject({ sv: 'mina uppgifter', en: 'my data', scopes: ['personal'] });
  });

  it('are understood by the bot, word for word, in both languages', () => {
    for (const command of readManifestCommands()) {
      expect(matchCommand(command.sv)?.commandId, command.sv).toBe(command.id);
      expect(matchCommand(command.en)?.commandId, command.en).toBe(command.id);
    }
  });
});

describe('buildAppPackage (npm run package)', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fokusgrupper-app-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  const open = async (file: string) => JSZip.loadAsync(await readFile(file));

  it('zips the manifest and every file it references at the root, with ids and domains filled in', async () => {
    const zip = await open(await buildAppPackage({ values: PROVISIONED, outFile: join(dir, 'given.zip') }));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    const packaged = JSON.parse(await zip.file('manifest.json')!.async('string')) as typeof manifestJson;
    expect(packaged).toEqual(filledManifest);
    expect(packaged).toMatchObject({
      id: PROVISIONED.TEAMS_APP_ID,
      validDomains: [PROVISIONED.BOT_DOMAIN],
      webApplicationInfo: {
        id: PROVISIONED.BOARD_CLIENT_ID,
        resource: `api://${PROVISIONED.BOT_DOMAIN}/${PROVISIONED.BOARD_CLIENT_ID}`,
      },
    });
    expect(valueAt(packaged, 'staticTabs[0].contentUrl')).toBe(`https://${PROVISIONED.BOT_DOMAIN}/board/`);
    expect(valueAt(packaged, 'bots[0].botId')).toBe(PROVISIONED.BOT_ID);
    const validate = validator('MicrosoftTeams.schema.json');
    expect(validate(packaged), JSON.stringify(validate.errors)).toBe(true);
  });

  it("takes the values from the process environment over the environment file, and the bot's own settings", async () => {
    vi.stubEnv('TEAMS_APP_ID', PROVISIONED.TEAMS_APP_ID);
    vi.stubEnv('BOARD_CLIENT_ID', PROVISIONED.BOARD_CLIENT_ID);
    vi.stubEnv('BOT_DOMAIN', '');
    vi.stubEnv('PUBLIC_BASE_URL', `https://${PROVISIONED.BOT_DOMAIN}`);
    vi.stubEnv('BOT_ID', '');
    vi.stubEnv('MICROSOFT_APP_ID', PROVISIONED.BOT_ID);
    const zip = await open(await buildAppPackage({ outFile: join(dir, 'env.zip') }));
    const packaged = await zip.file('manifest.json')!.async('string');
    expect(JSON.parse(packaged)).toEqual(filledManifest);
    vi.unstubAllEnvs();
  });

  it('names what is missing instead of packaging placeholders', async () => {
    vi.stubEnv('TEAMS_APP_ID', '');
    vi.stubEnv('BOT_ID', '');
    vi.stubEnv('MICROSOFT_APP_ID', '');
    vi.stubEnv('BOT_DOMAIN', '');
    vi.stubEnv('PUBLIC_BASE_URL', '');
    vi.stubEnv('BOARD_CLIENT_ID', '');
    await expect(buildAppPackage({ outFile: join(dir, 'none.zip') })).rejects.toThrow(
      /needs TEAMS_APP_ID, BOT_ID, BOT_DOMAIN, BOARD_CLIENT_ID/,
    );
    vi.unstubAllEnvs();
  });

  it('refuses ids that are not GUIDs and a domain with a scheme', async () => {
    const build = (values: Record<string, string>) =>
      buildAppPackage({ values: { ...PROVISIONED, ...values }, outFile: join(dir, 'bad.zip') });
    await expect(build({ BOT_ID: 'not-a-guid' })).rejects.toThrow(/"not-a-guid" is not a GUID/);
    await expect(build({ BOT_DOMAIN: 'https://bot.example.org' })).rejects.toThrow(/is not a domain name/);
  });
});

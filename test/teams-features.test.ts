import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromRepoRoot } from '../src/platform/paths.js';
import { appPackageDir, fillPlaceholders } from '../scripts/app-package.js';

/**
 * Teams sends a bot some things only when its manifest asks for them: meeting start and end events need
 * resource-specific consent, files in personal chat need supportsFiles, a channel's roster needs the team scope.
 * Each Teams feature the code uses is found in the sources here and mapped to what the manifest must declare for it,
 * so a new feature without its manifest prerequisite fails this test instead of silently never firing in Teams.
 */
type Manifest = {
  id: string;
  validDomains?: string[];
  webApplicationInfo?: { id?: string; resource?: string };
  authorization?: { permissions?: { resourceSpecific?: { name: string; type: string }[] } };
  bots?: { botId: string; scopes: string[]; supportsFiles?: boolean }[];
  staticTabs?: { contentUrl?: string; websiteUrl?: string }[];
  configurableTabs?: { configurationUrl?: string }[];
  composeExtensions?: unknown[];
};

type Feature = {
  name: string;
  /** Whether the product uses it: a pattern in its sources, or something the manifest itself declares. */
  usedIn: RegExp | ((manifest: Manifest) => boolean);
  /** What the manifest lacks for it (empty: all there). */
  lacks: (manifest: Manifest) => string[];
  /** Resource-specific consent permissions it justifies. */
  permissions?: string[];
};

const bot = (manifest: Manifest) => manifest.bots?.[0];
const scope = (name: string) => (manifest: Manifest) =>
  bot(manifest)?.scopes.includes(name) ? [] : [`the bot's "${name}" scope`];
const consent =
  (...names: string[]) =>
  (manifest: Manifest) => {
    const granted = manifest.authorization?.permissions?.resourceSpecific ?? [];
    const missing = names.filter((name) => !granted.some((p) => p.name === name && p.type === 'Application'));
    // The consent is granted to the app registration webApplicationInfo names (here the board's, which also signs in).
    const appId = /^[0-9a-f-]{36}$/i.test(manifest.webApplicationInfo?.id ?? '') ? [] : ['webApplicationInfo.id'];
    return [...appId, ...missing.map((name) => `resource-specific consent ${name} (Application)`)];
  };
const all =
  (...checks: ((manifest: Manifest) => string[])[]) =>
  (manifest: Manifest) =>
    checks.flatMap((check) => check(manifest));
const hostOf = (url: string | undefined) => (url ? new URL(url).host : undefined);

export const FEATURES: Feature[] = [
  {
    name: 'meeting start and end events (agenda at the start, notes at the end)',
    usedIn: /\.meeting(Started|Ended)\(|\bmeetings\.(start|end)\(/,
    lacks: all(
      consent('OnlineMeeting.ReadBasic.Chat', 'ChannelMeeting.ReadBasic.Group'),
      scope('groupChat'),
      scope('team'),
    ),
    permissions: ['OnlineMeeting.ReadBasic.Chat', 'ChannelMeeting.ReadBasic.Group'],
  },
  {
    name: 'meeting participants joining and leaving',
    usedIn: /participantsJoin|participantsLeave|getMeetingParticipant/,
    lacks: consent('OnlineMeetingParticipant.Read.Chat'),
    permissions: ['OnlineMeetingParticipant.Read.Chat'],
  },
  {
    name: 'files sent to the bot in personal chat (videos, programme imports)',
    usedIn: /\.fileMessage\(|file\.download\.info|fileConsent/,
    lacks: all(
      (manifest) => (bot(manifest)?.supportsFiles === true ? [] : ['bots[0].supportsFiles: true']),
      scope('personal'),
    ),
  },
  {
    name: "a channel's roster",
    usedIn: /getPagedMembers|getTeamMembers|getPagedTeamMembers|\/pagedmembers|TeamsInfo\.getMember\(/,
    lacks: scope('team'),
  },
  {
    name: 'proactive 1:1 messages (reminders)',
    usedIn: /\bopenPersonal\(|createConversation(Async)?\(/,
    lacks: scope('personal'),
  },
  {
    name: 'message extensions',
    usedIn: /\bmessageExtensions\.\w+\(/,
    lacks: (manifest) => (manifest.composeExtensions?.length ? [] : ['composeExtensions']),
  },
  {
    name: 'tabs (their pages are served from a domain the manifest names)',
    usedIn: (manifest) => Boolean(manifest.staticTabs?.length || manifest.configurableTabs?.length),
    lacks: (manifest) =>
      [
        ...(manifest.staticTabs ?? []).flatMap((tab) => [tab.contentUrl, tab.websiteUrl]),
        ...(manifest.configurableTabs ?? []).map((tab) => tab.configurationUrl),
      ]
        .map(hostOf)
        .filter((host): host is string => host !== undefined && !(manifest.validDomains ?? []).includes(host))
        .map((host) => `validDomains: ${host}`),
  },
  {
    name: 'single sign-on (a tab or the bot asking Teams for the user token)',
    usedIn: /getAuthToken|authentication\.getAuthToken|signin\/tokenExchange|TeamsSsoBotAuthentication|OAuthPrompt/,
    lacks: (manifest) => (manifest.webApplicationInfo?.resource ? [] : ['webApplicationInfo.resource (api://...)']),
  },
];

/** The product's sources: the bot, and a web front end when there is one. Tests are not the product. */
function productSources(): string {
  const roots = ['src', 'web/src'].map((root) => fromRepoRoot(root)).filter((root) => existsSync(root));
  return roots
    .flatMap((root) =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
        .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8')),
    )
    .join('\n');
}

const filled = JSON.parse(
  fillPlaceholders(readFileSync(join(appPackageDir, 'manifest.json'), 'utf8'), {
    TEAMS_APP_ID: '2b7c1f0e-5d4a-4e3b-9c8d-7a6b5c4d3e2f',
    BOT_ID: '6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f',
    BOT_DOMAIN: 'fokusgrupper-jh-app.azurewebsites.net',
    BOARD_CLIENT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  }),
) as Manifest;
const sources = productSources();
const used = (feature: Feature, manifest: Manifest) =>
  feature.usedIn instanceof RegExp ? feature.usedIn.test(sources) : feature.usedIn(manifest);

/** What the manifest lacks for the features the product uses. */
function missingPrerequisites(manifest: Manifest): string[] {
  return FEATURES.filter((feature) => used(feature, manifest)).flatMap((feature) =>
    feature.lacks(manifest).map((lack) => `${feature.name} needs ${lack}`),
  );
}

describe('Teams features the code uses, and what the manifest declares for them', () => {
  it('finds the features this bot is known to use (so the patterns have not gone stale)', () => {
    const found = FEATURES.filter((feature) => used(feature, filled)).map((feature) => feature.name);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^meeting start and end/),
        expect.stringMatching(/^files sent to the bot/),
        expect.stringMatching(/^proactive 1:1/),
        expect.stringMatching(/^tabs/),
        expect.stringMatching(/^single sign-on/),
      ]),
    );
  });

  it('declares every prerequisite of every feature used', () => {
    expect(missingPrerequisites(filled)).toEqual([]);
  });

  it('asks for no resource-specific permission that no feature used needs', () => {
    const justified = FEATURES.filter((feature) => used(feature, filled)).flatMap(
      (feature) => feature.permissions ?? [],
    );
    const asked = (filled.authorization?.permissions?.resourceSpecific ?? []).map((permission) => permission.name);
    expect(asked.filter((name) => !justified.includes(name))).toEqual([]);
  });

  it('would fail for the meeting events without their consent, and for files without supportsFiles', () => {
    const withoutConsent: Manifest = { ...filled, authorization: { permissions: { resourceSpecific: [] } } };
    expect(missingPrerequisites(withoutConsent).join('\n')).toMatch(/OnlineMeeting\.ReadBasic\.Chat/);
    const withoutFiles: Manifest = { ...filled, bots: [{ ...bot(filled)!, supportsFiles: false }] };
    expect(missingPrerequisites(withoutFiles).join('\n')).toMatch(/supportsFiles/);
    const foreignTab: Manifest = { ...filled, staticTabs: [{ contentUrl: 'https://elsewhere.example.org/board' }] };
    expect(missingPrerequisites(foreignTab)).toEqual([expect.stringMatching(/validDomains: elsewhere\.example\.org/)]);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { artefactDir } from '../scripts/build-deploy.js';
import { outFileFor, placeholdersIn, readEnvironmentFile } from '../scripts/app-package.js';
import { fromRepoRoot } from '../src/platform/paths.js';

/**
 * The Microsoft 365 Agents Toolkit project (m365agents.yml), checked offline. The toolkit's CLI cannot stand in:
 * its validateManifest fetches the schema from the manifest's $schema address and validateAppPackage asks the
 * Teams Developer Portal, so the manifest is validated with the same library and Microsoft's bundled schema in
 * test/app-package.test.ts; here the project is held together: actions the toolkit has, files that exist,
 * variables that some file or step defines, and the deploy step pointing at what `npm run build:deploy` makes.
 */
type Step = {
  uses: string;
  name?: string;
  with?: Record<string, unknown>;
  writeToEnvironmentFile?: Record<string, string>;
};
type Project = { version: string; environmentFolderPath: string; provision: Step[]; deploy: Step[]; publish: Step[] };

const read = (path: string) => readFileSync(fromRepoRoot(path), 'utf8');
const projectText = read('m365agents.yml');
const project = parse(projectText) as Project;
const bicep = read('infra/main.bicep');
const parametersText = read('infra/main.parameters.json');
const manifestText = read('appPackage/manifest.json');
const devEnvironment = readEnvironmentFile(fromRepoRoot('env/.env.dev'));
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

/** Actions of the toolkit's lifecycle (its action reference), the ones a bot on App Service uses. */
const TOOLKIT_ACTIONS = [
  'teamsApp/create',
  'teamsApp/validateManifest',
  'teamsApp/zipAppPackage',
  'teamsApp/validateAppPackage',
  'teamsApp/update',
  'teamsApp/publishAppPackage',
  'arm/deploy',
  'botAadApp/create',
  'botFramework/create',
  'aadApp/create',
  'cli/runNpmCommand',
  'azureAppService/zipDeploy',
];
/** Variables the toolkit defines itself. */
const BUILT_IN = ['TEAMSFX_ENV', 'APP_NAME_SUFFIX', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP_NAME'];

const steps = [...project.provision, ...project.deploy, ...project.publish];
const bicepOutputs = [...bicep.matchAll(/^output (\w+) /gm)].map((match) => match[1]!);
const written = [...steps.flatMap((step) => Object.values(step.writeToEnvironmentFile ?? {})), ...bicepOutputs];

describe('m365agents.yml', () => {
  it('is a toolkit project of a current schema version, with its environments in env/', () => {
    expect(project.version).toMatch(/^v1\.\d+$/);
    expect(projectText).toContain(`m365-agents-toolkits/${project.version}/yaml.schema.json`);
    expect(project.environmentFolderPath).toBe('./env');
    for (const step of steps) expect(TOOLKIT_ACTIONS, step.uses).toContain(step.uses);
  });

  it('provisions the Teams app, the Azure resources (with the bot registration) and the app package', () => {
    expect(project.provision.map((step) => step.uses)).toEqual([
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    const [template] = project.provision[1]!.with!.templates as { path: string; parameters: string }[];
    expect(existsSync(fromRepoRoot(template!.path))).toBe(true);
    expect(existsSync(fromRepoRoot(template!.parameters))).toBe(true);
    expect(bicep).toContain("resource bot 'Microsoft.BotService/botServices@");
    expect(bicep).toContain("msaAppType: 'UserAssignedMSI'");
  });

  it('packages the same manifest to the same place as npm run package', () => {
    for (const step of steps.filter((candidate) => candidate.uses === 'teamsApp/zipAppPackage')) {
      expect(step.with?.manifestPath).toBe('./appPackage/manifest.json');
      expect(step.with?.outputZipPath).toBe(
        `./${relative(fromRepoRoot(), outFileFor('${{TEAMSFX_ENV}}'))}`.replace(/\\/g, '/'),
      );
    }
  });

  it('deploys the folder npm run build:deploy -- --folder lays out', () => {
    const build = project.deploy.find((step) => String(step.with?.args).startsWith('run build:deploy'));
    expect(build?.with?.args).toBe('run build:deploy -- --folder');
    expect(packageJson.scripts['build:deploy']).toBeDefined();
    const zipDeploy = project.deploy.at(-1)!;
    expect(zipDeploy.uses).toBe('azureAppService/zipDeploy');
    expect(zipDeploy.with?.artifactFolder).toBe(relative(fromRepoRoot(), artefactDir));
    expect(zipDeploy.with?.resourceId).toBe('${{BOT_AZURE_APP_SERVICE_RESOURCE_ID}}');
  });

  it('uses only variables that the toolkit, env/.env.dev, a secret file or an earlier step defines', () => {
    const used = new Set([projectText, parametersText, manifestText].flatMap(placeholdersIn));
    const undefinedVariables = [...used].filter(
      (name) =>
        !BUILT_IN.includes(name) && !(name in devEnvironment) && !written.includes(name) && !name.startsWith('SECRET_'), // env/.env.<name>.user, never committed
    );
    expect(undefinedVariables).toEqual([]);
  });

  it('lists in env/.env.dev every variable provision writes, so a region sees what it gets', () => {
    for (const name of ['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID']) {
      expect(written, name).toContain(name);
      expect(Object.keys(devEnvironment), name).toContain(name);
    }
    // Placeholders stay empty in the committed file: provision fills them per environment.
    expect(Object.values(devEnvironment).filter((value) => /^[0-9a-f-]{36}$/i.test(value))).toEqual([]);
  });
});

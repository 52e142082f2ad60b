import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerDefinitions } from '../src/platform/cosmos/containers.js';
import { START_COMMAND } from '../scripts/build-deploy.js';

const bicep = readFileSync(new URL('../infra/main.bicep', import.meta.url), 'utf8');
const parameters = JSON.parse(readFileSync(new URL('../infra/main.parameters.json', import.meta.url), 'utf8')) as {
  parameters: Record<string, { value: string }>;
};
const telemetrySource = readFileSync(new URL('../src/platform/telemetry/telemetry.ts', import.meta.url), 'utf8');
const envExample = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** Variables read by libraries or App Service rather than by our config. */
const READ_BY_AZURE = ['AZURE_CLIENT_ID', 'WEBSITE_RUN_FROM_PACKAGE'];
/** Settings whose value is a secret: each must be a Key Vault reference. */
const SECRETS = ['VOTE_ANONYMITY_KEY', 'APPLICATIONINSIGHTS_CONNECTION_STRING'];

const settingValue = (name: string) => new RegExp(`\\{ name: '${name}', value: ([^\\n]*) \\}`).exec(bicep)?.[1];

describe('infra/main.bicep (no Bicep compiler here: these checks stand in for one)', () => {
  const appSettings = [...bicep.matchAll(/\{ name: '([A-Z_]+)', value:/g)].map((m) => m[1]!);
  const documented = [...envExample.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!);

  it('sets only variables the app reads and documents', () => {
    expect(appSettings.length).toBeGreaterThan(5);
    for (const setting of appSettings) {
      if (!READ_BY_AZURE.includes(setting)) expect(documented, setting).toContain(setting);
    }
  });

  it('documents every variable in the README too', () => {
    for (const variable of documented) expect(readme, variable).toContain(variable);
  });

  it('creates the containers the code uses, with the same partition keys and TTL', () => {
    for (const definition of Object.values(containerDefinitions)) {
      const ttl = 'timeToLive' in definition ? ', defaultTtl: -1' : '';
      expect(bicep).toContain(`{ name: '${definition.id}', partitionKey: '${definition.partitionKey}'${ttl} }`);
    }
  });

  it('holds no secrets and turns key access off', () => {
    expect(bicep).toContain('disableLocalAuth: true');
    expect(bicep).not.toMatch(/listKeys|primaryMasterKey|MICROSOFT_APP_PASSWORD|COSMOS_KEY/);
    // The one secret a region supplies comes in as a secure parameter and goes only into Key Vault.
    expect(bicep).toMatch(/@secure\(\)\nparam voteAnonymityKey string = ''\n/);
    expect(bicep.match(/\bvoteAnonymityKey\b/g)).toHaveLength(3); // declared, tested for empty, stored as a secret
    expect(bicep).toMatch(/properties: \{ value: voteAnonymityKey \}/);
    // Nothing that looks like a key: a long run of mixed-case letters and digits.
    expect(bicep).not.toMatch(/(?=[A-Za-z0-9+]*\d)(?=[A-Za-z0-9+]*[a-z])(?=[A-Za-z0-9+]*[A-Z])[A-Za-z0-9+]{32,}/);
  });

  it('gives the app its secrets as Key Vault references read by the managed identity, never as plain values', () => {
    for (const secret of SECRETS) expect(settingValue(secret), secret).toMatch(/^'\$\{fromVault\}[a-z-]+\)'$/);
    expect(bicep).toContain("var fromVault = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName='");
    expect(bicep).toContain('keyVaultReferenceIdentity: identity.id');
    expect(bicep).toContain('enableRbacAuthorization: true');
    // Key Vault Secrets User for the identity, on the vault only.
    expect(bicep).toMatch(
      /scope: vault\n[^]*?4633458b-17de-408a-b874-0445c86b69e6[^]*?principalId: identity\.properties\.principalId/,
    );
  });

  it('outputs ids and addresses only', () => {
    const outputs = [...bicep.matchAll(/^output (\w+) string = (.*)$/gm)].map(([, name, value]) => ({ name, value }));
    expect(outputs.map((output) => output.name)).toEqual(
      expect.arrayContaining(['BOT_ID', 'BOT_DOMAIN', 'BOT_AZURE_APP_SERVICE_RESOURCE_ID']),
    );
    for (const { name, value } of outputs) {
      expect(`${name} = ${value}`).not.toMatch(/secret|key|password|connectionstring|vault/i);
    }
  });

  it('runs the deployment zip with its production entry and lets App Service probe /health', () => {
    expect(settingValue('WEBSITE_RUN_FROM_PACKAGE')).toBe("'1'");
    expect(bicep).toContain(`appCommandLine: '${START_COMMAND}'`);
    expect(bicep).toContain("healthCheckPath: '/health'");
    expect(bicep).toContain("linuxFxVersion: 'NODE|22-lts'");
  });

  it('sends telemetry to Application Insights on a Log Analytics workspace, with the two alerts', () => {
    expect(bicep).toContain("resource workspace 'Microsoft.OperationalInsights/workspaces@");
    expect(bicep).toContain('WorkspaceResourceId: workspace.id');
    expect(bicep).toMatch(
      /metricName: 'Http5xx'[^]*?scopes: \[web\.id\]|scopes: \[web\.id\][^]*?metricName: 'Http5xx'/,
    );
    // The failed-deliveries alert queries the counter the outbox increments when a message fails for good.
    expect(bicep).toContain('customMetrics | where name == "fokusgrupper.deliveries.failed"');
    expect(telemetrySource).toMatch(/'deliveries\.failed': /);
    expect(telemetrySource).toContain("const SCOPE = 'fokusgrupper';");
  });

  it("has a parameters file for the Agents Toolkit that names only the template's parameters", () => {
    const declared = [...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]!);
    const required = [...bicep.matchAll(/^param (\w+) \w+$/gm)].map((m) => m[1]!);
    for (const name of Object.keys(parameters.parameters)) expect(declared, name).toContain(name);
    for (const name of required) expect(Object.keys(parameters.parameters), name).toContain(name);
    expect(parameters.parameters.voteAnonymityKey?.value).toBe('${{SECRET_VOTE_ANONYMITY_KEY}}');
  });

  it("serves the region's own tenant only: a single-tenant bot identity and the allowlist set to that tenant", () => {
    expect(bicep).toContain("{ name: 'MICROSOFT_APP_TYPE', value: 'UserAssignedMSI' }");
    expect(bicep).not.toContain('MultiTenant');
    expect(bicep).toContain('param allowedTenantIds string = tenant().tenantId');
    expect(bicep).toContain("{ name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }");
  });

  it('balances its braces and brackets', () => {
    const code = bicep.replace(/'[^'\n]*'/g, "''").replace(/\/\/.*$/gm, '');
    for (const [open, close] of [
      ['{', '}'],
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      expect(code.split(open).length, open).toBe(code.split(close).length);
    }
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { containerDefinitions } from '../src/platform/cosmos/containers.js';

const bicep = readFileSync(new URL('../infra/main.bicep', import.meta.url), 'utf8');
const envExample = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** Variables read by libraries rather than by our config. */
const READ_BY_AZURE = ['AZURE_CLIENT_ID', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];

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

  it('creates the containers the code uses, with the same partition keys', () => {
    for (const { id, partitionKey } of Object.values(containerDefinitions)) {
      expect(bicep).toContain(`{ name: '${id}', partitionKey: '${partitionKey}' }`);
    }
  });

  it('holds no secrets and turns key access off', () => {
    expect(bicep).toContain('disableLocalAuth: true');
    expect(bicep).not.toMatch(/listKeys|primaryMasterKey|MICROSOFT_APP_PASSWORD|COSMOS_KEY/);
    // The one secret the app needs comes in as a secure parameter without a default.
    expect(bicep).toMatch(/@secure\(\)\n@minLength\(32\)\nparam voteAnonymityKey string\n/);
    // Nothing that looks like a key: a long run of mixed-case letters and digits.
    expect(bicep).not.toMatch(/(?=[A-Za-z0-9+]*\d)(?=[A-Za-z0-9+]*[a-z])(?=[A-Za-z0-9+]*[A-Z])[A-Za-z0-9+]{32,}/);
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

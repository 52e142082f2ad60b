import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/platform/config.js';
import { fromRepoRoot } from '../src/platform/paths.js';

/**
 * Finding: a bad VOTE_ANONYMITY_KEY was printed in the start-up error with its value. Each secret setting is fed a
 * bad value here, the production entry is started, and everything they print is searched for it. A logger is also
 * handed errors that carry the secrets (as a library's message might) and its lines searched the same way.
 */
const COSMOS_KEY_SHAPED = Buffer.alloc(64, 7).toString('base64');

/** Enough for the production entry to get past the other checks, so the secret's own check is what stops it. */
const PRODUCTION = {
  COSMOS_ENDPOINT: 'https://127.0.0.1:1/',
  STORAGE_ACCOUNT_URL: 'https://127.0.0.1:1/',
  ALLOWED_TENANT_IDS: 'tenant-1',
  VOTE_ANONYMITY_KEY: 'a-good-anonymity-key-0123456789abcdef',
  PORT: '0',
};

type Case = { entry: 'main.ts'; variable: string; value: string; environment: Record<string, string> };

const cases: Case[] = [
  {
    entry: 'main.ts',
    variable: 'VOTE_ANONYMITY_KEY',
    value: 'too-short-Secret-1',
    environment: { ...PRODUCTION, VOTE_ANONYMITY_KEY: 'too-short-Secret-1' },
  },
  {
    entry: 'main.ts',
    variable: 'MICROSOFT_APP_PASSWORD',
    value: 'an-App-Password-3~x',
    environment: {
      ...PRODUCTION,
      MICROSOFT_APP_ID: 'app-id',
      MICROSOFT_APP_TYPE: 'UserAssignedMSI',
      MICROSOFT_APP_TENANT_ID: 'tenant-1',
      MICROSOFT_APP_PASSWORD: 'an-App-Password-3~x',
    },
  },
  {
    entry: 'main.ts',
    variable: 'COSMOS_KEY',
    value: 'not a Cosmos key: secret 4',
    environment: { ...PRODUCTION, COSMOS_KEY: 'not a Cosmos key: secret 4' },
  },
  {
    entry: 'main.ts',
    variable: 'STORAGE_CONNECTION_STRING',
    value: 'AccountName=x;Password=Secret5',
    environment: {
      ...PRODUCTION,
      STORAGE_ACCOUNT_URL: '',
      STORAGE_CONNECTION_STRING: 'AccountName=x;Password=Secret5',
    },
  },
];

function run(entry: string, environment: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fromRepoRoot('src', entry)], {
      cwd: fromRepoRoot(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('secrets never in what the bot prints', () => {
  it.concurrent.each(cases)('$entry with a bad $variable names the variable, never its value', async (badCase) => {
    const { code, output } = await run(badCase.entry, badCase.environment);
    expect(code).toBe(1);
    expect(output).toContain(`Configuration error: ${badCase.variable}`);
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output).not.toContain(badCase.value);
  });

  it.each(cases)('loadConfig (for npm start and tests too) with a bad $variable never repeats it', (badCase) => {
    const { COSMOS_ENDPOINT: _endpoint, ...environment } = badCase.environment;
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(new RegExp(`^Configuration error: ${badCase.variable}`));
    expect(() => loadConfig(environment)).not.toThrow(badCase.value);
  });

  it('blanks secret values in every log line, wherever a library put them', async () => {
    const environment = {
      VOTE_ANONYMITY_KEY: 'log-anonymity-key-0123456789abcdef-S1',
      MICROSOFT_APP_PASSWORD: 'log-app-password~S2',
      COSMOS_KEY: COSMOS_KEY_SHAPED,
      STORAGE_CONNECTION_STRING: 'AccountName=x;AccountKey=log-storage-key-S3',
    };
    const script = [
      "import { createLogger } from './src/platform/logger.ts';",
      "import { secretValues } from './src/platform/config.ts';",
      "const logger = createLogger('info', { secrets: secretValues() });",
      'for (const value of secretValues()) {',
      '  logger.error({ err: new Error(`request failed: ${value}`), header: `Bearer ${value}` }, `failed with ${value}`);',
      '}',
    ].join('\n');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: fromRepoRoot(),
        env: { PATH: process.env.PATH ?? '', ...environment },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(output.trim().split('\n')).toHaveLength(4);
    expect(output).toContain('failed with [secret]');
    for (const value of Object.values(environment)) expect(output).not.toContain(value);
  });
});

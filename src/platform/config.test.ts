import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** Shaped like a Cosmos account key (base64), not a real one. */
const KEY = Buffer.alloc(64, 7).toString('base64');

describe('loadConfig', () => {
  it('has defaults for a local run', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3978, cosmos: { database: 'fokusgrupper' }, programmeCreatorIds: [] });
    expect(config.bot.appId).toBeUndefined();
  });

  it('reads Cosmos with a key or without one (Entra ID)', () => {
    expect(loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/' }).cosmos.key).toBeUndefined();
    expect(loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_KEY: KEY }).cosmos.key).toBe(KEY);
  });

  it('serves one tenant by default, and only the tenants listed', () => {
    expect(loadConfig({}).bot.appType).toBe('SingleTenant');
    expect(loadConfig({}).allowedTenantIds).toEqual([]);
    expect(loadConfig({ ALLOWED_TENANT_IDS: ' t-1, t-2 ' }).allowedTenantIds).toEqual(['t-1', 't-2']);
    expect(loadConfig({ ALLOWED_TENANT_IDS: '*' }).allowedTenantIds).toBe('*');
  });

  it('splits id lists', () => {
    expect(loadConfig({ PROGRAMME_CREATOR_IDS: ' a, b ,,c ' }).programmeCreatorIds).toEqual(['a', 'b', 'c']);
  });

  it('reads Blob Storage and the outputs settings', () => {
    const defaults = loadConfig({});
    expect(defaults.storage).toEqual({ connectionString: undefined, accountUrl: undefined, container: 'outputs' });
    expect(defaults.outputs).toEqual({ videoMaxBytes: 500 * 1024 * 1024, reminderDays: [14, 3] });
    const set = loadConfig({
      STORAGE_ACCOUNT_URL: 'https://x.blob.core.windows.net/',
      VIDEO_MAX_MB: '0.5',
      OUTPUT_REMINDER_DAYS: '3, 7,,7',
    });
    expect(set.storage.accountUrl).toBe('https://x.blob.core.windows.net');
    expect(set.outputs).toEqual({ videoMaxBytes: 524288, reminderDays: [7, 3] });
  });

  it('keeps personal data 365 days after the presentation day unless told otherwise', () => {
    expect(loadConfig({}).retentionDays).toBe(365);
    expect(loadConfig({ RETENTION_DAYS: '90' }).retentionDays).toBe(90);
  });

  it.each([
    [{ RETENTION_DAYS: '0' }, /^Configuration error: RETENTION_DAYS /],
    [{ STORAGE_CONTAINER: 'Videos' }, /^Configuration error: STORAGE_CONTAINER must be 3-63 lower-case/],
    [{ OUTPUT_REMINDER_DAYS: '14 days' }, /^Configuration error: OUTPUT_REMINDER_DAYS must be whole days/],
    [
      {
        STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
        STORAGE_ACCOUNT_URL: 'https://x.blob.core.windows.net',
      },
      /not both$/,
    ],
    [{ PORT: 'eighty' }, /^Configuration error: PORT .*\(got "eighty"\)$/],
    [{ COSMOS_ENDPOINT: 'not a url' }, /^Configuration error: COSMOS_ENDPOINT .*\(got "not a url"\)$/],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL /],
    [{ MICROSOFT_APP_ID: 'id' }, /^Configuration error: MICROSOFT_APP_PASSWORD is required/],
    [
      { MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' },
      /^Configuration error: MICROSOFT_APP_TENANT_ID is required/,
    ],
    [{ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'p' }, /MICROSOFT_APP_TENANT_ID is required .*SingleTenant/],
    [{ ALLOWED_TENANT_IDS: 'a,*' }, /^Configuration error: ALLOWED_TENANT_IDS must be tenant ids or \* alone/],
    [{ ALLOWED_TENANT_IDS: 'a b' }, /^Configuration error: ALLOWED_TENANT_IDS must be comma-separated tenant ids/],
  ])('stops with one line naming the variable: %o', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults for a local run', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3978, cosmos: { database: 'fokusgrupper' }, programmeCreatorIds: [] });
    expect(config.bot.appId).toBeUndefined();
  });

  it('reads Cosmos with a key or without one (Entra ID)', () => {
    expect(loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/' }).cosmos.key).toBeUndefined();
    expect(loadConfig({ COSMOS_ENDPOINT: 'https://x.documents.azure.com:443/', COSMOS_KEY: 'k' }).cosmos.key).toBe('k');
  });

  it('splits id lists', () => {
    expect(loadConfig({ PROGRAMME_CREATOR_IDS: ' a, b ,,c ' }).programmeCreatorIds).toEqual(['a', 'b', 'c']);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Configuration error: PORT .*\(got "eighty"\)$/],
    [{ COSMOS_ENDPOINT: 'not a url' }, /^Configuration error: COSMOS_ENDPOINT .*\(got "not a url"\)$/],
    [{ LOG_LEVEL: 'loud' }, /^Configuration error: LOG_LEVEL /],
    [{ MICROSOFT_APP_ID: 'id' }, /^Configuration error: MICROSOFT_APP_PASSWORD is required/],
    [{ MICROSOFT_APP_TYPE: 'SingleTenant' }, /^Configuration error: MICROSOFT_APP_TENANT_ID is required/],
  ])('stops with one line naming the variable: %o', (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });
});

import { TeamsAdapter } from './teams-ai.js';
import type { Activity, ConfigurationBotFrameworkAuthentication, InvokeResponse, TurnContext } from 'botbuilder';
import type { Config } from '../config.js';

/** What botbuilder's request check yields for a turn (its type is not exported by botbuilder itself). */
export type AuthenticateRequestResult = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

/** The credentials factory TeamsAdapter takes: tests give one that never reaches Microsoft Entra ID. */
export type CredentialsFactory = NonNullable<ConstructorParameters<typeof TeamsAdapter>[1]>;

/** What tests (never production) may change: where the connector's keys are published, how the bot signs in. */
export type AuthenticationOverrides = { openIdMetadataUrl?: string; credentialsFactory?: CredentialsFactory };

/** The bot's identity as botbuilder reads it, for the adapter (incoming) and the outbox (outgoing) alike. */
export function botCredentialSettings(config: Config) {
  return {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    // Without an app id nothing signs in and nothing is checked; botbuilder only takes that as MultiTenant.
    MicrosoftAppType: config.bot.appId ? config.bot.appType : 'MultiTenant',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  };
}

/**
 * teams-ai's adapter with the two steps of `process()` opened up, so the messages endpoint can put its own body
 * limits and token check before them and answer every failure itself (botbuilder's `process()` answers a bad
 * token with a 500 and its error text): botbuilder's check of a request, and the turn for an authenticated one.
 */
export class BotAdapter extends TeamsAdapter {
  constructor(config: Config, overrides: AuthenticationOverrides = {}) {
    const metadataUrl = overrides.openIdMetadataUrl;
    super(
      {
        ...botCredentialSettings(config),
        ...(metadataUrl ? publicCloudWithKeysFrom(metadataUrl) : {}),
      },
      overrides.credentialsFactory,
    );
  }

  authenticateRequest(activity: Activity, authorization: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
  }

  /** Runs the adapter's middleware and `logic` for an authenticated activity; returns the invoke answer, if any. */
  runAuthenticated(
    authenticated: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

/**
 * botbuilder takes one changed endpoint as "every endpoint is given": so with another metadata URL, the rest of
 * the public cloud's settings (botframework-connector's AuthenticationConstants) are spelled out.
 */
function publicCloudWithKeysFrom(metadataUrl: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
    ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: metadataUrl,
  };
}

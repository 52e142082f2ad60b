import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import type { CredentialsFactory } from '../../src/platform/teams/adapter.js';

export const APP_ID = 'fokusgrupper-test-app';
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * A stand-in for the Bot Framework's token service on 127.0.0.1: an OpenID metadata document and its JWKS (a key
 * endorsed for msteams, and one endorsed for another channel only), and tokens signed as the connector signs them,
 * or wrongly in every way an attacker might try.
 */
export class TokenIssuer {
  private server?: Server;
  url = '';
  private keys!: { teams: KeyPair; otherChannel: KeyPair; unpublished: KeyPair };

  static async start(): Promise<TokenIssuer> {
    const issuer = new TokenIssuer();
    issuer.keys = {
      teams: await keyPair('teams-key'),
      otherChannel: await keyPair('webchat-key'),
      unpublished: await keyPair('unpublished-key'),
    };
    const jwks = {
      keys: [
        { ...(await exportJWK(issuer.keys.teams.publicKey)), kid: 'teams-key', use: 'sig', endorsements: ['msteams'] },
        {
          ...(await exportJWK(issuer.keys.otherChannel.publicKey)),
          kid: 'webchat-key',
          use: 'sig',
          endorsements: ['webchat'],
        },
      ],
    };
    issuer.server = createServer((request, response) => {
      const base = `http://127.0.0.1:${(issuer.server!.address() as AddressInfo).port}`;
      const body =
        request.url === '/.well-known/openidconfiguration'
          ? { issuer: CHANNEL_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
          : request.url === '/keys'
            ? jwks
            : undefined;
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      response.end(body ? JSON.stringify(body) : '');
    });
    await new Promise<void>((resolve) => issuer.server!.listen(0, '127.0.0.1', () => resolve()));
    issuer.url = `http://127.0.0.1:${(issuer.server.address() as AddressInfo).port}/.well-known/openidconfiguration`;
    return issuer;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /**
   * A token as the connector would send it for `serviceUrl`, with `claims` changed, signed by `key` (published for
   * Teams unless said otherwise) and naming `kid` (the signing key's own unless said otherwise).
   */
  async token(
    serviceUrl: string,
    options: { claims?: JWTPayload; key?: keyof TokenIssuer['keys']; kid?: string } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const pair = this.keys[options.key ?? 'teams'];
    return new SignJWT({
      iss: CHANNEL_ISSUER,
      aud: APP_ID,
      serviceurl: serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      exp: now + 3600,
      ...options.claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? pair.kid, typ: 'JWT' })
      .sign(pair.privateKey);
  }

  /** The same claims with `alg: none` and no signature at all. */
  unsignedToken(serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: serviceUrl, exp: now + 3600 })}.`;
  }

  /**
   * The classic confusion: HS256 "signed" with the published RSA public key as the HMAC secret, hoping the
   * validator uses whatever key it has with whatever algorithm the token names.
   */
  async confusedToken(serviceUrl: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const secret = new TextEncoder().encode(await exportSPKI(this.keys.teams.publicKey));
    return new SignJWT({ iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 })
      .setProtectedHeader({ alg: 'HS256', kid: 'teams-key', typ: 'JWT' })
      .sign(secret);
  }
}

type KeyPair = { kid: string; publicKey: CryptoKey; privateKey: CryptoKey };

async function keyPair(kid: string): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  return { kid, publicKey, privateKey };
}

/**
 * Credentials for the bot's own calls to the connector that never ask Microsoft Entra ID for a token: the replies
 * of an authenticated test bot reach the local connector with a fixed bearer token.
 */
export const localCredentials: CredentialsFactory = {
  isValidAppId: (appId: string) => Promise.resolve(appId === APP_ID),
  isAuthenticationDisabled: () => Promise.resolve(false),
  createCredentials: () =>
    Promise.resolve({
      signRequest: (resource: { headers: { set(name: string, value: string): void } }) => {
        resource.headers.set('authorization', 'Bearer local-test-credentials');
        return Promise.resolve(resource);
      },
    }),
} as unknown as CredentialsFactory;

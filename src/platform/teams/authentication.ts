import type { Activity } from 'botbuilder';
import { decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import type { AuthenticateRequestResult, BotAdapter } from './adapter.js';

/**
 * Who may post activities to /api/messages: the Bot Framework connector that serves Teams, proven by a token it
 * signed. The token is checked here first, completely and quietly (signature with the connector's published keys,
 * algorithm, issuer, audience = our app id, lifetime, the key's endorsement for the channel, and the serviceUrl
 * it was issued for), so every failure has one named reason and nothing of the token or of a library's error text
 * reaches a log or a response. botbuilder then checks the same token again and builds what the turn needs.
 *
 * Only the connector's own tokens are taken (issuer https://api.botframework.com), as botbuilder does for Teams;
 * the Emulator's and skills' token paths are never needed by this bot.
 */

/** Bot Framework's OpenID metadata and token issuer for the public cloud (botframework-connector's constants). */
export const BOT_FRAMEWORK_OPENID_METADATA_URL = 'https://login.botframework.com/v1/.well-known/openidconfiguration';
export const BOT_FRAMEWORK_TOKEN_ISSUER = 'https://api.botframework.com';
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** botbuilder's own leeway for clocks that disagree. */
const CLOCK_TOLERANCE_SECONDS = 5 * 60;

export type AuthenticationFailure =
  | 'missing-token'
  | 'malformed-token'
  | 'algorithm'
  | 'unknown-key'
  | 'endorsement'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not-yet-valid'
  | 'claims'
  | 'service-url'
  | 'refused-by-botbuilder';

export type AuthenticationOutcome =
  | { ok: true; result: AuthenticateRequestResult }
  | { ok: false; status: 401; reason: AuthenticationFailure }
  | { ok: false; status: 503; reason: 'keys-unavailable' };

export class ChannelAuthentication {
  private readonly keys: SigningKeys;

  /**
   * `appId` empty turns authentication off; `botbuilder` is the adapter's own check (BotAdapter), run after ours.
   */
  constructor(
    private readonly appId: string,
    private readonly botbuilder: Pick<BotAdapter, 'authenticateRequest'>,
    openIdMetadataUrl = BOT_FRAMEWORK_OPENID_METADATA_URL,
  ) {
    this.keys = new SigningKeys(openIdMetadataUrl);
  }

  /** Off without an app id (local runs only: the door then serves only a connector on this machine). */
  get enabled(): boolean {
    return this.appId !== '';
  }

  async authenticate(authorization: string, activity: Activity): Promise<AuthenticationOutcome> {
    if (this.enabled) {
      const failure = await this.checkToken(authorization, activity);
      if (failure) return failure;
    }
    try {
      return { ok: true, result: await this.botbuilder.authenticateRequest(activity, authorization) };
    } catch {
      return { ok: false, status: 401, reason: 'refused-by-botbuilder' };
    }
  }

  private async checkToken(authorization: string, activity: Activity): Promise<AuthenticationOutcome | undefined> {
    const refuse = (reason: AuthenticationFailure) => ({ ok: false, status: 401, reason }) as const;
    if (!authorization.trim()) return refuse('missing-token');
    const token = /^Bearer ([\w-]+\.[\w-]*\.[\w-]*)$/.exec(authorization.trim())?.[1];
    if (!token) return refuse('malformed-token');
    let header: { alg?: string; kid?: string };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return refuse('malformed-token');
    }
    if (!header.alg || !ALGORITHMS.includes(header.alg)) return refuse('algorithm');
    let key: EndorsedKey | undefined;
    try {
      key = await this.keys.find(header.kid);
    } catch {
      return { ok: false, status: 503, reason: 'keys-unavailable' };
    }
    if (!key) return refuse('unknown-key');
    const endorsements = key.endorsements ?? [];
    if (endorsements.length > 0 && !endorsements.includes(activity.channelId)) return refuse('endorsement');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await importJWK(key, header.alg), {
        issuer: BOT_FRAMEWORK_TOKEN_ISSUER,
        audience: this.appId,
        algorithms: ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      return refuse(failureOf(error));
    }
    if (payload.serviceurl !== activity.serviceUrl) return refuse('service-url');
    return undefined;
  }
}

function failureOf(error: unknown): AuthenticationFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'nbf') return 'not-yet-valid';
    return 'claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  return 'malformed-token';
}

type EndorsedKey = JWK & { endorsements?: string[] };

/** Keys are refreshed daily, and when a token names an unknown key at most every five minutes (no refresh floods). */
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const UNKNOWN_KEY_RETRY_MS = 5 * 60 * 1000;
const FAILED_LOAD_PAUSE_MS = 10 * 1000;

/** The connector's signing keys, read from its OpenID metadata document (jwks_uri) and kept. */
class SigningKeys {
  private keys: EndorsedKey[] = [];
  private loadedAt = 0;
  private triedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(private readonly metadataUrl: string) {}

  async find(kid: string | undefined): Promise<EndorsedKey | undefined> {
    // Never loaded and tried a moment ago: answer at once instead of asking the metadata server on every request.
    const failedJustNow = !this.loading && this.triedAt > 0 && Date.now() - this.triedAt < FAILED_LOAD_PAUSE_MS;
    if (this.keys.length === 0 && failedJustNow) throw new Error('no keys yet');
    if (Date.now() - this.loadedAt > KEYS_MAX_AGE_MS) await this.refresh(this.keys.length === 0);
    let key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key && Date.now() - this.triedAt > UNKNOWN_KEY_RETRY_MS) {
      await this.refresh(false);
      key = this.keys.find((candidate) => candidate.kid === kid);
    }
    return key;
  }

  /** Loads the keys; a failed refresh keeps the keys we have unless there are none (`mustSucceed`). */
  private async refresh(mustSucceed: boolean): Promise<void> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    try {
      await this.loading;
    } catch (error) {
      if (mustSucceed) throw error;
    }
  }

  private async load(): Promise<void> {
    this.triedAt = Date.now();
    const metadata = (await getJson(this.metadataUrl)) as { jwks_uri?: unknown };
    if (typeof metadata.jwks_uri !== 'string') throw new Error('OpenID metadata without jwks_uri');
    const { keys } = (await getJson(metadata.jwks_uri)) as { keys?: unknown };
    if (!Array.isArray(keys)) throw new Error('JWKS without keys');
    this.keys = keys.filter(
      (key): key is EndorsedKey => typeof key === 'object' && key !== null && (key as JWK).kty === 'RSA',
    );
    this.loadedAt = Date.now();
  }
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

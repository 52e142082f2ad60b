import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { entraTokenVerifier } from './entra-token.js';

const CLIENT_ID = '6f1c2e3d-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
const PERSON = '00000000-0000-0000-0000-0000000000020';

let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let strangerKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let verify: ReturnType<typeof entraTokenVerifier>;
let keys: ReturnType<typeof createLocalJWKSet>;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  const stranger = await generateKeyPair('RS256');
  signingKey = pair.privateKey;
  strangerKey = stranger.privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'local-key', alg: 'RS256', use: 'sig' };
  keys = createLocalJWKSet({ keys: [jwk] });
  verify = entraTokenVerifier({
    audiences: [CLIENT_ID, `api://board.example.org/${CLIENT_ID}`],
    allowedTenantIds: [TENANT],
    keys,
  });
});

type Claims = {
  aud?: string;
  tid?: string;
  iss?: string;
  expiresIn?: string | number;
  key?: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
};

function token(claims: Claims = {}): Promise<string> {
  const tid = claims.tid ?? TENANT;
  return new SignJWT({ tid, oid: PERSON, name: 'Alex Wilber' })
    .setProtectedHeader({ alg: 'RS256', kid: 'local-key' })
    .setIssuer(claims.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(claims.aud ?? CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '1h')
    .sign(claims.key ?? signingKey);
}

describe('entraTokenVerifier', () => {
  it('accepts a valid token and says who signed in', async () => {
    expect(await verify(await token())).toEqual({ id: PERSON, name: 'Alex Wilber', tenantId: TENANT });
  });

  it('accepts a v1 token for the Application ID URI', async () => {
    const v1 = await token({ aud: `api://board.example.org/${CLIENT_ID}`, iss: `https://sts.windows.net/${TENANT}/` });
    expect(await verify(v1)).toMatchObject({ id: PERSON });
  });

  it('refuses a token for another audience', async () => {
    expect(await verify(await token({ aud: '00000003-0000-0000-c000-000000000000' }))).toBeUndefined();
  });

  it('refuses a token from a tenant that is not allowed', async () => {
    expect(await verify(await token({ tid: OTHER_TENANT }))).toBeUndefined();
  });

  it("refuses a token whose issuer is not its tenant's", async () => {
    const forged = await token({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` });
    expect(await verify(forged)).toBeUndefined();
  });

  it('refuses an expired token', async () => {
    const expired = await token({ expiresIn: Math.floor(Date.now() / 1000) - 3600 });
    expect(await verify(expired)).toBeUndefined();
  });

  it('refuses an unsigned token (alg none)', async () => {
    const unsigned = new UnsecuredJWT({ tid: TENANT, oid: PERSON, name: 'Alex Wilber' })
      .setIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`)
      .setAudience(CLIENT_ID)
      .setExpirationTime('1h')
      .encode();
    expect(await verify(unsigned)).toBeUndefined();
  });

  it('refuses a token signed with a key Entra ID did not publish', async () => {
    expect(await verify(await token({ key: strangerKey }))).toBeUndefined();
  });

  it('refuses what is not a token at all', async () => {
    expect(await verify('not.a.token')).toBeUndefined();
    expect(await verify('')).toBeUndefined();
  });

  it("accepts any tenant with '*', still checking the issuer", async () => {
    const anyTenant = entraTokenVerifier({ audiences: [CLIENT_ID], allowedTenantIds: '*', keys });
    expect(await anyTenant(await token({ tid: OTHER_TENANT }))).toMatchObject({ tenantId: OTHER_TENANT });
    const forged = await token({ tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${TENANT}/v2.0` });
    expect(await anyTenant(forged)).toBeUndefined();
  });
});

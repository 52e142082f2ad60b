import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/** Who a valid single sign-on token says the caller is: their Entra object id, name and tenant. */
export type SignedInPerson = { id: string; name: string; tenantId: string };

export type TenantAllowlist = string[] | '*';

export type EntraTokenOptions = {
  /** Accepted `aud` values: the app's client id (v2 tokens) and its Application ID URI (v1 tokens). */
  audiences: string[];
  allowedTenantIds: TenantAllowlist;
  /** Entra ID's signing keys: the published key set in production, a local one in tests. */
  keys: JWTVerifyGetKey;
  /** Seconds of clock difference tolerated on expiry and not-before. */
  clockToleranceSeconds?: number;
};

/** Entra ID signs access tokens with RS256; anything else (including `none`) is refused before any key is used. */
const ALGORITHMS = ['RS256'];

/** The two issuers Entra ID uses for a tenant: v2.0 tokens and v1 tokens. */
export function issuersOf(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

export function tenantAllowed(allowlist: TenantAllowlist, tenantId: string): boolean {
  return allowlist === '*' || allowlist.includes(tenantId);
}

/**
 * Checks a token the Teams client gave the tab (authentication.getAuthToken / NAA): signature against Entra ID's
 * keys, audience, expiry, then tenant (allowlist) and issuer (the tenant's own). Any failure is undefined, never
 * a reason: the caller answers 401 and nothing about the token reaches a log or a reply.
 */
export function entraTokenVerifier(options: EntraTokenOptions): (token: string) => Promise<SignedInPerson | undefined> {
  return async (token) => {
    if (options.audiences.length === 0) return undefined;
    let payload: JWTPayload;
    try {
      if (!ALGORITHMS.includes(decodeProtectedHeader(token).alg ?? '')) return undefined;
      ({ payload } = await jwtVerify(token, options.keys, {
        algorithms: ALGORITHMS,
        audience: options.audiences,
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch {
      return undefined;
    }
    const tenantId = typeof payload.tid === 'string' ? payload.tid : '';
    const objectId = typeof payload.oid === 'string' ? payload.oid : '';
    if (!tenantId || !objectId || !tenantAllowed(options.allowedTenantIds, tenantId)) return undefined;
    if (!issuersOf(tenantId).includes(payload.iss ?? '')) return undefined;
    const name = typeof payload.name === 'string' ? payload.name : '';
    return { id: objectId, name, tenantId };
  };
}

/** Entra ID's published signing keys, fetched when first needed and cached by jose (refreshed on an unknown key id). */
export function entraKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl));
}

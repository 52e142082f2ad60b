import { entraKeys, entraTokenVerifier } from '../../platform/auth/entra-token.js';
import type { Config } from '../../platform/config.js';
import type { HttpRequest } from '../../platform/http/routes.js';
import type { Person } from '../programmes/schema.js';

/** Who is asking, from the request alone; undefined means "not signed in" (401). */
export type SignIn = (request: HttpRequest) => Promise<Person | undefined>;

export type SignInOptions = {
  /**
   * `npm start` only (main.dev.ts): a browser on this machine without a Teams token is this person, because the
   * Agents Playground cannot host tabs. The production entry never passes it.
   */
  localPerson?: Person;
};

/** The Teams tab's single sign-on token (Authorization: Bearer), checked against Entra ID. */
export function signInWith(
  config: Pick<Config, 'allowedTenantIds' | 'board' | 'publicBaseUrl'>,
  options: SignInOptions = {},
): SignIn {
  const clientId = config.board.clientId;
  const host = new URL(config.publicBaseUrl).host;
  const verify = entraTokenVerifier({
    audiences: clientId ? [clientId, `api://${host}/${clientId}`] : [],
    allowedTenantIds: config.allowedTenantIds,
    keys: entraKeys(config.board.jwksUrl),
  });
  return async (request) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (bearer) {
      const person = await verify(bearer);
      return person ? { id: person.id, name: person.name } : undefined;
    }
    return options.localPerson && request.fromLoopback ? options.localPerson : undefined;
  };
}

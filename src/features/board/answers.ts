import type { HttpAnswer, HttpHandler, HttpRequest } from '../../platform/http/routes.js';
import { languageOf, translator } from '../../platform/i18n.js';
import type { Logger } from '../../platform/logger.js';
import { Refusal } from '../../platform/refusal.js';
import type { Person } from '../programmes/schema.js';
import type { SignIn } from './sign-in.js';

export function json(status: number, body: unknown): HttpAnswer {
  return {
    status,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(body),
    headers: { 'cache-control': 'no-store' },
  };
}

/** A refusal that says the thing is not there (rather than not allowed). */
const NOT_FOUND = new Set([
  'programmes:errors.unknownProgramme',
  'programmes:errors.unknownGroup',
  'outputs:errors.unknownOutput',
]);

/** The board speaks the language the page asks for (`?lang=`, set from Teams' locale), else the browser's. */
export function languageOfRequest(request: HttpRequest) {
  return languageOf(request.query.lang ?? request.headers['accept-language']?.split(',')[0]);
}

/**
 * Every API route: signed in or 401; refusals become 403/404 with the translated reason; anything else is logged
 * and answered with a bare 500, never the error's own text.
 */
export function signedIn(
  signIn: SignIn,
  logger: Logger,
  handler: (person: Person, request: HttpRequest) => Promise<HttpAnswer>,
): HttpHandler {
  return async (request) => {
    const t = translator(languageOfRequest(request));
    let person: Person | undefined;
    try {
      person = await signIn(request);
    } catch (error) {
      logger.warn({ err: error }, 'board sign-in failed');
    }
    if (!person) return json(401, { error: 'signIn', message: t('board:errors.signIn') });
    try {
      return await handler(person, request);
    } catch (error) {
      if (error instanceof Refusal) {
        return json(NOT_FOUND.has(error.key) ? 404 : 403, { error: error.key, message: t(error.key, error.values) });
      }
      logger.error({ err: error }, 'board request failed');
      return json(500, { error: 'unexpected', message: t('common:errors.unexpected') });
    }
  };
}

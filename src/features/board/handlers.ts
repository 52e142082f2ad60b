import type { HttpRequest, HttpRoutes } from '../../platform/http/routes.js';
import { translator } from '../../platform/i18n.js';
import { Refusal } from '../../platform/refusal.js';
import type { Person } from '../programmes/schema.js';
import { json, languageOfRequest, signedIn } from './answers.js';
import type { BoardDeps } from './deps.js';
import { moveFromBoard, postFromBoard } from './planning.js';
import { reviewFromBoard } from './reviewing.js';
import { outputParamsSchema, reviewBodySchema, slotMoveBodySchema } from './schema.js';
import { boardFiles } from './static-files.js';
import { boardView, me, regionMap, videoLink } from './viewing.js';

function parsed<T>(
  schema: { safeParse(data: unknown): { success: true; data: T } | { success: false } },
  data: unknown,
): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new Refusal('common:errors.badCardData');
  return result.data;
}

const tOf = (request: HttpRequest) => translator(languageOfRequest(request));

/**
 * The board: a Teams tab (personal "Tavlan" and a channel tab for one programme) served as static files, and the
 * JSON API it reads and acts through. Every API route is signed in (sign-in.ts) and decides with boardAccess.
 */
export function registerBoard(http: HttpRoutes, deps: BoardDeps): void {
  const api = (handler: Parameters<typeof signedIn>[2]) => signedIn(deps.signIn, deps.logger, handler);
  // The board's changes are the verbs chat has for them, recorded in the audit trail the same way.
  const audited = <T>(action: string, person: Person, request: HttpRequest, run: () => Promise<T>) =>
    deps.audited({ action, person, programmeId: request.params.programmeId ?? '', input: request.params }, run);
  const files = boardFiles();

  http.on('GET', '/board', async () => ({
    status: 308,
    contentType: 'text/plain; charset=utf-8',
    body: '',
    headers: { location: '/board/' },
  }));
  http.on('GET', '/board/*', files);

  http.on(
    'GET',
    '/api/board/me',
    api(async (person) => json(200, await me(deps, person))),
  );
  http.on(
    'GET',
    '/api/board/programmes/:programmeId',
    api(async (person, { params }) => json(200, await boardView(deps, person, params.programmeId ?? ''))),
  );
  http.on(
    'GET',
    '/api/board/programmes/:programmeId/map',
    api(async (person, { params }) => ({
      ...json(200, await regionMap(deps, person, params.programmeId ?? '')),
      headers: { 'cache-control': 'private, max-age=3600' },
    })),
  );
  http.on(
    'GET',
    '/api/board/programmes/:programmeId/outputs/:groupId/:outputId/video',
    api(async (person, { params }) => json(200, await videoLink(deps, person, parsed(outputParamsSchema, params)))),
  );
  http.on(
    'POST',
    '/api/board/programmes/:programmeId/outputs/:groupId/:outputId/review',
    api(async (person, request) => {
      const ref = parsed(outputParamsSchema, request.params);
      const { action, etag, comment } = parsed(reviewBodySchema, request.body);
      const review = () => reviewFromBoard(deps, person, tOf(request), { ...ref, etag, comment }, action);
      return json(200, await audited(`outputs.${action}`, person, request, review));
    }),
  );
  http.on(
    'POST',
    '/api/board/programmes/:programmeId/running-order/move',
    api(async (person, request) => {
      const move = parsed(slotMoveBodySchema, request.body);
      const run = () => moveFromBoard(deps, person, request.params.programmeId ?? '', move);
      return json(
        200,
        await audited('outputs.moveSlot', person, { ...request, params: { ...request.params, ...move } }, run),
      );
    }),
  );
  http.on(
    'POST',
    '/api/board/programmes/:programmeId/running-order/post',
    api(async (person, request) => {
      const run = () => postFromBoard(deps, person, tOf(request), request.params.programmeId ?? '');
      return json(200, await audited('outputs.postRunningOrder', person, request, run));
    }),
  );
}

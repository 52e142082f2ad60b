import type { BoardView, Me, OutputRow, RunningOrderView } from '../../src/features/board/schema.js';
import type { DrawnMap } from '../../src/platform/map/draw.js';
import { signInToken, type Host } from './teams.js';

/** A refusal or failure from the API, with the sentence the server wrote for people (never internal details). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The board's JSON API, signed in with the Teams token on every call (Teams caches and renews it). */
export function boardApi(host: Host, language: string) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const token = await signInToken(host);
    const separator = path.includes('?') ? '&' : '?';
    const response = await fetch(`/api/board${path}${separator}lang=${language}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json().catch(() => ({}))) as T & { message?: string };
    if (!response.ok) throw new ApiError(response.status, answer.message ?? response.statusText);
    return answer;
  }
  const programme = (id: string) => `/programmes/${encodeURIComponent(id)}`;
  const output = (id: string, row: Pick<OutputRow, 'groupId' | 'outputId'>) =>
    `${programme(id)}/outputs/${encodeURIComponent(row.groupId)}/${encodeURIComponent(row.outputId)}`;
  return {
    me: () => call<Me>('GET', '/me'),
    board: (id: string) => call<BoardView>('GET', programme(id)),
    map: (id: string) => call<DrawnMap>('GET', `${programme(id)}/map`),
    videoLink: (id: string, row: OutputRow) => call<{ url: string }>('GET', `${output(id, row)}/video`),
    review: (id: string, row: OutputRow, action: 'approve' | 'return', comment: string) =>
      call<{ outcome: 'saved' | 'stale'; message: string; output?: OutputRow }>('POST', `${output(id, row)}/review`, {
        action,
        etag: row.etag,
        comment,
      }),
    move: (id: string, groupId: string, direction: 'up' | 'down') =>
      call<RunningOrderView>('POST', `${programme(id)}/running-order/move`, { groupId, direction }),
    postRunningOrder: (id: string) =>
      call<{ runningOrder: RunningOrderView; message: string }>('POST', `${programme(id)}/running-order/post`, {}),
  };
}

export type BoardApi = ReturnType<typeof boardApi>;

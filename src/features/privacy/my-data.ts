import { randomBytes } from 'node:crypto';
import type { HttpAnswer } from '../../platform/http/routes.js';
import { translator } from '../../platform/i18n.js';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { myDataCard, sourceTitle } from './cards.js';
import type { PrivacyDeps } from './deps.js';
import { myDataFile } from './domain.js';

/** A "my data" link works for an hour: long enough to open it, short enough not to linger in a chat. */
const LINK_MS = 3_600_000;
const FILE_NAME = 'mina-uppgifter.json';

/** Personal data is shown to the person in personal chat only: a channel would show it to everyone there. */
export function requirePersonalChat(turn: Turn): void {
  if (turn.conversation.kind !== 'personal') throw new Refusal('privacy:errors.personalChatOnly');
}

/**
 * "mina uppgifter": everything stored about the person, found through every feature's source, as a card and as a
 * JSON file behind an unguessable link valid for an hour (made from what is stored when it is opened).
 */
export async function showMyData(turn: Turn, deps: PrivacyDeps): Promise<CardReply> {
  requirePersonalChat(turn);
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(turn.now.getTime() + LINK_MS).toISOString();
  await deps.downloads.create(
    {
      id: `my-data:${token}`,
      type: 'myData',
      person: turn.person,
      language: turn.language,
      createdAt: turn.now.toISOString(),
      expiresAt,
    },
    Math.ceil(LINK_MS / 1000) + 3600,
  );
  const [found, programmes] = await Promise.all([deps.personalData.find(turn.person.id), deps.programmes.list()]);
  return myDataCard(turn, {
    person: turn.person,
    found,
    programmes,
    downloadUrl: `${deps.config.publicBaseUrl}/privacy/my-data/${token}/${FILE_NAME}`,
    expiresAt,
    retentionDays: deps.config.retentionDays,
  });
}

const notFound = (text: string): HttpAnswer => ({ status: 404, contentType: 'text/plain; charset=utf-8', body: text });

/**
 * GET /privacy/my-data/:token/:file — the person's data as JSON, made from what is stored now. An unknown or
 * expired token (or one whose person has since been erased) is simply not found.
 */
export function myDataDownload(deps: PrivacyDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ token = '', file = '' }) => {
    const link = file === FILE_NAME && /^[A-Za-z0-9_-]{32}$/.test(token) ? await deps.downloads.get(token) : undefined;
    const t = translator(link?.language ?? 'sv');
    const now = deps.clock();
    if (!link || link.expiresAt <= now.toISOString()) return notFound(t('privacy:errors.linkExpired'));
    const [found, programmes] = await Promise.all([deps.personalData.find(link.person.id), deps.programmes.list()]);
    const body = myDataFile(link.person, found, programmes, (source) => sourceTitle(t, source), now);
    return {
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ about: t('privacy:file.about'), ...body }, null, 2),
      headers: {
        'content-disposition': `attachment; filename="${FILE_NAME}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    };
  };
}

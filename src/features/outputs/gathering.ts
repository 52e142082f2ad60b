import { randomBytes } from 'node:crypto';
import type { HttpAnswer } from '../../platform/http/routes.js';
import { languageOf, translator } from '../../platform/i18n.js';
import { notReachedNote } from '../../platform/outbox/follow-up.js';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import { canOverview } from '../programmes/domain.js';
import type { Programme } from '../programmes/schema.js';
import { VIDEO_LINK_MS, videoLinkFor } from './video-links.js';
import type { OutputView } from './cards.js';
import { exportCard, overviewCard } from './gathering-cards.js';
import type { OutputsDeps } from './deps.js';
import { outputsOrigin } from './schema.js';
import { reportHtml, statusCsv, type ReportRow } from './report.js';

/** Export links work for a day: long enough to open them, short enough not to linger in a chat. */
const EXPORT_LINK_MS = 24 * 3_600_000;
const EXPORT_FILES = { 'report.html': 'report', 'status.csv': 'csv' } as const;

/** Every group × every expected output of a programme, in the programme's order, each with its document. */
export async function programmeOutputs(deps: OutputsDeps, programme: Programme): Promise<OutputView[]> {
  const stored = new Map(
    (await deps.outputs.listInProgramme(programme.programmeId)).map((o) => [`${o.groupId}/${o.outputId}`, o]),
  );
  return programme.groups.flatMap((group) =>
    group.outputs.map((expected) => {
      const output = stored.get(`${group.id}/${expected.id}`);
      return { programme, group, expected, ...(output ? { output } : {}) };
    }),
  );
}

/** The same, with a link to each stored video file for this viewer, valid until `until`. */
function withLinks(deps: OutputsDeps, views: OutputView[], viewerId: string, until: Date): ReportRow[] {
  return views.map((view) => {
    const place = { programmeId: view.programme.programmeId, group: view.group, outputId: view.expected.id };
    const link = videoLinkFor(deps, place, view.output, viewerId, until);
    return link ? { ...view, link } : view;
  });
}

export async function overview(turn: Turn, deps: OutputsDeps, { programme }: ProgrammeAccess): Promise<CardReply> {
  const until = new Date(turn.now.getTime() + VIDEO_LINK_MS);
  const [outputs, warning] = await Promise.all([
    programmeOutputs(deps, programme),
    notReachedNote(deps.outbox, outputsOrigin(programme.programmeId), turn.t),
  ]);
  const rows = withLinks(deps, outputs, turn.person.id, until);
  return overviewCard(turn, {
    programme,
    now: turn.now,
    warning,
    rows: rows.map(({ link: stored, ...row }) => {
      const video = row.output?.video;
      const link = video?.source === 'link' ? video.url : stored?.url;
      return { ...row, ...(link ? { link } : {}) };
    }),
  });
}

/**
 * The export is delivered in personal chat as two links served by the bot itself (an unguessable token, valid
 * for a day, checked again against the person's role when opened): the HTML report and the CSV status table.
 * Links rather than Teams' file-consent flow: no consent card, no OneDrive upload, and the same files work in a
 * browser, in tests and for forwarding to someone outside Teams while the link lasts.
 */
export async function startExport(turn: Turn, deps: OutputsDeps, { programme }: ProgrammeAccess): Promise<CardReply> {
  if (turn.conversation.kind !== 'personal') throw new Refusal('outputs:errors.exportInPersonalChat');
  const { programmeId } = programme;
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(turn.now.getTime() + EXPORT_LINK_MS).toISOString();
  await deps.outputs.createExportLink({
    id: `export:${token}`,
    type: 'export',
    programmeId,
    language: turn.language,
    createdBy: turn.person,
    createdAt: turn.now.toISOString(),
    expiresAt,
  });
  const base = `${deps.config.publicBaseUrl}/outputs/export/${encodeURIComponent(programmeId)}/${token}`;
  return exportCard(turn, { programme, reportUrl: `${base}/report.html`, csvUrl: `${base}/status.csv`, expiresAt });
}

const notFound = (text: string): HttpAnswer => ({ status: 404, contentType: 'text/plain; charset=utf-8', body: text });

/**
 * GET /outputs/export/:programmeId/:token/:file — the report or the CSV, made when opened from what is stored
 * then. An unknown or expired token, or one whose owner no longer oversees the programme, is simply not found.
 */
export function exportFile(deps: OutputsDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ programmeId = '', token = '', file = '' }) => {
    const kind = EXPORT_FILES[file as keyof typeof EXPORT_FILES];
    const link =
      kind && /^[A-Za-z0-9_-]{32}$/.test(token) ? await deps.outputs.getExportLink(programmeId, token) : undefined;
    const language = languageOf(link?.language);
    const t = translator(language);
    if (!link || link.expiresAt <= deps.clock().toISOString()) return notFound(t('outputs:errors.linkExpired'));
    const programme = await deps.programmes.get(programmeId);
    if (!programme || !canOverview(programme, link.createdBy.id)) return notFound(t('outputs:errors.linkExpired'));

    const view = {
      programme,
      // Video links in the report stop working with the export link (and with the exporter's role).
      rows: withLinks(deps, await programmeOutputs(deps, programme), link.createdBy.id, new Date(link.expiresAt)),
      exportedAt: deps.clock().toISOString(),
      exportedBy: link.createdBy.name,
    };
    const localized = { t, language };
    const day = programme.presentationDay;
    return kind === 'report'
      ? {
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: reportHtml(localized, view),
          headers: {
            'content-disposition': `attachment; filename="fokusgrupper-${day}.html"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        }
      : {
          status: 200,
          contentType: 'text/csv; charset=utf-8',
          body: statusCsv(localized, view),
          headers: {
            'content-disposition': `attachment; filename="fokusgrupper-status-${day}.csv"`,
            'cache-control': 'no-store',
          },
        };
  };
}

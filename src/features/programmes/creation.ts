import type { Attachment } from 'botbuilder';
import { z } from 'zod/v4';
import type { Turn } from '../../platform/teams/turn.js';
import { createProgramme, requireUniqueProgrammeName, type ProgrammeDraft } from './domain.js';
import { downloadText } from './download.js';
import { programmeDraftFromForm } from './forms.js';
import { importFormCard, manageCard, newProgrammeCard } from './cards.js';
import type { ProgrammesDeps } from './deps.js';
import { parseProgrammeImport } from './programme-import.js';
import { IMPORT_MAX_BYTES, type ProgrammeForm } from './schema.js';
import { newProgrammeIdSuffix } from './seed.js';

/** How Teams hands a bot a file sent in personal chat: a pre-authorised link, valid for a short while. */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const fileDownloadInfoSchema = z.object({ downloadUrl: z.string().min(1), fileType: z.string().optional() });

export function isJsonFile(attachment: Attachment): boolean {
  if (attachment.contentType !== FILE_DOWNLOAD_INFO) return false;
  const info = fileDownloadInfoSchema.safeParse(attachment.content);
  return (
    info.success &&
    (info.data.fileType?.toLowerCase() === 'json' || Boolean(attachment.name?.toLowerCase().endsWith('.json')))
  );
}

/** New programmes: the one-form way, the pasted JSON and the JSON file sent in chat all end in createProgramme. */
async function create(turn: Turn, { programmes }: ProgrammesDeps, draft: ProgrammeDraft, how: 'created' | 'imported') {
  const programme = createProgramme(draft, turn.person, turn.now, newProgrammeIdSuffix());
  requireUniqueProgrammeName(await programmes.list(), programme.name);
  const stored = await programmes.create(programme);
  // The creator holds no role until now, so the audit trail is asked for this entry.
  turn.audit.describe({
    programmeId: stored.programmeId,
    object: { kind: 'programme', id: stored.programmeId, label: stored.name },
  });
  return manageCard(turn, stored, turn.t(`programmes:confirmations.${how}`, { programme: stored.name }));
}

export const showNewProgrammeForm = async (turn: Turn) => newProgrammeCard(turn);
export const showImportForm = async (turn: Turn) => importFormCard(turn);

export const createFromForm = (turn: Turn, deps: ProgrammesDeps, form: ProgrammeForm) =>
  create(turn, deps, programmeDraftFromForm(form), 'created');

export const importPasted = (turn: Turn, deps: ProgrammesDeps, json: string) =>
  create(turn, deps, parseProgrammeImport(json), 'imported');

export async function importFile(turn: Turn, deps: ProgrammesDeps, attachment: Attachment) {
  const { downloadUrl } = fileDownloadInfoSchema.parse(attachment.content);
  const json = await downloadText(downloadUrl, { maxBytes: IMPORT_MAX_BYTES, timeoutMs: 10_000 });
  return importPasted(turn, deps, json);
}

import type { Attachment } from 'botbuilder';
import { z } from 'zod/v4';
import { Refusal } from '../../platform/refusal.js';
import type { Router } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { createProgramme, requireUniqueProgrammeName, type ProgrammeDraft } from './domain.js';
import { downloadText } from './download.js';
import { programmeDraftFromForm } from './forms.js';
import { importFormCard, manageCard, newProgrammeCard } from './cards.js';
import type { ProgrammesDeps } from './handlers.js';
import { parseProgrammeImport } from './programme-import.js';
import { IMPORT_MAX_BYTES, importFormSchema, programmeFormSchema } from './schema.js';
import { newProgrammeIdSuffix } from './seed.js';

/** How Teams hands a bot a file sent in personal chat: a pre-authorised link, valid for a short while. */
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
const fileDownloadInfoSchema = z.object({ downloadUrl: z.string().min(1), fileType: z.string().optional() });

function isJsonFile(attachment: Attachment): boolean {
  if (attachment.contentType !== FILE_DOWNLOAD_INFO) return false;
  const info = fileDownloadInfoSchema.safeParse(attachment.content);
  return (
    info.success &&
    (info.data.fileType?.toLowerCase() === 'json' || Boolean(attachment.name?.toLowerCase().endsWith('.json')))
  );
}

/** New programmes: the one-form way, the pasted JSON and the JSON file sent in chat all end in createProgramme. */
export function registerCreation(router: Router, { programmes, config }: ProgrammesDeps): void {
  /** Creating happens in personal chat (the form is long and not for a channel) by the people the region allows. */
  const requireCreator = (turn: Turn): void => {
    if (turn.conversation.kind !== 'personal') throw new Refusal('programmes:errors.personalChatOnly');
    const allowed = config.programmeCreatorIds;
    if (allowed.length > 0 && !allowed.includes(turn.person.id)) throw new Refusal('programmes:errors.notCreator');
  };

  const create = async (turn: Turn, draft: ProgrammeDraft, confirmation: 'created' | 'imported') => {
    const programme = createProgramme(draft, turn.person, turn.now, newProgrammeIdSuffix());
    requireUniqueProgrammeName(await programmes.list(), programme.name);
    const stored = await programmes.create(programme);
    return manageCard(turn, stored, turn.t(`programmes:confirmations.${confirmation}`, { programme: stored.name }));
  };

  const showForm = async (turn: Turn) => {
    requireCreator(turn);
    return newProgrammeCard(turn);
  };
  router.command('newProgramme', showForm);
  router.cardAction('programmes.createForm', z.object({}), showForm);

  router.cardAction('programmes.create', programmeFormSchema, async (turn, form) => {
    requireCreator(turn);
    return create(turn, programmeDraftFromForm(form), 'created');
  });

  router.cardAction('programmes.importForm', z.object({}), async (turn) => {
    requireCreator(turn);
    return importFormCard(turn);
  });

  router.cardAction('programmes.import', importFormSchema, async (turn, { json }) => {
    requireCreator(turn);
    return create(turn, parseProgrammeImport(json), 'imported');
  });

  router.fileMessage(isJsonFile, async (turn, attachment) => {
    requireCreator(turn);
    const { downloadUrl } = fileDownloadInfoSchema.parse(attachment.content);
    const json = await downloadText(downloadUrl, { maxBytes: IMPORT_MAX_BYTES, timeoutMs: 10_000 });
    return create(turn, parseProgrammeImport(json), 'imported');
  });
}

import type { z } from 'zod/v4';
import type { BlobFiles } from '../../platform/blob/files.js';
import type { Documents } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, PersonalItem, Placeholder } from '../../platform/personal-data.js';
import type { Person, Programme } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import {
  exportLinkSchema,
  outputSchema,
  runningOrderSchema,
  type ExportLink,
  type Output,
  type RunningOrder,
} from './schema.js';

/**
 * Personal data in outputs: who saved, submitted and reviewed each output (its history names them), who is about
 * to send its video, who last arranged the running order, and who asked for an export link. An output is the
 * group's shared record: erasing a person keeps it with the placeholder in their place; their export links go. A
 * programme past its retention time keeps its outputs without names, and its video files (which show people) and
 * export links are deleted.
 */
export function outputPersonalData(
  programmes: ProgrammeStore,
  outputs: Documents,
  files: BlobFiles | undefined,
): PersonalDataSource[] {
  const reads = outputReads(programmes, outputs);
  return [workSource(reads, files), exportLinksSource(reads)];
}

type OutputReads = ReturnType<typeof outputReads>;

function outputReads(programmes: ProgrammeStore, outputs: Documents) {
  const ofType = <T>(schema: z.ZodType<T>, type: string, programmeId: string) =>
    outputs.query(
      schema,
      {
        query: 'SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = @type',
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@type', value: type },
        ],
      },
      programmeId,
    );
  return {
    programmes,
    outputs,
    container: outputs.name,
    programmeIds: async () => (await programmes.list()).map((p) => p.programmeId),
    work: (programmeId: string) => ofType(outputSchema, 'output', programmeId),
    orders: (programmeId: string) => ofType(runningOrderSchema, 'runningOrder', programmeId),
    links: (programmeId: string) => ofType(exportLinkSchema, 'export', programmeId),
  };
}

function workSource(reads: OutputReads, files: BlobFiles | undefined): PersonalDataSource {
  const { programmes, container, programmeIds } = reads;
  return {
    name: 'outputs',
    containers: [container],
    async find(personId) {
      const found: PersonalItem[] = [];
      for (const programme of await programmes.list()) found.push(...(await findWork(reads, programme, personId)));
      return found;
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const programmeId of await programmeIds()) {
        touched += await rewriteAll(reads, programmeId, (id) => id === personId, placeholder);
      }
      return { [container]: touched };
    },
    async forgetProgramme(programmeId, placeholder) {
      const touched = await rewriteAll(reads, programmeId, (id) => id !== placeholder.id, placeholder);
      return { [container]: touched + (await deleteVideos(reads, programmeId, files)) };
    },
  };
}

async function findWork({ work, orders }: OutputReads, programme: Programme, personId: string) {
  const { programmeId } = programme;
  const found: PersonalItem[] = [];
  for (const output of (await work(programmeId)).filter((o) => outputNames(o, (id) => id === personId))) {
    const group = programme.groups.find((g) => g.id === output.groupId);
    const title = group?.outputs.find((o) => o.id === output.outputId)?.title;
    const details = {
      groupId: output.groupId,
      outputId: output.outputId,
      status: output.status,
      yourActions: output.history.filter((entry) => entry.by.id === personId),
    };
    found.push({ programmeId, what: title ?? output.outputId, at: output.updatedAt, details });
  }
  for (const order of (await orders(programmeId)).filter((o) => o.updatedBy.id === personId)) {
    found.push({ programmeId, what: 'runningOrder', at: order.updatedAt, details: { updatedBy: order.updatedBy } });
  }
  return found;
}

/** Rewrites every output and running order of a programme naming someone `matches` picks. */
async function rewriteAll(
  reads: OutputReads,
  programmeId: string,
  matches: (id: string) => boolean,
  placeholder: Placeholder,
) {
  const { outputs, work, orders } = reads;
  let touched = 0;
  for (const output of (await work(programmeId)).filter((o) => outputNames(o, matches))) {
    await outputs.update(outputSchema, output.id, programmeId, (current) =>
      outputWithout(current, matches, placeholder),
    );
    touched += 1;
  }
  for (const order of (await orders(programmeId)).filter((o) => matches(o.updatedBy.id))) {
    await outputs.update(runningOrderSchema, order.id, programmeId, (current): RunningOrder => ({
      ...current,
      updatedBy: { ...placeholder },
    }));
    touched += 1;
  }
  return touched;
}

/** Video files show people: at the end of retention they go, and the output no longer points at them. */
async function deleteVideos({ outputs, work }: OutputReads, programmeId: string, files: BlobFiles | undefined) {
  let touched = 0;
  for (const output of await work(programmeId)) {
    if (output.video?.source !== 'file') continue;
    await files?.delete(output.video.blobName);
    await outputs.update(outputSchema, output.id, programmeId, ({ video: _gone, ...rest }) => rest);
    touched += 1;
  }
  return touched;
}

function exportLinksSource({ container, outputs, programmeIds, links }: OutputReads): PersonalDataSource {
  const matching = async (ids: string[], which: (link: ExportLink) => boolean) => {
    const found = [];
    for (const programmeId of ids) found.push(...(await links(programmeId)).filter(which));
    return found;
  };
  const deleteAll = async (found: ExportLink[]) => {
    for (const link of found) await outputs.delete(link.id, link.programmeId);
    return { [container]: found.length };
  };
  const expired = (now: Date) => (link: ExportLink) => link.expiresAt <= now.toISOString();
  return {
    name: 'exportLinks',
    containers: [container],
    find: async (personId) =>
      (await matching(await programmeIds(), (link) => link.createdBy.id === personId)).map((link) => ({
        programmeId: link.programmeId,
        what: 'export',
        at: link.createdAt,
        details: { createdAt: link.createdAt, expiresAt: link.expiresAt },
      })),
    erase: async (personId) =>
      deleteAll(await matching(await programmeIds(), (link) => link.createdBy.id === personId)),
    forgetProgramme: async (programmeId) => deleteAll(await matching([programmeId], () => true)),
    countExpired: async (now) => (await matching(await programmeIds(), expired(now))).length,
    removeExpired: async (now) => deleteAll(await matching(await programmeIds(), expired(now))),
  };
}

/** Whether an output names anyone `matches` picks. */
function outputNames(output: Output, matches: (id: string) => boolean): boolean {
  const people = [output.submittedBy, output.reviewedBy, output.updatedBy, ...output.history.map((entry) => entry.by)];
  return (
    people.some((person) => person !== undefined && matches(person.id)) ||
    (output.awaitingFile !== undefined && matches(output.awaitingFile.personId))
  );
}

function outputWithout(output: Output, matches: (id: string) => boolean, placeholder: Placeholder): Output {
  const swap = (person: Person | undefined) => (person && matches(person.id) ? { ...placeholder } : person);
  const { awaitingFile, submittedBy, reviewedBy, updatedBy, ...rest } = output;
  const [submitted, reviewed, updated] = [swap(submittedBy), swap(reviewedBy), swap(updatedBy)];
  return {
    ...rest,
    ...(awaitingFile && !matches(awaitingFile.personId) ? { awaitingFile } : {}),
    ...(submitted ? { submittedBy: submitted } : {}),
    ...(reviewed ? { reviewedBy: reviewed } : {}),
    ...(updated ? { updatedBy: updated } : {}),
    history: output.history.map((entry) => ({ ...entry, by: swap(entry.by)! })),
  };
}

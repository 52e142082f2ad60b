import type { z } from 'zod/v4';
import type { BlobFiles } from '../../platform/blob/files.js';
import type { Documents } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, Placeholder } from '../../platform/personal-data.js';
import type { Person } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { exportLinkSchema, outputSchema, runningOrderSchema, type Output, type RunningOrder } from './schema.js';

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
  const container = outputs.name;
  const programmeIds = async (only?: string) => (only ? [only] : (await programmes.list()).map((p) => p.programmeId));
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

  const work: PersonalDataSource = {
    name: 'outputs',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programme of await programmes.list()) {
        const { programmeId } = programme;
        for (const output of await ofType(outputSchema, 'output', programmeId)) {
          if (!outputNames(output, personId)) continue;
          const title = programme.groups
            .find((g) => g.id === output.groupId)
            ?.outputs.find((o) => o.id === output.outputId)?.title;
          found.push({
            programmeId,
            what: title ?? output.outputId,
            at: output.updatedAt,
            details: {
              groupId: output.groupId,
              outputId: output.outputId,
              status: output.status,
              yourActions: output.history.filter((entry) => entry.by.id === personId),
              ...(output.submittedBy?.id === personId ? { submittedBy: output.submittedBy } : {}),
              ...(output.reviewedBy?.id === personId ? { reviewedBy: output.reviewedBy } : {}),
            },
          });
        }
        for (const order of await ofType(runningOrderSchema, 'runningOrder', programmeId)) {
          if (order.updatedBy.id === personId)
            found.push({
              programmeId,
              what: 'runningOrder',
              at: order.updatedAt,
              details: { updatedBy: order.updatedBy },
            });
        }
      }
      return found;
    },
    async erase(personId, placeholder) {
      const matches = (id: string) => id === personId;
      let touched = 0;
      for (const programmeId of await programmeIds()) {
        touched += await rewriteAll(programmeId, matches, placeholder);
      }
      return { [container]: touched };
    },
    async forgetProgramme(programmeId, placeholder) {
      const touched = await rewriteAll(programmeId, (id) => id !== placeholder.id, placeholder);
      let videos = 0;
      for (const output of await ofType(outputSchema, 'output', programmeId)) {
        if (output.video?.source !== 'file') continue;
        await files?.delete(output.video.blobName);
        await outputs.update(outputSchema, output.id, programmeId, ({ video: _gone, ...rest }) => rest);
        videos += 1;
      }
      return { [container]: touched + videos };
    },
  };

  /** Rewrites every output and running order of a programme naming someone `matches` picks. */
  async function rewriteAll(programmeId: string, matches: (id: string) => boolean, placeholder: Placeholder) {
    let touched = 0;
    for (const output of await ofType(outputSchema, 'output', programmeId)) {
      if (!outputNames(output, undefined, matches)) continue;
      await outputs.update(outputSchema, output.id, programmeId, (current) =>
        outputWithout(current, matches, placeholder),
      );
      touched += 1;
    }
    for (const order of await ofType(runningOrderSchema, 'runningOrder', programmeId)) {
      if (!matches(order.updatedBy.id)) continue;
      await outputs.update(runningOrderSchema, order.id, programmeId, (current): RunningOrder => ({
        ...current,
        updatedBy: { ...placeholder },
      }));
      touched += 1;
    }
    return touched;
  }

  const exportLinks: PersonalDataSource = {
    name: 'exportLinks',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programmeId of await programmeIds()) {
        for (const link of await ofType(exportLinkSchema, 'export', programmeId)) {
          if (link.createdBy.id === personId)
            found.push({
              programmeId,
              what: 'export',
              at: link.createdAt,
              details: { createdAt: link.createdAt, expiresAt: link.expiresAt },
            });
        }
      }
      return found;
    },
    async erase(personId) {
      return { [container]: await deleteLinks(await programmeIds(), (link) => link.createdBy.id === personId) };
    },
    async forgetProgramme(programmeId) {
      return { [container]: await deleteLinks([programmeId], () => true) };
    },
    async countExpired(now) {
      const at = now.toISOString();
      let count = 0;
      for (const programmeId of await programmeIds()) {
        count += (await ofType(exportLinkSchema, 'export', programmeId)).filter((l) => l.expiresAt <= at).length;
      }
      return count;
    },
    async removeExpired(now) {
      const at = now.toISOString();
      return { [container]: await deleteLinks(await programmeIds(), (link) => link.expiresAt <= at) };
    },
  };

  async function deleteLinks(ids: string[], which: (link: { createdBy: Person; expiresAt: string }) => boolean) {
    let deleted = 0;
    for (const programmeId of ids) {
      for (const link of await ofType(exportLinkSchema, 'export', programmeId)) {
        if (!which(link)) continue;
        await outputs.delete(link.id, programmeId);
        deleted += 1;
      }
    }
    return deleted;
  }

  return [work, exportLinks];
}

/** Whether an output names the person (`personId`), or anyone `matches` picks. */
function outputNames(
  output: Output,
  personId?: string,
  matches: (id: string) => boolean = (id) => id === personId,
): boolean {
  return (
    [output.submittedBy, output.reviewedBy, output.updatedBy, ...output.history.map((entry) => entry.by)].some(
      (person) => person !== undefined && matches(person.id),
    ) ||
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

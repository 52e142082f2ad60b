import type { Documents } from '../../platform/cosmos/documents.js';
import { municipalities } from '../../platform/municipalities.js';
import type { PersonalDataSource, PersonalItem, Placeholder } from '../../platform/personal-data.js';
import type { Programme } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { groupName } from './domain.js';
import { membershipId, membershipSchema } from './schema.js';

/**
 * Personal data in memberships: one document per person and programme (name, municipality, groups, preferred
 * channel, role or library, Teams address), and the coordinator named on sign-ups they made for someone else.
 * A membership is the person's alone: erasing deletes it, and a programme past its retention time loses them all.
 */
export function membershipPersonalData(programmes: ProgrammeStore, documents: Documents): PersonalDataSource {
  const reads = membershipReads(documents);
  return {
    name: 'memberships',
    containers: [documents.name],
    async find(personId) {
      const found: PersonalItem[] = [];
      for (const programme of await programmes.list()) found.push(...(await findIn(reads, programme, personId)));
      return found;
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const { programmeId } of await programmes.list()) {
        touched += await eraseIn(reads, programmeId, personId, placeholder);
      }
      return { [documents.name]: touched };
    },
    async forgetProgramme(programmeId) {
      const all = await reads.where(programmeId);
      for (const membership of all) await documents.delete(membership.id, programmeId);
      return { [documents.name]: all.length };
    },
  };
}

type MembershipReads = ReturnType<typeof membershipReads>;

function membershipReads(documents: Documents) {
  /** A programme's memberships, or those a coordinator made for others (`addedBy`). */
  const where = (programmeId: string, addedBy?: string) =>
    documents.query(
      membershipSchema,
      {
        query: `SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'membership'${addedBy ? ' AND c.addedBy.id = @personId' : ''}`,
        parameters: [
          { name: '@programmeId', value: programmeId },
          ...(addedBy ? [{ name: '@personId', value: addedBy }] : []),
        ],
      },
      programmeId,
    );
  const own = (programmeId: string, personId: string) =>
    documents.read(membershipSchema, membershipId(personId), programmeId);
  return { documents, where, own };
}

async function findIn({ own, where }: MembershipReads, programme: Programme, personId: string) {
  const { programmeId } = programme;
  const found: PersonalItem[] = [];
  const membership = await own(programmeId, personId);
  if (membership) {
    const { _etag: _ignored, ...details } = membership;
    const groups = membership.groupIds.map((id) => groupName(programme, id)).join(', ');
    const where = municipalities.nameOf(membership.municipalityCode);
    found.push({ programmeId, what: groups ? `${where}: ${groups}` : where, at: membership.signedUpAt, details });
  }
  for (const added of await where(programmeId, personId)) {
    const details = { addedBy: added.addedBy, at: added.signedUpAt };
    found.push({ programmeId, what: 'addedSomeone', at: added.signedUpAt, details });
  }
  return found;
}

async function eraseIn(reads: MembershipReads, programmeId: string, personId: string, placeholder: Placeholder) {
  const { documents, own, where } = reads;
  let touched = 0;
  if (await own(programmeId, personId)) {
    await documents.delete(membershipId(personId), programmeId);
    touched += 1;
  }
  for (const added of await where(programmeId, personId)) {
    await documents.update(membershipSchema, added.id, programmeId, (current) =>
      current.addedBy?.id === personId ? { ...current, addedBy: { ...placeholder } } : undefined,
    );
    touched += 1;
  }
  return touched;
}

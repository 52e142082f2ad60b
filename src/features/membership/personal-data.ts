import type { Documents } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource } from '../../platform/personal-data.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { municipalities } from '../../platform/municipalities.js';
import { groupName } from './domain.js';
import { membershipId, membershipSchema } from './schema.js';

/**
 * Personal data in memberships: one document per person and programme (name, municipality, groups, preferred
 * channel, role or library, Teams address), and the coordinator named on sign-ups they made for someone else.
 * A membership is the person's alone: erasing deletes it, and a programme past its retention time loses them all.
 */
export function membershipPersonalData(programmes: ProgrammeStore, documents: Documents): PersonalDataSource {
  const container = documents.name;
  const programmeIds = async () => (await programmes.list()).map((p) => p.programmeId);
  const own = (programmeId: string, personId: string) =>
    documents.read(membershipSchema, membershipId(personId), programmeId);
  const addedBy = (programmeId: string, personId: string) =>
    documents.query(
      membershipSchema,
      {
        query:
          "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'membership' AND c.addedBy.id = @personId",
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@personId', value: personId },
        ],
      },
      programmeId,
    );

  return {
    name: 'memberships',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programme of await programmes.list()) {
        const { programmeId } = programme;
        const membership = await own(programmeId, personId);
        if (membership) {
          const { _etag: _ignored, ...details } = membership;
          const groups = membership.groupIds.map((id) => groupName(programme, id)).join(', ');
          const where = municipalities.nameOf(membership.municipalityCode);
          found.push({ programmeId, what: groups ? `${where}: ${groups}` : where, at: membership.signedUpAt, details });
        }
        for (const added of await addedBy(programmeId, personId)) {
          found.push({
            programmeId,
            what: 'addedSomeone',
            at: added.signedUpAt,
            details: { addedBy: added.addedBy, at: added.signedUpAt },
          });
        }
      }
      return found;
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const programmeId of await programmeIds()) {
        if (await own(programmeId, personId)) {
          await documents.delete(membershipId(personId), programmeId);
          touched += 1;
        }
        for (const added of await addedBy(programmeId, personId)) {
          await documents.update(membershipSchema, added.id, programmeId, (current) =>
            current.addedBy?.id === personId ? { ...current, addedBy: { ...placeholder } } : undefined,
          );
          touched += 1;
        }
      }
      return { [container]: touched };
    },
    async forgetProgramme(programmeId) {
      const all = await documents.query(
        membershipSchema,
        {
          query: "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'membership'",
          parameters: [{ name: '@programmeId', value: programmeId }],
        },
        programmeId,
      );
      for (const membership of all) await documents.delete(membership.id, programmeId);
      return { [container]: all.length };
    },
  };
}

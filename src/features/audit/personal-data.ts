import type { PersonalDataSource, Touched } from '../../platform/personal-data.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { withoutPeople, withoutPerson } from './domain.js';
import { REGION_LOG } from './schema.js';
import type { AuditStore } from './store.js';

/**
 * The audit trail names people: who acted, and whom a change was about. A person sees those entries among their
 * data; erasing them puts the placeholder in their place (what was done, and when, stays); a programme past its
 * retention time keeps its entries without anyone's name.
 */
export function auditPersonalData(
  audit: AuditStore,
  programmes: ProgrammeStore,
  container: string,
): PersonalDataSource {
  const partitions = async () => [...(await programmes.list()).map((p) => p.programmeId), REGION_LOG];
  const count = (n: number): Touched => ({ [container]: n });

  return {
    name: 'auditEntries',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programmeId of await partitions()) {
        for (const entry of await audit.aboutPerson(programmeId, personId)) {
          const { _etag: _ignored, ...details } = entry;
          found.push({
            ...(programmeId === REGION_LOG ? {} : { programmeId }),
            what: entry.action,
            at: entry.at,
            details,
          });
        }
      }
      return found;
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const programmeId of await partitions()) {
        for (const entry of await audit.aboutPerson(programmeId, personId)) {
          if (await audit.rewrite(entry, (current) => withoutPerson(current, personId, placeholder))) touched += 1;
        }
      }
      return count(touched);
    },
    async forgetProgramme(programmeId, placeholder) {
      let touched = 0;
      for (const entry of await audit.listInProgramme(programmeId)) {
        if (await audit.rewrite(entry, (current) => withoutPeople(current, placeholder))) touched += 1;
      }
      return count(touched);
    },
  };
}

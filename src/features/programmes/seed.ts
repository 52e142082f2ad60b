import { randomBytes } from 'node:crypto';
import type { Person } from './schema.js';
import { createProgramme, exampleProgrammeDraft } from './domain.js';
import type { ProgrammeStore } from './store.js';

/** "id" or "id:Name" from SEED_COORDINATOR_IDS. */
export function parseSeedPeople(entries: string[]): Person[] {
  return entries.map((entry) => {
    const [id, ...name] = entry.split(':');
    return { id: id!.trim(), name: name.join(':').trim() };
  });
}

export function newProgrammeIdSuffix(): string {
  return randomBytes(3).toString('hex');
}

/**
 * Puts the example programme into an empty store so that a first run has something to sign up for.
 * Does nothing when any programme exists, so restarts never duplicate it.
 */
export async function seedExampleProgramme(store: ProgrammeStore, coordinators: Person[], now: Date): Promise<boolean> {
  if (coordinators.length === 0 || (await store.list()).length > 0) return false;
  const [first, ...others] = coordinators;
  const programme = createProgramme(exampleProgrammeDraft(now), first!, now, newProgrammeIdSuffix());
  await store.create({ ...programme, coordinators: [first!, ...others] });
  return true;
}

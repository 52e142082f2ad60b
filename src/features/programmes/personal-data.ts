import { containerDefinitions } from '../../platform/cosmos/containers.js';
import type { Documents } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, Placeholder, Touched } from '../../platform/personal-data.js';
import { conversationLinkSchema, type ConversationLink, type Programme } from './schema.js';
import type { ProgrammeStore } from './store.js';

/**
 * Personal data in programmes: the roles (coordinators and regional staff, by name and Entra id) stored on each
 * programme, and who linked a group's conversation (the link keeps the linker's name, and its conversation
 * reference their Teams address). Erasing a person takes their roles away and their name off the links; a
 * programme past its retention time keeps its groups and dates, without roles or links.
 */
export function programmePersonalData(
  programmes: ProgrammeStore,
  conversations: Documents,
  clock: () => Date,
): PersonalDataSource[] {
  return [rolesSource(programmes, clock), linksSource(conversations)];
}

function withoutRoles(programme: Programme, keep: (id: string) => boolean, now: Date): Programme | undefined {
  const coordinators = programme.coordinators.filter((p) => keep(p.id));
  const regionalStaff = programme.regionalStaff.filter((p) => keep(p.id));
  if (coordinators.length === programme.coordinators.length && regionalStaff.length === programme.regionalStaff.length)
    return undefined;
  return { ...programme, coordinators, regionalStaff, updatedAt: now.toISOString() };
}

function rolesSource(programmes: ProgrammeStore, clock: () => Date): PersonalDataSource {
  const container = containerDefinitions.programmes.id;
  const changeAll = async (change: (p: Programme) => Programme | undefined, only?: string): Promise<Touched> => {
    let touched = 0;
    for (const programme of await programmes.list()) {
      if (only && programme.programmeId !== only) continue;
      if (!change(programme)) continue;
      await programmes.update(programme.programmeId, change);
      touched += 1;
    }
    return { [container]: touched };
  };
  return {
    name: 'roles',
    containers: [container],
    async find(personId) {
      return (await programmes.list()).flatMap((programme) =>
        (['coordinator', 'regionalStaff'] as const).flatMap((role) =>
          (role === 'coordinator' ? programme.coordinators : programme.regionalStaff)
            .filter((p) => p.id === personId)
            .map((person) => ({
              programmeId: programme.programmeId,
              what: role,
              details: { programme: programme.name, role, person },
            })),
        ),
      );
    },
    erase: (personId) => changeAll((p) => withoutRoles(p, (id) => id !== personId, clock())),
    forgetProgramme: (programmeId) => changeAll((p) => withoutRoles(p, () => false, clock()), programmeId),
  };
}

/** A link with the person's name replaced and the Teams address in its reference dropped (posting needs neither). */
function withoutLinker(link: ConversationLink, placeholder: Placeholder): ConversationLink {
  const { user: _linker, ...reference } = link.reference as Record<string, unknown> & { user?: unknown };
  return { ...link, linkedBy: { ...placeholder }, reference };
}

function linksSource(conversations: Documents): PersonalDataSource {
  const container = conversations.name;
  // Crosses partitions (the container is keyed by conversation id), over one document per linked conversation:
  // only erasures and retention ask.
  const linkedBy = (personId: string) =>
    conversations.query(conversationLinkSchema, {
      query: 'SELECT * FROM c WHERE c.linkedBy.id = @personId OR c.reference.user.aadObjectId = @personId',
      parameters: [{ name: '@personId', value: personId }],
    });
  return {
    name: 'conversationLinks',
    containers: [container],
    async find(personId) {
      return (await linkedBy(personId)).map((link) => ({
        programmeId: link.programmeId,
        what: link.groupId,
        at: link.linkedAt,
        details: { programmeId: link.programmeId, groupId: link.groupId, linkedBy: link.linkedBy, at: link.linkedAt },
      }));
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const link of await linkedBy(personId)) {
        await conversations.update(conversationLinkSchema, link.id, link.id, (current) =>
          withoutLinker(current, placeholder),
        );
        touched += 1;
      }
      return { [container]: touched };
    },
    /** The programme is over: its conversations no longer belong to a group, and the links go. */
    async forgetProgramme(programmeId) {
      const links = await conversations.query(conversationLinkSchema, {
        query: 'SELECT * FROM c WHERE c.programmeId = @programmeId',
        parameters: [{ name: '@programmeId', value: programmeId }],
      });
      for (const link of links) await conversations.delete(link.id, link.id);
      return { [container]: links.length };
    },
  };
}

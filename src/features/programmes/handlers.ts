import type { Config } from '../../platform/config.js';
import { Refusal } from '../../platform/refusal.js';
import type { Router } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import {
  addGroup,
  addPersonWithRole,
  removePersonWithRole,
  requireCoordinator,
  requireGroup,
  requireUniqueProgrammeName,
  updateGroup,
  updateProgrammeDetails,
} from './domain.js';
import { groupDraftsFromForm, programmeDraftFromForm } from './forms.js';
import { editProgrammeCard, groupFormCard, manageCard, programmesCard, roleFormCard } from './cards.js';
import {
  groupFormSchema,
  optionalGroupRefSchema,
  programmeRefSchema,
  programmeUpdateSchema,
  roleFormSchema,
  roleRefSchema,
  type Programme,
} from './schema.js';
import type { ProgrammeStore } from './store.js';
import { registerCreation } from './creation.js';
import { registerLinking } from './linking.js';

export type ProgrammesDeps = { programmes: ProgrammeStore; config: Config };

/** Programmes are the bottom layer: creating, editing and linking them; every change goes through the pure rules in domain.ts. */
export function registerProgrammes(router: Router, deps: ProgrammesDeps): void {
  const { programmes } = deps;

  router.command('programmes', async (turn) => programmesCard(turn, await programmes.list(), turn.person.id, turn.now));

  /** The programme, once the person is known to coordinate it: nothing else is read before that. */
  const forCoordinator = async (turn: Turn, programmeId: string): Promise<Programme> => {
    const programme = await programmes.require(programmeId);
    requireCoordinator(programme, turn.person.id);
    return programme;
  };

  /**
   * Applies a coordinator's change under the ETag and answers with the refreshed management card, the confirmation
   * on top. Handlers call forCoordinator before reading the form; the right is checked again on the fresh document.
   */
  const changeAndShow = async (
    turn: Turn,
    programmeId: string,
    change: (current: Programme) => Programme,
    notice: (updated: Programme) => string,
  ) => {
    const updated = await programmes.update(programmeId, (current) => {
      requireCoordinator(current, turn.person.id);
      return change(current);
    });
    return manageCard(turn, updated, notice(updated));
  };

  router.cardAction('programmes.manage', programmeRefSchema, async (turn, { programmeId }) =>
    manageCard(turn, await forCoordinator(turn, programmeId)),
  );

  router.cardAction('programmes.editForm', programmeRefSchema, async (turn, { programmeId }) =>
    editProgrammeCard(turn, await forCoordinator(turn, programmeId)),
  );

  router.cardAction('programmes.update', programmeUpdateSchema, async (turn, form) => {
    await forCoordinator(turn, form.programmeId);
    const draft = programmeDraftFromForm(form);
    const all = await programmes.list();
    return changeAndShow(
      turn,
      form.programmeId,
      (current) => {
        requireUniqueProgrammeName(all, draft.name, current.programmeId);
        return updateProgrammeDetails(current, draft, turn.now);
      },
      (updated) => turn.t('programmes:confirmations.updated', { programme: updated.name }),
    );
  });

  router.cardAction('programmes.groupForm', optionalGroupRefSchema, async (turn, { programmeId, groupId }) => {
    const programme = await forCoordinator(turn, programmeId);
    return groupFormCard(turn, programme, groupId ? requireGroup(programme, groupId) : undefined);
  });

  router.cardAction('programmes.saveGroup', groupFormSchema, async (turn, form) => {
    await forCoordinator(turn, form.programmeId);
    const draft = groupDraftsFromForm(form)[0] ?? { name: '' };
    return changeAndShow(
      turn,
      form.programmeId,
      (current) =>
        form.groupId ? updateGroup(current, form.groupId, draft, turn.now) : addGroup(current, draft, turn.now),
      () =>
        turn.t(form.groupId ? 'programmes:confirmations.groupUpdated' : 'programmes:confirmations.groupAdded', {
          group: draft.name.trim(),
        }),
    );
  });

  router.cardAction('programmes.roleForm', programmeRefSchema, async (turn, { programmeId }) =>
    roleFormCard(turn, await forCoordinator(turn, programmeId)),
  );

  router.cardAction('programmes.addRole', roleFormSchema, async (turn, { programmeId, personId, personName, role }) => {
    await forCoordinator(turn, programmeId);
    if (!personName) throw new Refusal('programmes:errors.personNameRequired');
    const person = { id: personId, name: personName };
    return changeAndShow(
      turn,
      programmeId,
      (current) => addPersonWithRole(current, person, role, turn.now),
      () => turn.t(`programmes:confirmations.roleAdded_${role}`, { person: person.name }),
    );
  });

  router.cardAction('programmes.removeRole', roleRefSchema, async (turn, { programmeId, personId, role }) => {
    const programme = await forCoordinator(turn, programmeId);
    const removed = [...programme.coordinators, ...programme.regionalStaff].find((p) => p.id === personId);
    const notice = turn.t(`programmes:confirmations.roleRemoved_${role}`, { person: removed?.name ?? personId });
    const reply = await changeAndShow(
      turn,
      programmeId,
      (current) => removePersonWithRole(current, personId, role, turn.now),
      () => notice,
    );
    // Someone who just stepped down as coordinator can no longer use the management card.
    return role === 'coordinator' && personId === turn.person.id ? { text: notice } : reply;
  });

  registerCreation(router, deps);
  registerLinking(router, deps);
}

import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { ProgrammeAccess } from './access.js';
import { pickedPersonName } from './people.js';
import { editProgrammeCard, groupFormCard, manageCard, programmesCard, roleFormCard } from './cards.js';
import type { ProgrammesDeps } from './deps.js';
import {
  addGroup,
  addPersonWithRole,
  removePersonWithRole,
  renewLinks,
  requireCoordinator,
  requireGroup,
  requireUniqueProgrammeName,
  updateGroup,
  updateProgrammeDetails,
} from './domain.js';
import { groupDraftsFromForm, programmeDraftFromForm } from './forms.js';
import type { GroupForm, Programme, ProgrammeRole } from './schema.js';

/** "program": every programme with its groups and dates, and for its coordinators a way to manage it. */
export async function listProgrammes(turn: Turn, { programmes }: ProgrammesDeps): Promise<CardReply> {
  return programmesCard(turn, await programmes.list(), turn.person.id, turn.now);
}

export const showManagement = async (turn: Turn, { programme }: ProgrammeAccess) => manageCard(turn, programme);
export const showEditForm = async (turn: Turn, { programme }: ProgrammeAccess) => editProgrammeCard(turn, programme);
export const showRoleForm = async (turn: Turn, { programme }: ProgrammeAccess) => roleFormCard(turn, programme);

export async function showGroupForm(turn: Turn, { programme }: ProgrammeAccess, groupId: string | undefined) {
  return groupFormCard(turn, programme, groupId ? requireGroup(programme, groupId) : undefined);
}

/**
 * Applies a coordinator's change under the ETag and answers with the refreshed management card, the confirmation
 * on top. The guard let the coordinator in; the right is checked again on the fresh document, so a role removed
 * in between is not honoured.
 */
async function changeAndShow(
  turn: Turn,
  { programmes }: ProgrammesDeps,
  access: ProgrammeAccess,
  change: (current: Programme) => Programme,
  notice: (updated: Programme) => string,
): Promise<CardReply> {
  const updated = await programmes.update(access.programme.programmeId, (current) => {
    requireCoordinator(current, access.person.id);
    return change(current);
  });
  return manageCard(turn, updated, notice(updated));
}

export async function updateDetails(
  turn: Turn,
  deps: ProgrammesDeps,
  access: ProgrammeAccess,
  form: Parameters<typeof programmeDraftFromForm>[0],
): Promise<CardReply> {
  const draft = programmeDraftFromForm(form);
  const all = await deps.programmes.list();
  return changeAndShow(
    turn,
    deps,
    access,
    (current) => {
      requireUniqueProgrammeName(all, draft.name, current.programmeId);
      return updateProgrammeDetails(current, draft, turn.now);
    },
    (updated) => turn.t('programmes:confirmations.updated', { programme: updated.name }),
  );
}

export async function saveGroup(turn: Turn, deps: ProgrammesDeps, access: ProgrammeAccess, form: GroupForm) {
  const draft = groupDraftsFromForm(form)[0] ?? { name: '' };
  return changeAndShow(
    turn,
    deps,
    access,
    (current) =>
      form.groupId ? updateGroup(current, form.groupId, draft, turn.now) : addGroup(current, draft, turn.now),
    () =>
      turn.t(form.groupId ? 'programmes:confirmations.groupUpdated' : 'programmes:confirmations.groupAdded', {
        group: draft.name.trim(),
      }),
  );
}

/**
 * Gives someone picked in the people picker a role. Their name is the one Teams has (see people.ts); a name typed
 * on the form is only asked for, and taken, when Teams does not know the person.
 */
export async function addRole(
  turn: Turn,
  deps: ProgrammesDeps,
  access: ProgrammeAccess,
  { personId, personName, role }: { personId: string; personName: string; role: ProgrammeRole },
): Promise<CardReply> {
  if (!personId) throw new Refusal('programmes:errors.personRequired');
  const { programme } = access;
  const known = [...programme.coordinators, ...programme.regionalStaff];
  const name = personName || (await pickedPersonName(turn, deps, programme, personId, known));
  if (!name) return roleFormCard(turn, programme, { personId, role });
  const person = { id: personId, name };
  turn.audit.describe({ after: role });
  return changeAndShow(
    turn,
    deps,
    access,
    (current) => addPersonWithRole(current, person, role, turn.now),
    () => turn.t(`programmes:confirmations.roleAdded_${role}`, { person: person.name }),
  );
}

export async function removeRole(
  turn: Turn,
  deps: ProgrammesDeps,
  access: ProgrammeAccess,
  { personId, role }: { personId: string; role: ProgrammeRole },
): Promise<CardReply> {
  const { programme } = access;
  const removed = [...programme.coordinators, ...programme.regionalStaff].find((p) => p.id === personId);
  const notice = turn.t(`programmes:confirmations.roleRemoved_${role}`, { person: removed?.name ?? personId });
  turn.audit.describe({ before: role });
  const reply = await changeAndShow(
    turn,
    deps,
    access,
    (current) => removePersonWithRole(current, personId, role, turn.now),
    () => notice,
  );
  // Someone who just stepped down as coordinator can no longer use the management card.
  return role === 'coordinator' && personId === turn.person.id ? { text: notice } : reply;
}

/** Makes every earlier calendar and video link of the group stop working (e.g. a link was forwarded by mistake). */
export async function renewGroupLinks(turn: Turn, deps: ProgrammesDeps, access: ProgrammeAccess, groupId: string) {
  const group = requireGroup(access.programme, groupId);
  return changeAndShow(
    turn,
    deps,
    access,
    (current) => renewLinks(current, [groupId], turn.now),
    () => turn.t('programmes:confirmations.linksRenewed', { group: group.name }),
  );
}

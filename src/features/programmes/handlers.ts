import { z } from 'zod/v4';
import { anyone } from '../../platform/teams/router.js';
import type { Listeners } from '../../platform/teams/listeners.js';
import {
  createFromForm,
  importFile,
  importPasted,
  isJsonFile,
  showImportForm,
  showNewProgrammeForm,
} from './creation.js';
import type { ProgrammesDeps } from './deps.js';
import {
  addRole,
  listProgrammes,
  removeRole,
  renewGroupLinks,
  saveGroup,
  showEditForm,
  showGroupForm,
  showManagement,
  showRoleForm,
  updateDetails,
} from './management.js';
import {
  groupFormSchema,
  groupRefSchema,
  importFormSchema,
  optionalGroupRefSchema,
  programmeFormSchema,
  programmeRefSchema,
  programmeUpdateSchema,
  roleFormSchema,
  roleRefSchema,
} from './schema.js';

/**
 * Programmes, the bottom floor: listing them, creating them (form, pasted JSON, JSON file), and their coordinators
 * editing details, groups and roles. Linking a group to a conversation belongs to membership (groups and people).
 */
export function registerProgrammes({ router }: Listeners, deps: ProgrammesDeps): void {
  const coordinator = deps.gate.programme('coordinator');
  const creator = deps.gate.creator;
  const none = z.object({});

  router.command('programmes', anyone, 'reads', (turn) => listProgrammes(turn, deps));

  router.command('newProgramme', creator, 'reads', showNewProgrammeForm);
  router.cardAction('programmes.createForm', none, creator, 'reads', showNewProgrammeForm);
  router.cardAction('programmes.create', programmeFormSchema, creator, 'changes', (turn, _, form) =>
    createFromForm(turn, deps, form),
  );
  router.cardAction('programmes.importForm', none, creator, 'reads', showImportForm);
  router.cardAction('programmes.import', importFormSchema, creator, 'changes', (turn, _, { json }) =>
    importPasted(turn, deps, json),
  );
  router.fileMessage('programmes.importFile', isJsonFile, creator, 'changes', (turn, _, file) =>
    importFile(turn, deps, file),
  );

  router.cardAction('programmes.manage', programmeRefSchema, coordinator, 'reads', showManagement);
  router.cardAction('programmes.editForm', programmeRefSchema, coordinator, 'reads', showEditForm);
  router.cardAction('programmes.update', programmeUpdateSchema, coordinator, 'changes', (turn, access, form) =>
    updateDetails(turn, deps, access, form),
  );
  router.cardAction('programmes.groupForm', optionalGroupRefSchema, coordinator, 'reads', (turn, access, ref) =>
    showGroupForm(turn, access, ref.groupId),
  );
  router.cardAction('programmes.saveGroup', groupFormSchema, coordinator, 'changes', (turn, access, form) =>
    saveGroup(turn, deps, access, form),
  );
  router.cardAction('programmes.renewLinks', groupRefSchema, coordinator, 'changes', (turn, access, ref) =>
    renewGroupLinks(turn, deps, access, ref.groupId),
  );
  router.cardAction('programmes.roleForm', programmeRefSchema, coordinator, 'reads', showRoleForm);
  router.cardAction('programmes.addRole', roleFormSchema, coordinator, 'changes', (turn, access, form) =>
    addRole(turn, deps, access, form),
  );
  router.cardAction('programmes.removeRole', roleRefSchema, coordinator, 'changes', (turn, access, ref) =>
    removeRole(turn, deps, access, ref),
  );
}

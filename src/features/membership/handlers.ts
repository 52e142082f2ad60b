import { anyone } from '../../platform/teams/router.js';
import type { Listeners } from '../../platform/teams/listeners.js';
import { groupRefSchema, linkChoiceSchema, optionalGroupRefSchema, programmeRefSchema } from '../programmes/schema.js';
import type { MembershipDeps } from './deps.js';
import { link, linkForm, unlink } from './linking.js';
import { showCoverage, showMembers } from './members.js';
import { addMemberInputSchema, signUpInputSchema } from './schema.js';
import {
  addSomeone,
  addSomeoneForm,
  changeForm,
  leave,
  myGroups,
  saveChange,
  saveSignUp,
  signUpForm,
  startSignUp,
  undoLeaving,
} from './sign-up.js';

/**
 * Membership: people signing up for groups by municipality, their groups, members lists and coverage, and the
 * conversations groups talk in. Anyone may sign up for an open programme; what a group shows is for its members
 * and the programme's staff; linking is for coordinators.
 */
export function registerMembership({ router }: Listeners, deps: MembershipDeps): void {
  const { gate } = deps;
  const coordinator = gate.programmes.programme('coordinator');
  const staff = gate.programmes.anyProgramme('staff', {
    verb: 'membership.coverage',
    title: 'membership:choose.programmeForCoverage',
    none: 'membership:errors.coverageNotAllowed',
  });
  const reader = gate.turnGroup(
    'reader',
    { verb: 'membership.members', title: 'membership:choose.groupForMembers', none: 'membership:errors.noGroupsYet' },
    { byName: true },
  );

  router.command('signUp', gate.anyoneHere, 'reads', (turn, { here }) => startSignUp(turn, deps, here));
  router.cardAction('membership.signUpForm', optionalGroupRefSchema, anyone, 'reads', (turn, _, ref) =>
    signUpForm(turn, deps, ref.programmeId, ref.groupId),
  );
  router.cardAction('membership.signUp', signUpInputSchema, anyone, 'changes', (turn, _, input) =>
    saveSignUp(turn, deps, input),
  );
  router.cardAction('membership.changeForm', programmeRefSchema, anyone, 'reads', (turn, _, ref) =>
    changeForm(turn, deps, ref.programmeId),
  );
  router.cardAction('membership.change', signUpInputSchema, anyone, 'changes', (turn, _, input) =>
    saveChange(turn, deps, input),
  );
  router.cardAction('membership.withdraw', optionalGroupRefSchema, anyone, 'changes', (turn, _, ref) =>
    leave(turn, deps, ref.programmeId, ref.groupId),
  );
  router.cardAction('membership.undoWithdraw', programmeRefSchema, anyone, 'changes', (turn, _, ref) =>
    undoLeaving(turn, deps, ref.programmeId),
  );
  router.command('myGroups', anyone, 'reads', (turn) => myGroups(turn, deps));
  router.cardAction('membership.myGroups', programmeRefSchema.partial(), anyone, 'reads', (turn) =>
    myGroups(turn, deps),
  );

  router.cardAction('membership.addForm', programmeRefSchema, coordinator, 'reads', addSomeoneForm);
  router.cardAction('membership.add', addMemberInputSchema, coordinator, 'changes', (turn, access, input) =>
    addSomeone(turn, deps, access, input),
  );

  router.command('members', reader, 'reads', (turn, group) => showMembers(turn, deps, group));
  router.cardAction('membership.members', groupRefSchema, gate.group('reader'), 'reads', (turn, group) =>
    showMembers(turn, deps, group),
  );
  router.command('coverage', staff, 'reads', (turn, programme) => showCoverage(turn, deps, programme));
  router.cardAction('membership.coverage', programmeRefSchema, gate.programmes.programme('staff'), 'reads', (t, p) =>
    showCoverage(t, deps, p),
  );

  router.command('linkGroup', anyone, 'reads', (turn) => linkForm(turn, deps));
  router.cardAction('programmes.link', linkChoiceSchema, gate.group('coordinator'), 'changes', (turn, group) =>
    link(turn, deps, group),
  );
  router.cardAction('programmes.unlink', groupRefSchema, gate.group('coordinator'), 'changes', (turn, group) =>
    unlink(turn, deps, group),
  );
}

import { randomUUID } from 'node:crypto';
import { translator } from '../../platform/i18n.js';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { REGION_LOG } from '../audit/schema.js';
import type { ProgrammeAccess } from '../programmes/access.js';
import type { Person } from '../programmes/schema.js';
import { eraseConfirmCard, erasedCard } from './cards.js';
import type { PrivacyDeps } from './deps.js';
import { erasureReference, placeholderNamed, soleCoordinatorOf, touchedSummary } from './domain.js';
import { requirePersonalChat } from './my-data.js';

/** Shared records are the group's, and a group speaks Swedish: the placeholder is written in Swedish. */
export const erasedPerson = placeholderNamed(translator('sv')('privacy:erasedPerson'));

/** Refuses while the person is the only coordinator of a programme: someone must run it after them. */
async function requireReplaceable(deps: PrivacyDeps, personId: string, self: boolean): Promise<void> {
  const sole = soleCoordinatorOf(await deps.programmes.list(), personId);
  if (sole.length > 0) {
    throw new Refusal(self ? 'privacy:errors.onlyCoordinator' : 'privacy:errors.memberIsOnlyCoordinator', {
      programmes: sole.map((p) => p.name).join(', '),
    });
  }
}

function referenceOf(deps: PrivacyDeps, personId: string): string {
  return erasureReference(personId, deps.config.voteAnonymityKey!);
}

/** "radera mina uppgifter": what would be erased, and a button that does it. */
export async function confirmErasure(turn: Turn, deps: PrivacyDeps): Promise<CardReply> {
  requirePersonalChat(turn);
  await requireReplaceable(deps, turn.person.id, true);
  const found = await deps.personalData.find(turn.person.id);
  return eraseConfirmCard(turn, { found, verb: 'privacy.erase', data: {} });
}

export const cancelErasure = async (turn: Turn): Promise<CardReply> => ({
  text: turn.t('privacy:confirmations.cancelled'),
});

/**
 * Erases everything stored about the person who asks, through every feature's source, then records that it
 * happened in the audit trail without naming them: a keyed reference, and how many documents in which containers.
 */
export async function eraseMine(turn: Turn, deps: PrivacyDeps): Promise<CardReply> {
  requirePersonalChat(turn);
  await requireReplaceable(deps, turn.person.id, true);
  const touched = await deps.personalData.erase(turn.person.id, erasedPerson);
  const reference = referenceOf(deps, turn.person.id);
  await deps.audit.record({
    id: `audit:${randomUUID()}`,
    type: 'audit',
    programmeId: REGION_LOG,
    at: turn.now.toISOString(),
    actor: { id: `${erasedPerson.id}:${reference}`, name: erasedPerson.name },
    action: 'privacy.erase',
    object: { kind: 'person', id: reference },
    after: touchedSummary(touched),
    changed: touched,
  });
  deps.logger.info({ touched }, 'a person erased their data');
  return erasedCard(turn, { touched, reference });
}

/** The member a coordinator picked on the member list: signed up in the coordinator's programme. */
async function memberOf(deps: PrivacyDeps, { programme }: ProgrammeAccess, personId: string): Promise<Person> {
  if (!personId) throw new Refusal('privacy:errors.memberMissing');
  const membership = await deps.memberships.get(programme.programmeId, personId);
  if (!membership) throw new Refusal('privacy:errors.notAMember', { programme: programme.name });
  return membership.person;
}

export async function confirmMemberErasure(
  turn: Turn,
  deps: PrivacyDeps,
  access: ProgrammeAccess,
  { personId }: { personId: string },
): Promise<CardReply> {
  const member = await memberOf(deps, access, personId);
  if (member.id === turn.person.id) throw new Refusal('privacy:errors.useEraseMyData');
  await requireReplaceable(deps, member.id, false);
  const found = await deps.personalData.find(member.id);
  return eraseConfirmCard(turn, {
    found,
    member,
    verb: 'privacy.eraseMember',
    data: { programmeId: access.programme.programmeId, personId: member.id },
  });
}

/**
 * A coordinator erases a member who asked them to (by mail, in person). The route's audit entry names the
 * coordinator and, instead of the member, the keyed reference.
 */
export async function eraseMember(
  turn: Turn,
  deps: PrivacyDeps,
  access: ProgrammeAccess,
  { personId }: { personId: string },
): Promise<CardReply> {
  const member = await memberOf(deps, access, personId);
  if (member.id === turn.person.id) throw new Refusal('privacy:errors.useEraseMyData');
  await requireReplaceable(deps, member.id, false);
  const touched = await deps.personalData.erase(member.id, erasedPerson);
  const reference = referenceOf(deps, member.id);
  turn.audit.describe({
    object: { kind: 'person', id: reference },
    subject: { id: `${erasedPerson.id}:${reference}`, name: erasedPerson.name },
    after: touchedSummary(touched),
  });
  deps.logger.info({ touched }, 'a coordinator erased a member on request');
  return erasedCard(turn, { touched, reference, member });
}

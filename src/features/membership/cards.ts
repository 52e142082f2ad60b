import type { Language, TFunction } from '../../platform/i18n.js';
import { formatDate } from '../../platform/dates.js';
import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { Programme } from '../programmes/schema.js';
import { CHANNELS, type AddMemberInput, type Membership } from './schema.js';
import { coverageByMunicipality, groupName, membersByMunicipality } from './domain.js';
import { coverageMapImage } from './coverage-map.js';
import signUpFormTemplate from './cards/sign-up-form.json' with { type: 'json' };
import myGroupsTemplate from './cards/my-groups.json' with { type: 'json' };
import membersTemplate from './cards/members.json' with { type: 'json' };
import coverageTemplate from './cards/coverage.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

export type SignUpFormMode = 'signUp' | 'change' | 'addSomeone';

const FORM_VERBS: Record<SignUpFormMode, string> = {
  signUp: 'membership.signUp',
  change: 'membership.change',
  addSomeone: 'membership.add',
};

function channelTitle(t: TFunction, membership: Membership): string {
  return membership.preferredChannel === 'other'
    ? `${t('membership:channels.other')}: ${membership.otherChannel}`
    : t(`membership:channels.${membership.preferredChannel}`);
}

/**
 * The sign-up form: one's own, a change of it, or a coordinator adding someone picked in the people picker. `retry`
 * is what a coordinator sent for someone whose name Teams does not know: the form comes back as sent, asking it.
 */
export function signUpFormCard(
  { t, language }: Localized,
  programme: Programme,
  mode: SignUpFormMode,
  given?: Membership,
  preselectedGroupId?: string,
  retry?: AddMemberInput,
): AdaptiveCard {
  const current = retry ? { ...retry, groupIds: retry.groupIds } : given;
  return renderCard(signUpFormTemplate, {
    text: textsFor(t, 'membership:cards.signUpForm'),
    intro: t(`membership:cards.signUpForm.intro_${mode}`, {
      programme: programme.name,
      deadline: formatDate(programme.signUpDeadline, language),
    }),
    note: retry ? t('membership:cards.signUpForm.nameUnknown') : '',
    submitTitle: t(`membership:cards.signUpForm.submit_${mode}`),
    verb: FORM_VERBS[mode],
    programmeId: programme.programmeId,
    addingSomeone: mode === 'addSomeone',
    askName: retry !== undefined,
    personId: retry?.personId ?? '',
    // The people picker searches the directory, but Adaptive Cards want one static choice: the programme's staff.
    knownPeople:
      mode === 'addSomeone'
        ? [...new Map([...programme.coordinators, ...programme.regionalStaff].map((p) => [p.id, p])).values()]
        : [],
    groups: programme.groups.map((group) => ({ id: group.id, name: group.name })),
    selectedGroupIds: (current?.groupIds ?? (preselectedGroupId ? [preselectedGroupId] : [])).join(','),
    municipalities: municipalities.sortByName(
      programme.region.municipalityCodes.map((code) => ({ code, name: municipalities.nameOf(code) })),
      (m) => m.name,
    ),
    municipalityCode: current?.municipalityCode ?? '',
    channels: CHANNELS.map((value) => ({ value, title: t(`membership:channels.${value}`) })),
    preferredChannel: current?.preferredChannel ?? '',
    otherChannel: current?.otherChannel ?? '',
    roleOrLibrary: current?.roleOrLibrary ?? '',
  });
}

export type MyGroupsEntry = { programme: Programme; membership: Membership };

/** "My groups", also used as the confirmation after a sign-up, a change or a withdrawal (with undo). */
export function myGroupsCard(
  { t }: Localized,
  entries: MyGroupsEntry[],
  options: { headline?: string; note?: string; undoProgrammeId?: string } = {},
): AdaptiveCard {
  return renderCard(myGroupsTemplate, {
    text: textsFor(t, 'membership:cards.myGroups'),
    headline: options.headline ?? t('membership:cards.myGroups.title'),
    note: options.note ?? '',
    undoProgrammeId: options.undoProgrammeId ?? '',
    entries: entries
      .filter(({ membership }) => membership.groupIds.length > 0)
      .map(({ programme, membership }) => ({
        programmeId: programme.programmeId,
        programmeName: programme.name,
        municipality: municipalities.nameOf(membership.municipalityCode),
        channel: channelTitle(t, membership),
        roleOrLibrary: membership.roleOrLibrary,
        // Each button names its group or programme: a screen reader reads "Lämna MIK & ungas medievärldar".
        changeTitle: t('membership:cards.myGroups.change', { programme: programme.name }),
        groups: membership.groupIds.map((id) => ({
          id,
          programmeId: programme.programmeId,
          name: groupName(programme, id),
          membersTitle: t('membership:cards.myGroups.members', { group: groupName(programme, id) }),
          leaveTitle: t('membership:cards.myGroups.leave', { group: groupName(programme, id) }),
        })),
      })),
  });
}

/**
 * A group's members by municipality. For the programme's coordinators (`erasable`) it also offers to erase a
 * member's data on their request; the privacy feature answers that button (verb privacy.eraseMemberConfirm).
 */
export function membersCard(
  { t }: Localized,
  programme: Programme,
  groupId: string,
  memberships: Membership[],
  erasable = false,
): AdaptiveCard {
  const group = programme.groups.find((g) => g.id === groupId)!;
  const rows = membersByMunicipality(programme, group, memberships);
  const represented = rows.filter((row) => row.members.length > 0).length;
  const memberCount = rows.reduce((sum, row) => sum + row.members.length, 0);
  const inGroup = memberships.filter((m) => m.groupIds.includes(group.id));
  return renderCard(membersTemplate, {
    text: textsFor(t, 'membership:cards.members'),
    programmeId: programme.programmeId,
    erasable: erasable && inGroup.length > 0,
    eraseChoices: inGroup
      .map((m) => ({ id: m.person.id, name: m.person.name }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    title: t('membership:cards.members.title', { group: group.name }),
    summary: t('membership:cards.members.summary', { count: memberCount, represented, total: rows.length }),
    rows: rows.map((row) => ({
      name: row.name,
      members:
        row.members.length === 0
          ? t('membership:cards.members.nobody')
          : row.members
              .map((m) => (m.roleOrLibrary ? `${m.person.name} (${m.roleOrLibrary})` : m.person.name))
              .join(', '),
    })),
  });
}

/** "7 av 8 kommuner; saknas: Berg" per group, above a municipalities × groups table. */
export function coverageCard({ t }: Localized, programme: Programme, memberships: Membership[]): AdaptiveCard {
  const coverage = coverageByMunicipality(programme, memberships);
  const codes = municipalities.sortByName(programme.region.municipalityCodes, municipalities.nameOf);
  const map = coverageMapImage(programme, coverage);
  return renderCard(coverageTemplate, {
    text: textsFor(t, 'membership:cards.coverage'),
    title: t('membership:cards.coverage.title', { programme: programme.name }),
    mapImage: map?.url ?? '',
    mapLegend: map ? t('membership:cards.coverage.mapLegend', map.counts) : '',
    groups: coverage.map(({ group }) => ({ name: group.name })),
    rows: codes.map((code) => ({
      name: municipalities.nameOf(code),
      cells: coverage.map(({ counts }) =>
        counts[code]! > 0 ? { text: `✓ ${counts[code]}`, color: 'Good' } : { text: '—', color: 'Attention' },
      ),
    })),
    summaries: coverage.map(({ group, represented, missing }) => ({
      text: coverageSummary(t, group.name, represented.length, missing),
      color: missing.length === 0 ? 'Good' : 'Attention',
    })),
  });
}

export function coverageSummary(t: TFunction, group: string, represented: number, missing: string[]): string {
  const total = represented + missing.length;
  return missing.length === 0
    ? t('membership:cards.coverage.complete', { group, represented, total })
    : t('membership:cards.coverage.incomplete', {
        group,
        represented,
        total,
        missing: missing.map(municipalities.nameOf).join(', '),
      });
}

import { formatDate } from '../../platform/dates.js';
import { LANGUAGES, type Language, type TFunction } from '../../platform/i18n.js';
import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { canOverview, isCoordinator, isWholeCounty, roleOf, signUpIsOpen } from './domain.js';
import { detailsValues, groupSlot, type GroupSlot } from './forms.js';
import { IMPORT_MAX_BYTES, OUTPUT_KINDS, PROGRAMME_ROLES, type Group, type Programme, type Region } from './schema.js';
import programmesTemplate from './cards/programmes.json' with { type: 'json' };
import manageTemplate from './cards/manage.json' with { type: 'json' };
import programmeFormTemplate from './cards/programme-form.json' with { type: 'json' };
import importFormTemplate from './cards/import-form.json' with { type: 'json' };
import roleFormTemplate from './cards/role-form.json' with { type: 'json' };
import linkFormTemplate from './cards/link-form.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

/** "Jämtlands län" for a whole county, otherwise the municipalities by name. */
export function regionLabel(region: Region): string {
  if (isWholeCounty(region)) return municipalities.counties().find((c) => c.code === region.countyCode)!.name;
  return municipalities.sortByName(region.municipalityCodes.map(municipalities.nameOf), (name) => name).join(', ');
}

function outputLines({ t }: Localized, group: Group) {
  return group.outputs.map((output) => ({
    text: t('programmes:cards.output', {
      kind: t(`programmes:outputKinds.${output.kind}`),
      title: output.title,
      dueDate: output.dueDate,
    }),
  }));
}

function schedule({ language }: Localized, programme: Programme) {
  return {
    region: regionLabel(programme.region),
    signUpDeadline: formatDate(programme.signUpDeadline, language),
    presentationDay: formatDate(programme.presentationDay, language),
  };
}

/** Every programme, with the buttons this person may use on each. */
export function programmesCard(
  localized: Localized,
  programmes: Programme[],
  personId: string,
  now: Date,
): AdaptiveCard {
  const { t } = localized;
  const text = textsFor(t, 'programmes:cards.programmes');
  return renderCard(programmesTemplate, {
    text,
    programmes: programmes.map((programme) => {
      const role = roleOf(programme, personId);
      // Each button names its programme: the card lists several, and a screen reader reads a button alone.
      const named = (key: string) => t(`programmes:cards.programmes.${key}`, { programme: programme.name });
      const actions = [
        ...(signUpIsOpen(programme, now) ? [{ title: named('signUpTo'), verb: 'membership.signUpForm' }] : []),
        ...(canOverview(programme, personId) ? [{ title: named('coverageOf'), verb: 'membership.coverage' }] : []),
        ...(isCoordinator(programme, personId) ? [{ title: named('manageThis'), verb: 'programmes.manage' }] : []),
      ];
      return {
        name: programme.name,
        ...schedule(localized, programme),
        role: role ? t(`programmes:roles.${role}`) : '',
        groups: programme.groups.map((group) => ({
          name: group.name,
          description: group.description,
          outputs: outputLines(localized, group),
        })),
        actions: actions.map((action) => ({ ...action, programmeId: programme.programmeId })),
      };
    }),
  });
}

/** The coordinator's view of one programme; `notice` confirms what was just done. */
export function manageCard(localized: Localized, programme: Programme, notice = ''): AdaptiveCard {
  const { t } = localized;
  return renderCard(manageTemplate, {
    text: textsFor(t, 'programmes:cards.manage'),
    notice,
    title: programme.name,
    programmeId: programme.programmeId,
    ...schedule(localized, programme),
    groups: programme.groups.map((group) => ({
      id: group.id,
      name: group.name,
      outputs: outputLines(localized, group),
      linked: Boolean(group.conversationId),
      editTitle: t('programmes:cards.manage.editGroupNamed', { group: group.name }),
      unlinkTitle: t('programmes:cards.manage.unlinkNamed', { group: group.name }),
      linkStatus: t(group.conversationId ? 'programmes:cards.manage.linked' : 'programmes:cards.manage.notLinked'),
      renewLinksTitle: t('programmes:cards.manage.renewLinks', { group: group.name }),
    })),
    roles: PROGRAMME_ROLES.map((role) => ({
      title: t(`programmes:cards.manage.people.${role}`),
      people: (role === 'coordinator' ? programme.coordinators : programme.regionalStaff).map((person) => ({
        ...person,
        role,
        removeTitle: t(`programmes:cards.manage.removeAs_${role}`, { person: person.name }),
      })),
    })),
  });
}

type FormAction = {
  title: string;
  verb: string;
  style: 'positive' | 'default';
  associatedInputs: 'auto' | 'none';
  data: object;
};

function formCard(
  { t }: Localized,
  form: {
    title: string;
    intro?: string;
    programme?: Programme;
    showDetails: boolean;
    groupSlots: (GroupSlot & { heading: string })[];
    actions: FormAction[];
  },
): AdaptiveCard {
  return renderCard(programmeFormTemplate, {
    text: textsFor(t, 'programmes:cards.form'),
    title: form.title,
    intro: form.intro ?? '',
    showDetails: form.showDetails,
    details: detailsValues(form.programme),
    counties: municipalities.counties(),
    languages: LANGUAGES.map((value) => ({ value, title: t(`programmes:languages.${value}`) })),
    groupSlots: form.groupSlots.map((slot) => {
      // Labels repeat per group and per output: each says whose it is ("Titel (grupp 2)"), for screen readers.
      const where = (output?: number) =>
        [
          ...(form.groupSlots.length > 1 ? [t('programmes:cards.form.ofGroup', { number: slot.number })] : []),
          ...(output !== undefined && slot.outputs.length > 1
            ? [t('programmes:cards.form.ofOutput', { number: output })]
            : []),
        ].join(', ');
      const label = (key: string, output?: number) =>
        where(output)
          ? t('programmes:cards.form.labelWhere', { label: t(`programmes:cards.form.${key}`), where: where(output) })
          : t(`programmes:cards.form.${key}`);
      return {
        ...slot,
        labels: { name: label('groupName'), description: label('groupDescription') },
        outputs: slot.outputs.map((output) => ({
          ...output,
          heading:
            slot.outputs.length > 1
              ? t('programmes:cards.form.outputNumbered', { number: output.number })
              : t('programmes:cards.form.output'),
          labels: {
            kind: label('outputKind', output.number),
            title: label('outputTitle', output.number),
            dueDate: label('outputDueDate', output.number),
          },
        })),
      };
    }),
    // A group the form is about must be named; the optional groups of a new programme may stay blank.
    groupNameRequired: !form.showDetails,
    outputKinds: OUTPUT_KINDS.map((value) => ({ value, title: t(`programmes:outputKinds.${value}`) })),
    actions: form.actions,
  });
}

function cancelAction(t: TFunction, programmeId: string): FormAction {
  return {
    title: t('programmes:cards.form.cancel'),
    verb: 'programmes.manage',
    style: 'default',
    associatedInputs: 'none',
    data: { programmeId },
  };
}

/** A whole programme in one form: details and up to two groups with one expected output each. */
export function newProgrammeCard(localized: Localized): AdaptiveCard {
  const { t } = localized;
  return formCard(localized, {
    title: t('programmes:cards.form.title_create'),
    intro: t('programmes:cards.form.intro_create'),
    showDetails: true,
    groupSlots: [1, 2].map((number) => ({
      ...groupSlot(number, 1),
      heading: t('programmes:cards.form.optionalGroup', { number }),
    })),
    actions: [
      {
        title: t('programmes:cards.form.create'),
        verb: 'programmes.create',
        style: 'positive',
        associatedInputs: 'auto',
        data: {},
      },
      {
        title: t('programmes:cards.form.import'),
        verb: 'programmes.importForm',
        style: 'default',
        associatedInputs: 'none',
        data: {},
      },
    ],
  });
}

export function editProgrammeCard(localized: Localized, programme: Programme): AdaptiveCard {
  const { t } = localized;
  return formCard(localized, {
    title: t('programmes:cards.form.title_edit', { programme: programme.name }),
    programme,
    showDetails: true,
    groupSlots: [],
    actions: [
      {
        title: t('programmes:cards.form.save'),
        verb: 'programmes.update',
        style: 'positive',
        associatedInputs: 'auto',
        data: { programmeId: programme.programmeId },
      },
      cancelAction(t, programme.programmeId),
    ],
  });
}

/** Adds a group, or edits one when `group` is given. */
export function groupFormCard(localized: Localized, programme: Programme, group?: Group): AdaptiveCard {
  const { t } = localized;
  const data = { programmeId: programme.programmeId, ...(group ? { groupId: group.id } : {}) };
  return formCard(localized, {
    title: group
      ? t('programmes:cards.form.title_editGroup', { group: group.name })
      : t('programmes:cards.form.title_addGroup', { programme: programme.name }),
    showDetails: false,
    groupSlots: [{ ...groupSlot(1, 2, group), heading: '' }],
    actions: [
      {
        title: t('programmes:cards.form.save'),
        verb: 'programmes.saveGroup',
        style: 'positive',
        associatedInputs: 'auto',
        data,
      },
      cancelAction(t, programme.programmeId),
    ],
  });
}

export function importFormCard({ t }: Localized): AdaptiveCard {
  return renderCard(importFormTemplate, { text: textsFor(t, 'programmes:cards.import'), maxLength: IMPORT_MAX_BYTES });
}

/**
 * Adds a coordinator or regional staff member, picked in the people picker; their name comes from Teams. Only when
 * Teams does not know the person (`askName`, with the pick kept) does the form ask for the name.
 */
export function roleFormCard(
  { t }: Localized,
  programme: Programme,
  retry?: { personId: string; role: string },
): AdaptiveCard {
  return renderCard(roleFormTemplate, {
    text: textsFor(t, 'programmes:cards.role'),
    title: t('programmes:cards.role.title', { programme: programme.name }),
    note: retry ? t('programmes:cards.role.nameUnknown') : '',
    askName: retry !== undefined,
    personId: retry?.personId ?? '',
    role: retry?.role ?? '',
    programmeId: programme.programmeId,
    // The people picker searches the directory; Adaptive Cards still want one static choice, and the
    // programme's own people are the likeliest to be given another role.
    knownPeople: uniqueById([...programme.coordinators, ...programme.regionalStaff]),
    roles: PROGRAMME_ROLES.map((value) => ({ value, title: t(`programmes:roles.${value}`) })),
  });
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.id, item])).values()];
}

export type LinkChoice = { programme: Programme; group: Group; value: string };

export function linkFormCard({ t }: Localized, choices: LinkChoice[], current?: LinkChoice): AdaptiveCard {
  return renderCard(linkFormTemplate, {
    text: textsFor(t, 'programmes:cards.link'),
    intro: current
      ? t('programmes:cards.link.introLinked', { group: current.group.name, programme: current.programme.name })
      : t('programmes:cards.link.intro'),
    current: current?.value ?? '',
    choices: choices.map(({ programme, group, value }) => ({
      value,
      title: t('programmes:cards.link.choice', { group: group.name, programme: programme.name }),
    })),
  });
}

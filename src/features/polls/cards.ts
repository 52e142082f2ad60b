import { DateTime } from 'luxon';
import type { Language, TFunction } from '../../platform/i18n.js';
import { ZONE } from '../../platform/dates.js';
import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor, translated } from '../../platform/texts.js';
import { candidateDays, MAX_CANDIDATE_DAYS } from './candidate-days.js';
import { MAX_DATE_OPTIONS, recommendDay, tally, type OptionTally } from './domain.js';
import { ANSWERS, POLL_KINDS, type Poll, type PollOption, type Vote } from './schema.js';
import pollTemplate from './cards/poll.json' with { type: 'json' };
import resultsTemplate from './cards/results.json' with { type: 'json' };
import announcementTemplate from './cards/announcement.json' with { type: 'json' };
import nonRespondersTemplate from './cards/non-responders.json' with { type: 'json' };
import formTemplate from './cards/form.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

const locale = (language: Language) => (language === 'sv' ? 'sv-SE' : 'en-GB');

/** "tis 13 apr 2027, heldag" / "Tue 13 Apr 2027, full day". */
export function dayLabel({ t, language }: Localized, date: string, part: string): string {
  const day = DateTime.fromISO(date, { zone: ZONE }).setLocale(locale(language));
  return `${day.toFormat('ccc d LLL yyyy')}, ${t(`polls:parts.${part}`)}`;
}

export function optionLabel(localized: Localized, option: PollOption): string {
  return option.date ? dayLabel(localized, option.date, option.part ?? 'fullDay') : option.label;
}

/**
 * "onsdag 14 april 2027" / "Wednesday 14 April 2027": the decided day, shown beside its times, so it never reads
 * "heldag, kl. 09:30–16:00" (the times say which part of the day it is).
 */
export function decidedDayLabel({ language }: Localized, option: PollOption): string {
  if (!option.date) return option.label;
  return DateTime.fromISO(option.date, { zone: ZONE }).setLocale(locale(language)).toFormat('cccc d LLLL yyyy');
}

/** "12 mars 2027 kl. 12:00" / "12 March 2027 at 12:00", Swedish time. */
export function deadlineLabel({ language }: Localized, instant: string): string {
  return DateTime.fromISO(instant)
    .setZone(ZONE)
    .setLocale(locale(language))
    .toLocaleString({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function tallyText(localized: Localized, poll: Poll, row: OptionTally): string {
  return poll.kind === 'date'
    ? translated(localized.t, 'polls:cards.poll.tallyDate', { yes: row.yes, ifNeedBe: row.ifNeedBe, no: row.no })
    : translated(localized.t, 'polls:cards.poll.tallyChoice', { count: row.yes });
}

/**
 * Who would be missing on a day, told apart: municipalities whose members cannot come, those whose members have
 * not answered yet, and those with nobody in the group at all (no answer can change that).
 */
function missingText(localized: Localized, poll: Poll, row: OptionTally): string {
  if (poll.kind !== 'date') return '';
  if (row.missing.length === 0) return translated(localized.t, 'polls:cards.poll.allThere');
  const line = (key: string, codes: string[]) =>
    codes.length === 0
      ? []
      : [
          translated(localized.t, `polls:cards.poll.${key}`, {
            municipalities: codes.map(municipalities.nameOf).join(', '),
          }),
        ];
  const inGroupMissing = row.declined.length + row.unanswered.length + row.unknown.length > 0;
  return [
    ...(inGroupMissing ? [] : [translated(localized.t, 'polls:cards.poll.allInGroupThere')]),
    ...line('declined', row.declined),
    ...line('unanswered', row.unanswered),
    ...line('missing', row.unknown),
    ...line('unrepresented', row.unrepresented),
  ].join(' · ');
}

export type PollView = {
  poll: Poll;
  now: Date;
  /** The reader's own vote, if any: their answers stay on their card. */
  own?: Vote;
  /** Everyone's votes, when the reader may see results; otherwise undefined. */
  votes?: Vote[];
  /** Members per municipality in the poll's group, to tell apart who cannot come from who is not in the group. */
  representatives?: Record<string, number>;
  isCoordinator: boolean;
  justSaved?: boolean;
  /** A line for the reader at the bottom, e.g. "published". */
  note?: string;
};

/**
 * What is the same on every voter's card of a poll in one language: labels, dates, texts. Kept per poll object
 * (the vote path shares one poll object for a second), because formatting dates and looking up translations
 * for each of 350 cards costs more than rendering the card.
 */
const sharedParts = new WeakMap<Poll, Map<Language, ReturnType<typeof buildSharedParts>>>();

function buildSharedParts(localized: Localized, poll: Poll) {
  const { t } = localized;
  return {
    text: {
      ...textsFor(t, 'polls:cards.poll'),
      choose: t('polls:cards.poll.chooseAnswer'),
      answerRequired: t('polls:errors.answerEveryDay'),
      chooseRequired: t('polls:errors.chooseSomething'),
      yourChoice: t('polls:kinds.' + poll.kind),
    },
    subtitle: `${poll.groupName} · ${t('polls:kinds.' + poll.kind)}`,
    deadline: t('polls:cards.poll.deadline', { deadline: deadlineLabel(localized, poll.deadline) }),
    closed: t('polls:cards.poll.closed'),
    saved: t('polls:cards.poll.yourAnswersSaved'),
    privacyNote: t(poll.anonymous ? 'polls:cards.poll.anonymousNote' : 'polls:cards.poll.namedNote'),
    answerChoices: ANSWERS.map((value) => ({ value, title: t(`polls:answers.${value}`) })),
    labels: new Map(poll.options.map((option) => [option.id, optionLabel(localized, option)])),
  };
}

function partsFor(localized: Localized, poll: Poll) {
  let byLanguage = sharedParts.get(poll);
  if (!byLanguage) sharedParts.set(poll, (byLanguage = new Map<Language, ReturnType<typeof buildSharedParts>>()));
  let parts = byLanguage.get(localized.language);
  if (!parts) byLanguage.set(localized.language, (parts = buildSharedParts(localized, poll)));
  return parts;
}

/** The poll as one person sees it: their answers, the tallies if visible to them, their buttons. */
export function pollCard(localized: Localized, view: PollView): AdaptiveCard {
  const { t } = localized;
  const { poll, own, votes } = view;
  const shared = partsFor(localized, poll);
  const open = poll.status === 'open' && view.now.toISOString() < poll.deadline;
  const tallies = votes
    ? tally(poll, votes, poll.regionCodes, {
        withNames: false,
        ...(view.representatives ? { representatives: view.representatives } : {}),
      })
    : undefined;
  const rowFor = (option: PollOption) => tallies?.find((row) => row.option.id === option.id);
  return renderCard(pollTemplate, {
    text: shared.text,
    pollId: poll.pollId,
    // How many answers this card shows: the reader's next click says so, and is never shown fewer (vote-cache.ts).
    seen: votes?.length ?? 0,
    kind: poll.kind,
    anonymous: poll.anonymous,
    question: poll.question,
    subtitle: shared.subtitle,
    status: open
      ? shared.deadline +
        (tallies ? ' ' + translated(t, 'polls:cards.poll.answersSoFar', { count: votes!.length }) : '')
      : shared.closed,
    statusColor: open ? 'Default' : 'Warning',
    interactive: open,
    isCoordinator: view.isCoordinator,
    answerChoices: shared.answerChoices,
    days:
      poll.kind === 'date'
        ? poll.options.map((option) => {
            const row = rowFor(option);
            return {
              inputId: `answer_${option.id}`,
              label: shared.labels.get(option.id)!,
              value: own?.answers[option.id] ?? '',
              tally: row ? tallyText(localized, poll, row) : '',
              missing: row ? missingText(localized, poll, row) : '',
            };
          })
        : [],
    options: poll.kind === 'date' ? [] : poll.options.map((option) => ({ id: option.id, label: option.label })),
    choiceValue: own ? Object.keys(own.answers).join(',') : '',
    choiceTallies:
      poll.kind === 'date' || !tallies
        ? []
        : tallies.map((row) => ({ label: row.option.label, tally: tallyText(localized, poll, row) })),
    savedNote: view.note ?? (view.justSaved || (open && own) ? shared.saved : ''),
    privacyNote: shared.privacyNote,
  });
}

/**
 * `canConfirm`: the reader coordinates the poll, so may confirm its day and plan the meeting from it;
 * `representatives`: members per municipality in the group, to tell the missing apart.
 */
export type ResultsView = {
  poll: Poll;
  votes: Vote[];
  showNames: boolean;
  canConfirm: boolean;
  representatives?: Record<string, number>;
  /** What the coordinator's last action did (the day announced), and what the bot could not deliver. */
  note?: string;
  warning?: string;
};

/** "Bestämt: onsdag 14 april 2027, 09:00–16:00, Kista bibliotek." once a day is confirmed. */
function decidedLine(localized: Localized, poll: Poll): string {
  const option = poll.decision && poll.options.find((o) => o.id === poll.decision!.optionId);
  if (!option) return '';
  const { startTime: start, endTime: end, place } = poll.decision!;
  return localized.t('polls:cards.results.decided', { day: decidedDayLabel(localized, option), start, end, place });
}

/** Results for coordinators (with names in named polls) and, once closed, for everyone (without names). */
export function resultsCard(localized: Localized, view: ResultsView): AdaptiveCard {
  const { t } = localized;
  const { poll, votes } = view;
  const tallies = tally(poll, votes, poll.regionCodes, {
    ...(view.representatives ? { representatives: view.representatives } : {}),
  });
  const recommended = recommendDay(poll, tallies);
  return renderCard(resultsTemplate, {
    text: textsFor(t, 'polls:cards.results'),
    pollId: poll.pollId,
    programmeId: poll.programmeId,
    groupId: poll.groupId,
    // The next step after a decided day is planning it: one click opens the meeting form filled in from the poll.
    canPlanDay: view.canConfirm,
    title: t('polls:cards.results.title', { question: poll.question }),
    note: view.note ?? '',
    warning: view.warning ?? '',
    status:
      poll.status === 'open'
        ? t('polls:cards.results.open', { count: votes.length, deadline: deadlineLabel(localized, poll.deadline) })
        : t('polls:cards.results.closed', { count: votes.length }),
    recommendation: recommended
      ? t('polls:cards.results.recommended', {
          day: optionLabel(localized, recommended.option),
          available: recommended.available.length,
          total: poll.regionCodes.length,
        })
      : '',
    decided: decidedLine(localized, poll),
    rows: tallies.map((row) => ({
      label: optionLabel(localized, row.option),
      tally: tallyText(localized, poll, row),
      missing: missingText(localized, poll, row),
      names:
        view.showNames && !poll.anonymous
          ? (poll.kind === 'date' ? ANSWERS : (['yes'] as const))
              .filter((answer) => row.names[answer].length > 0)
              .map((answer) => ({ answer: t(`polls:answers.${answer}`), people: row.names[answer].join(', ') }))
          : [],
    })),
    canConfirm: view.canConfirm && poll.kind === 'date' && poll.status === 'closed' && !poll.decision,
    recommendedId: recommended?.option.id ?? poll.options[0]!.id,
    dayChoices: poll.options.map((option) => ({ value: option.id, title: optionLabel(localized, option) })),
  });
}

export function announcementCard(localized: Localized, view: { poll: Poll; calendarUrl: string }): AdaptiveCard {
  const { t } = localized;
  const decision = view.poll.decision!;
  const option = view.poll.options.find((o) => o.id === decision.optionId)!;
  return renderCard(announcementTemplate, {
    text: textsFor(t, 'polls:cards.announcement'),
    summary: t('polls:cards.announcement.text', {
      group: view.poll.groupName,
      day: decidedDayLabel(localized, option),
      start: decision.startTime,
      end: decision.endTime,
    }),
    place: t('polls:cards.announcement.place', { place: decision.place }),
    calendarUrl: view.calendarUrl,
  });
}

export function nonRespondersCard(
  localized: Localized,
  view: { poll: Poll; missing: { name: string; municipalityCode: string }[]; note?: string },
): AdaptiveCard {
  const byMunicipality = new Map<string, string[]>();
  for (const person of view.missing) {
    byMunicipality.set(person.municipalityCode, [...(byMunicipality.get(person.municipalityCode) ?? []), person.name]);
  }
  const rows = municipalities.sortByName([...byMunicipality.keys()], municipalities.nameOf).map((code) => ({
    municipality: municipalities.nameOf(code),
    people: byMunicipality.get(code)!.join(', '),
  }));
  return renderCard(nonRespondersTemplate, {
    text: textsFor(localized.t, 'polls:cards.nonResponders'),
    title: localized.t('polls:cards.nonResponders.title', { question: view.poll.question }),
    note: view.note ?? '',
    pollId: view.poll.pollId,
    rows,
  });
}

export type PollFormValues = {
  question: string;
  kind: string;
  options: string;
  from: string;
  to: string;
  weekdays: string;
  part: string;
  days: string;
  anonymous: string;
  showResults: string;
  deadlineDate: string;
  deadlineHour: string;
};

/** The coordinator's poll form; with `showDays`, the candidate days of the chosen range to tick. */
export function pollFormCard(
  localized: Localized,
  view: { programmeId: string; groupId: string; groupName: string; values: PollFormValues; showDays: boolean },
): AdaptiveCard {
  const { t } = localized;
  const { values } = view;
  const weekdays = values.weekdays.split(',').map(Number).filter(Boolean);
  const dayChoices = view.showDays
    ? candidateDays(values.from, values.to, weekdays.length ? weekdays : undefined).flatMap((date) =>
        (values.part === 'halfDays' ? ['morning', 'afternoon'] : ['fullDay']).map((part) => ({
          value: `${date}/${part}`,
          title: dayLabel(localized, date, part),
        })),
      )
    : [];
  return renderCard(formTemplate, {
    text: textsFor(t, 'polls:cards.form', { max: MAX_DATE_OPTIONS }),
    title: t('polls:cards.form.title', { group: view.groupName }),
    error: '',
    programmeId: view.programmeId,
    groupId: view.groupId,
    values,
    kinds: POLL_KINDS.map((value) => ({ value, title: t(`polls:kinds.${value}`) })),
    weekdays: [1, 2, 3, 4, 5].map((value) => ({ value: String(value), title: t(`polls:weekdays.${value}`) })),
    parts: ['fullDay', 'halfDays'].map((value) => ({ value, title: t(`polls:parts.${value}`) })),
    showDays: view.showDays,
    daysLabel: t('polls:cards.form.days', { max: MAX_DATE_OPTIONS }),
    dayChoices: dayChoices.slice(0, MAX_CANDIDATE_DAYS),
    hours: Array.from({ length: 15 }, (_, i) => i + 7).map((hour) => ({
      value: String(hour),
      title: `${String(hour).padStart(2, '0')}:00`,
    })),
  });
}

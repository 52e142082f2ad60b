import type { ProgrammeRole } from '../programmes/schema.js';

/** Commands shown per audience; each must have an alias in locales/<language>/commands.json. */
export const SECTIONS = {
  everyone: [
    'signUp',
    'myGroups',
    'members',
    'nextMeeting',
    'agenda',
    'notes',
    'addNote',
    'outputs',
    'bookKit',
    'programmes',
    'myData',
    'eraseMyData',
    'help',
  ],
  staff: ['coverage', 'overview', 'export', 'presentationDay'],
  coordinator: ['newProgramme', 'newPoll', 'newMeeting', 'linkGroup', 'auditLog'],
} as const;

export type Audience = keyof typeof SECTIONS;

/** A way from a card this version no longer answers to the current card of what it was about. */
export type WayBack = {
  kind: 'poll' | 'meeting' | 'output' | 'myGroups' | 'help';
  verb: string;
  data: Record<string, string>;
};

/**
 * Where an out-of-date card leads, as far as its data tells: the poll, meeting or output it named (ids that
 * could name something, `isId`), then the person's groups and help; only verbs the bot still answers, three at most.
 */
export function waysBack(
  data: Record<string, unknown>,
  isId: (value: string) => boolean,
  answered: ReadonlySet<string>,
): WayBack[] {
  const id = (key: string) => (typeof data[key] === 'string' && isId(data[key]) ? data[key] : undefined);
  const [pollId, programmeId, groupId, meetingId, outputId] = [
    'pollId',
    'programmeId',
    'groupId',
    'meetingId',
    'outputId',
  ].map(id);
  const ways: (WayBack | undefined)[] = [
    pollId ? { kind: 'poll', verb: 'polls.refresh', data: { pollId } } : undefined,
    programmeId && meetingId ? { kind: 'meeting', verb: 'meetings.show', data: { programmeId, meetingId } } : undefined,
    programmeId && groupId && outputId
      ? { kind: 'output', verb: 'outputs.view', data: { programmeId, groupId, outputId } }
      : undefined,
    { kind: 'myGroups', verb: 'membership.myGroups', data: {} },
    { kind: 'help', verb: 'help.show', data: {} },
  ];
  return ways.filter((way): way is WayBack => way !== undefined && answered.has(way.verb)).slice(0, 3);
}

/** Everyone sees what everyone can do; staff and coordinators also what their roles add, in any programme. */
export function audiencesFor(roles: readonly (ProgrammeRole | undefined)[]): Audience[] {
  return [
    'everyone',
    ...(roles.some((role) => role !== undefined) ? (['staff'] as const) : []),
    ...(roles.includes('coordinator') ? (['coordinator'] as const) : []),
  ];
}

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
    'programmes',
    'myData',
    'eraseMyData',
    'help',
  ],
  staff: ['coverage', 'overview', 'export', 'presentationDay'],
  coordinator: ['newProgramme', 'newPoll', 'newMeeting', 'linkGroup', 'auditLog'],
} as const;

export type Audience = keyof typeof SECTIONS;

/** Everyone sees what everyone can do; staff and coordinators also what their roles add, in any programme. */
export function audiencesFor(roles: readonly (ProgrammeRole | undefined)[]): Audience[] {
  return [
    'everyone',
    ...(roles.some((role) => role !== undefined) ? (['staff'] as const) : []),
    ...(roles.includes('coordinator') ? (['coordinator'] as const) : []),
  ];
}

import { describe, expect, it } from 'vitest';
import { knownCommandIds } from '../../platform/teams/commands.js';
import { audiencesFor, SECTIONS } from './domain.js';

describe('help audiences', () => {
  it('shows members the everyday commands, staff and coordinators what their roles add', () => {
    expect(audiencesFor([undefined, undefined])).toEqual(['everyone']);
    expect(audiencesFor([undefined, 'regionalStaff'])).toEqual(['everyone', 'staff']);
    expect(audiencesFor(['coordinator'])).toEqual(['everyone', 'staff', 'coordinator']);
  });

  it('describes only commands the bot understands', () => {
    const known = knownCommandIds();
    for (const commandId of Object.values(SECTIONS).flat()) expect(known).toContain(commandId);
  });
});

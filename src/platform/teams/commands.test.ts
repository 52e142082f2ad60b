import { describe, expect, it } from 'vitest';
import { knownCommandIds, matchCommand } from './commands.js';

describe('matchCommand', () => {
  it.each([
    ['hjälp', 'help', ''],
    ['  Hjälp! ', 'help', ''],
    ['HELP', 'help', ''],
    ['/help', 'help', ''],
    ['mina grupper', 'myGroups', ''],
    ['My Groups', 'myGroups', ''],
    ['medlemmar MIK', 'members', 'mik'],
    ['<at>Fokusgrupper</at> täckning', 'coverage', ''],
    ['anmäl mig', 'signUp', ''],
    ['sign up', 'signUp', ''],
    ['nytt program', 'newProgramme', ''],
    ['program', 'programmes', ''],
  ])('reads %j as %s', (text, commandId, argument) => {
    expect(matchCommand(text)).toEqual({ commandId, argument });
  });

  it.each(['helpful', 'programmering', 'anmälningar', '', 'kaffe'])('does not take %j for a command', (text) => {
    expect(matchCommand(text)).toBeUndefined();
  });

  it('knows every command in both languages', () => {
    expect(knownCommandIds().sort()).toEqual(
      ['coverage', 'help', 'linkGroup', 'members', 'myGroups', 'newPoll', 'newProgramme', 'programmes', 'signUp'].sort(),
    );
  });
});

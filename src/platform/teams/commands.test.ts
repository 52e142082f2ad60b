import { describe, expect, it } from 'vitest';
import { localeResources } from '../i18n.js';
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
    const { sv, en } = localeResources();
    for (const commandId of knownCommandIds()) {
      expect(
        (sv.commands as Record<string, { aliases: string[] }>)[commandId]?.aliases.length,
        `sv ${commandId}`,
      ).toBeGreaterThan(0);
      expect(
        (en.commands as Record<string, { aliases: string[] }>)[commandId]?.aliases.length,
        `en ${commandId}`,
      ).toBeGreaterThan(0);
    }
  });
});

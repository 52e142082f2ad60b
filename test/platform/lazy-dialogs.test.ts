import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromRepoRoot } from '../../src/platform/paths.js';

/**
 * Run in a fresh Node process: whether botbuilder-dialogs is loaded is a property of the whole process, and the
 * test runner's own workers may have loaded it already.
 */
const PROBE = `
const { createRequire } = await import('node:module');
const require = createRequire(process.cwd() + '/');
const loaded = () => Object.keys(require.cache).some((path) => path.includes('recognizers-text'));
const { Application } = await import('./src/platform/teams/teams-ai.ts');
const atStart = loaded();
const dialogs = require('botbuilder-dialogs');
const light = require('botbuilder-dialogs/lib/dialog.js');
console.log(JSON.stringify({
  application: typeof Application,
  atStart,
  afterUse: typeof dialogs.OAuthPrompt === 'function' && loaded(),
  sameDialog: dialogs.Dialog === light.Dialog,
  status: dialogs.DialogTurnStatus.complete,
}));
`;

describe('teams-ai without the prompts it never uses', () => {
  it('loads botbuilder-dialogs with its recognizers only when something asks for more than Dialog', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
      cwd: fromRepoRoot(),
      encoding: 'utf8',
    });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({
      application: 'function',
      atStart: false,
      afterUse: true,
      sameDialog: true,
      status: 'complete',
    });
  });
});

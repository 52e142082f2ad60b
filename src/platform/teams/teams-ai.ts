/**
 * The parts of `@microsoft/teams-ai` v1 the bot uses, imported from their own modules: the package's index also
 * loads its AI planners, OpenAI client and GPT tokenizer (about 12 MB of memory at start), none of which the bot
 * uses. Everything else imports teams-ai through here. `lazy-dialogs` must come first: see there.
 */
import './lazy-dialogs.js';
export { Application } from '@microsoft/teams-ai/lib/Application.js';
export { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
export type { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';

import { Application, type TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import type { Config } from './platform/config.js';
import type { Storage } from './platform/cosmos/containers.js';
import type { Logger } from './platform/logger.js';
import type { HttpRoutes } from './platform/http/routes.js';
import type { Scheduler } from './platform/scheduler.js';
import type { Messenger } from './platform/teams/messenger.js';
import type { BlobFiles } from './platform/blob/files.js';
import { translator, languageOf } from './platform/i18n.js';
import { createRouter } from './platform/teams/router.js';
import { ProgrammeStore } from './features/programmes/store.js';
import { registerProgrammes } from './features/programmes/handlers.js';
import { MembershipStore } from './features/membership/store.js';
import { registerMembership } from './features/membership/handlers.js';
import { registerHelp } from './features/help/handlers.js';
import { PollStore } from './features/polls/store.js';
import { VoteCache } from './features/polls/vote-cache.js';
import { registerPolls } from './features/polls/handlers.js';
import { ShortLivedCache } from './platform/short-lived-cache.js';
import { registerMeetings } from './features/meetings/handlers.js';
import { MeetingStore } from './features/meetings/store.js';
import { registerOutputs } from './features/outputs/handlers.js';
import { OutputStore } from './features/outputs/store.js';

export type AppDeps = {
  adapter: TeamsAdapter;
  config: Config;
  storage: Storage;
  logger: Logger;
  clock: () => Date;
  messenger: Messenger;
  /** Timed work (deadlines, reminders) registers here; HTTP GET routes (calendar files) there. */
  scheduler: Scheduler;
  http: HttpRoutes;
  /** Blob Storage for output files (videos); absent when none is configured. */
  files?: BlobFiles;
};

/**
 * Builds the teams-ai Application and registers every listener, feature by feature: reading the register*
 * calls below (and each feature's handlers.ts) tells you every command and card verb the bot answers.
 * Features are layered: programmes at the bottom, membership on programmes, polls on both, meetings on polls,
 * outputs on membership, help on top.
 */
export function createTeamsApp(deps: AppDeps): Application<TurnState> {
  const { adapter, config, storage, logger, clock } = deps;
  const app = new Application<TurnState>({
    adapter,
    botAppId: config.bot.appId ?? '',
    // No turn-state storage: all state lives in the features' own documents, so no turn pays for loading
    // and saving conversation state it never reads.
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const router = createRouter(app, { clock, logger });

  const programmes = new ProgrammeStore(storage.containers.programmes, storage.containers.conversations);
  const memberships = new MembershipStore(storage.containers.programmes);

  registerProgrammes(router, { programmes, config });
  registerMembership(router, { programmes, memberships });
  const listeners = { router, scheduler: deps.scheduler, http: deps.http };
  const polls = new PollStore(storage.containers.polls);
  registerPolls(listeners, {
    programmes,
    memberships,
    polls,
    votes: new VoteCache(polls),
    recentProgrammes: new ShortLivedCache((programmeId) => programmes.get(programmeId), 2000),
    messenger: deps.messenger,
    config,
  });
  registerMeetings(listeners, {
    programmes,
    memberships,
    polls,
    meetings: new MeetingStore(storage.containers.meetings),
    messenger: deps.messenger,
    config,
  });
  registerOutputs(listeners, {
    programmes,
    memberships,
    outputs: new OutputStore(storage.containers.outputs),
    files: deps.files,
    messenger: deps.messenger,
    config,
    logger,
    clock,
  });
  registerHelp(router, { programmes }); // last: it answers what nothing else understood

  app.error(async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type === 'message') {
      await context.sendActivity(translator(languageOf(context.activity.locale))('common:errors.unexpected'));
    }
  });
  return app;
}

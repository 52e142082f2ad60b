import { Application, type TeamsAdapter, type TurnState } from './platform/teams/teams-ai.js';
import type { Config } from './platform/config.js';
import type { Storage } from './platform/cosmos/containers.js';
import type { Logger } from './platform/logger.js';
import type { HttpRoutes } from './platform/http/routes.js';
import type { Scheduler } from './platform/scheduler.js';
import type { Outbox } from './platform/outbox/outbox.js';
import { registerFollowUps } from './platform/outbox/follow-up.js';
import type { Background } from './platform/background.js';
import type { ProcessedActivities } from './platform/processed-activities.js';
import type { BlobFiles } from './platform/blob/files.js';
import { translator, languageOf } from './platform/i18n.js';
import { createRouter } from './platform/teams/router.js';
import { TeamsDirectory } from './platform/teams/directory.js';
import { ProgrammeStore } from './features/programmes/store.js';
import { registerProgrammes } from './features/programmes/handlers.js';
import { MembershipStore } from './features/membership/store.js';
import { registerMembership } from './features/membership/handlers.js';
import { registerHelp } from './features/help/handlers.js';
import { PollStore } from './features/polls/store.js';
import { VoteCache } from './features/polls/vote-cache.js';
import { registerPolls } from './features/polls/handlers.js';
import type { SharedReads } from './platform/shared-reads.js';
import { LinkSigner } from './platform/link-signing.js';
import type { Listeners } from './platform/teams/listeners.js';
import { AccessGate } from './features/membership/access.js';
import { registerMeetings } from './features/meetings/handlers.js';
import { MeetingStore } from './features/meetings/store.js';
import { registerOutputs } from './features/outputs/handlers.js';
import { OutputStore } from './features/outputs/store.js';
import { registerBoard } from './features/board/handlers.js';
import { signInWith } from './features/board/sign-in.js';
import type { Person } from './features/programmes/schema.js';
import { PersonalData } from './platform/personal-data.js';
import { programmePersonalData } from './features/programmes/personal-data.js';
import { membershipPersonalData } from './features/membership/personal-data.js';
import { pollPersonalData } from './features/polls/personal-data.js';
import { meetingPersonalData } from './features/meetings/personal-data.js';
import { outputPersonalData } from './features/outputs/personal-data.js';
import { kitPersonalData } from './features/kit/personal-data.js';
import { registerKit } from './features/kit/handlers.js';
import { KitStore } from './features/kit/store.js';
import { AuditStore } from './features/audit/store.js';
import { auditPersonalData } from './features/audit/personal-data.js';
import { registerAudit } from './features/audit/handlers.js';
import { auditedRun } from './features/audit/trail.js';
import { DownloadStore } from './features/privacy/store.js';
import { downloadPersonalData } from './features/privacy/personal-data.js';
import { registerPrivacy } from './features/privacy/handlers.js';

export type AppDeps = {
  adapter: TeamsAdapter;
  config: Config;
  storage: Storage;
  logger: Logger;
  clock: () => Date;
  /** What the bot sends on its own, delivered durably (see platform/outbox/README.md). */
  outbox: Outbox;
  /** Work handlers start and finish after their turn (drained at shutdown before the outbox and the store stop). */
  background: Background;
  /** One effect per activity id, for state-changing listeners. */
  activities: ProcessedActivities;
  /** Timed work (deadlines, reminders) registers here; HTTP GET routes (calendar files) there. */
  scheduler: Scheduler;
  http: HttpRoutes;
  /** The short-lived shared reads of the hot paths (platform/shared-reads.ts). */
  reads: SharedReads;
  /** Blob Storage for output files (videos); absent when none is configured. */
  files?: BlobFiles;
  /** `npm start` only: who a local browser without a Teams token is on the board (see board/sign-in.ts). */
  boardLocalPerson?: Person;
};

/**
 * Builds the teams-ai Application and registers every listener, feature by feature: reading the register*
 * calls below (and each feature's handlers.ts) tells you every command and card verb the bot answers.
 * Features are layered: programmes at the bottom, membership on programmes, polls on both, meetings on polls,
 * outputs on membership, the kit on outputs, audit on programmes, privacy over all of them, help on top. Every feature that stores
 * something about a person registers where (`personalData`), so privacy reaches it without knowing its documents.
 */
export function createTeamsApp(deps: AppDeps): {
  app: Application<TurnState>;
  listeners: Listeners;
  personalData: PersonalData;
} {
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
  const router = createRouter(app, { clock, logger, once: (key, run) => deps.activities.once(key, run) });
  const listeners: Listeners = { router, scheduler: deps.scheduler, http: deps.http, outbox: deps.outbox };
  const { reads, outbox } = deps;
  // Long work a person started is followed up 1:1 once its messages settle (platform/outbox/follow-up.ts).
  registerFollowUps(outbox);
  // Links that open without signing in (calendar files, videos) are signed with a key derived from the bot's secret.
  const links = new LinkSigner(config.voteAnonymityKey!);

  const programmes = new ProgrammeStore(storage.containers.programmes, storage.containers.conversations);
  const memberships = new MembershipStore(storage.containers.programmes, reads);
  const gate = new AccessGate({ programmes, memberships, reads, creatorIds: config.programmeCreatorIds });
  const polls = new PollStore(storage.containers.polls, reads);
  const meetings = new MeetingStore(storage.containers.meetings);
  // A Teams meeting chat belongs to the group whose meeting it is, without being linked: meetings tells access.
  gate.addConversationFinder(async (conversationId) => (await meetings.listForMeetingChat(conversationId))[0]);

  const directory = new TeamsDirectory(adapter, config.bot.appId ?? '', logger);
  registerProgrammes(listeners, { programmes, gate: gate.programmes, directory });
  registerMembership(listeners, { programmes, memberships, gate, directory });
  registerPolls(listeners, {
    programmes,
    memberships,
    gate,
    polls,
    votes: new VoteCache(polls, reads),
    answerCards: reads.memo({
      name: 'answer cards',
      maxEntries: 200,
      why: 'the card a voter gets back, per vote snapshot (keyed by the vote list version and the answers): identical for most of a room voting at once',
    }),
    outbox,
    links,
    config,
  });
  registerMeetings(listeners, { programmes, gate, polls, meetings, outbox, links, config });
  const audit = new AuditStore(storage.containers.audit);
  const outputsDeps = {
    programmes,
    memberships,
    gate,
    outputs: new OutputStore(storage.containers.outputs),
    files: deps.files,
    outbox,
    background: deps.background,
    links,
    config,
    logger,
    clock,
  };
  registerOutputs(listeners, outputsDeps);
  registerKit(listeners, { ...outputsDeps, kits: new KitStore(storage.containers.kits), outbox });
  const localPerson = deps.boardLocalPerson;
  registerBoard(deps.http, {
    ...outputsDeps,
    audited: auditedRun(audit, programmes, clock, logger),
    polls,
    signIn: signInWith(config, localPerson ? { localPerson } : {}),
  });
  registerAudit(listeners, { gate: gate.programmes, audit, logger });

  const { containers } = storage;
  const downloads = new DownloadStore(containers.downloads);
  const personalData = new PersonalData();
  personalData.register(
    ...programmePersonalData(programmes, containers.conversations, clock),
    membershipPersonalData(programmes, containers.programmes),
    ...pollPersonalData(containers.polls, config.voteAnonymityKey ?? ''),
    ...meetingPersonalData(programmes, containers.meetings),
    ...outputPersonalData(programmes, containers.outputs, deps.files),
    kitPersonalData(programmes, containers.kits),
    auditPersonalData(audit, programmes, containers.audit.name),
    downloadPersonalData(downloads),
    deps.outbox.personalData,
    deps.activities.personalData(),
  );
  personalData.holdsNone(
    containers.jobs.name,
    'timed jobs are keyed by programme, group, poll, meeting and output ids, never a person',
  );
  registerPrivacy(listeners, {
    programmes,
    memberships,
    gate: gate.programmes,
    personalData,
    audit,
    downloads,
    config,
    clock,
    logger,
  });

  registerHelp(listeners, {
    programmes: gate.programmes,
    gate,
    cardVerbs: () => new Set(router.listeners().flatMap((l) => (l.kind === 'cardAction' ? [l.name] : []))),
  }); // last: it answers what nothing else understood

  app.error(async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type === 'message') {
      await context.sendActivity(translator(languageOf(context.activity.locale))('common:errors.unexpected'));
    }
  });
  return { app, listeners, personalData };
}

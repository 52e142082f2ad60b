import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCosmosClient } from '../../src/platform/cosmos/client.js';
import { openStorage, type Storage } from '../../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/platform/blob/embedded-azurite.js';
import { silentLogger } from '../../src/platform/logger.js';
import { ProgrammeStore } from '../../src/features/programmes/store.js';
import { seedExampleProgramme } from '../../src/features/programmes/seed.js';
import { MembershipStore } from '../../src/features/membership/store.js';
import { signUpInStore, spreadOverRegion } from './sign-ups.js';
import { PollStore } from '../../src/features/polls/store.js';
import { SharedReads } from '../../src/platform/shared-reads.js';
import { createPoll } from '../../src/features/polls/domain.js';
import type { Conversation, TestPerson } from './bot-harness.js';
import { BotProcess, ProcessClient, storeEnvironment } from './bot-process.js';
import { FakeConnector } from './connector.js';

export const coordinator: TestPerson = { id: 'f1ee7000-0000-4000-8000-00000000c001', name: 'Samordnare Flotta' };
export const channel: Conversation = {
  id: '19:fleet-group@thread.tacv2',
  conversationType: 'channel',
  teamId: '19:fleet-team@thread.tacv2',
};

export type VotingWorld = {
  voters: TestPerson[];
  /** Open until long after the test: the poll everyone votes in. */
  openPollId: string;
  /** Past their deadline: each one's closing is a scheduled job (`poll-close:<id>`), run once by some instance. */
  duePolls: { pollId: string; question: string }[];
};

/**
 * Several bot processes over one store, as App Service runs them behind its load balancer: the embedded Cosmos
 * server, Azurite and the local connector live in the test; each bot is its own process started from the sources.
 */
export class Fleet {
  readonly connector = new FakeConnector();
  readonly database = `fleet-${randomUUID()}`;
  readonly bots: BotProcess[] = [];
  cosmos!: EmbeddedCosmos;
  azurite!: EmbeddedAzurite;
  storage!: Storage;
  private dispose?: () => void;

  static async start(): Promise<Fleet> {
    const fleet = new Fleet();
    [fleet.cosmos, fleet.azurite] = await Promise.all([
      startEmbeddedCosmos(),
      startEmbeddedAzurite(),
      fleet.connector.start(),
    ]);
    const client = createCosmosClient(fleet.cosmos.connection);
    fleet.dispose = () => client.dispose();
    fleet.storage = await openStorage(client, fleet.database, silentLogger);
    return fleet;
  }

  /** A bot process on this fleet's store; its scheduler ticks every second. */
  async startBot(): Promise<BotProcess> {
    const bot = await BotProcess.start({
      from: 'source',
      environment: { ...storeEnvironment(this.cosmos, this.azurite, this.database), SCHEDULER_INTERVAL_SECONDS: '1' },
    });
    this.bots.push(bot);
    return bot;
  }

  client(url: () => string): ProcessClient {
    return new ProcessClient(url, this.connector);
  }

  get polls(): PollStore {
    return new PollStore(this.storage.containers.polls, new SharedReads());
  }

  /**
   * The example programme with `voterCount` members in its first group, that group linked to a channel, one open
   * poll and `dueCount` polls whose deadline has passed, posted in the channel. Written straight into the store.
   */
  async seedVoting(voterCount: number, dueCount: number): Promise<VotingWorld> {
    const now = new Date();
    const programmes = new ProgrammeStore(this.storage.containers.programmes, this.storage.containers.conversations);
    const memberships = new MembershipStore(this.storage.containers.programmes, new SharedReads());
    await seedExampleProgramme(programmes, [coordinator], now);
    const programme = (await programmes.list())[0]!;
    const group = programme.groups[0]!;
    const voters = Array.from({ length: voterCount }, (_, n) => ({
      id: `f1ee7000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      name: `Röstare ${n}`,
    }));
    await signUpInStore(memberships, programme, spreadOverRegion(programme, group.id, voters), now);
    await programmes.saveLink({
      id: channel.id,
      programmeId: programme.programmeId,
      groupId: group.id,
      reference: {
        channelId: 'msteams',
        serviceUrl: this.connector.url,
        conversation: { id: channel.id, isGroup: true, conversationType: 'channel', tenantId: 'tenant-1' },
        bot: { id: '28:fokusgrupper-bot', name: 'Fokusgrupper' },
      },
      linkedBy: coordinator,
      linkedAt: now.toISOString(),
    });

    const nextYear = `${now.getUTCFullYear() + 1}`;
    const poll = (question: string) =>
      createPoll(
        {
          programmeId: programme.programmeId,
          groupId: group.id,
          groupName: group.name,
          regionCodes: programme.region.municipalityCodes,
          kind: 'date',
          question,
          optionLabels: [],
          days: [
            { date: `${nextYear}-04-13`, part: 'fullDay' },
            { date: `${nextYear}-04-14`, part: 'fullDay' },
          ],
          anonymous: false,
          showResultsBeforeClose: true,
          deadlineDate: `${nextYear}-03-01`,
          deadlineHour: 12,
        },
        coordinator,
        now,
        `poll-${randomUUID().slice(0, 8)}`,
      );
    const open = poll('Vilken dag passar för regionträffen?');
    await this.polls.create({ ...open, posted: { conversationId: channel.id, activityId: 'card-open' } });
    const duePolls: VotingWorld['duePolls'] = [];
    const passed = new Date(now.getTime() - 60_000).toISOString();
    for (let n = 0; n < dueCount; n++) {
      const due = poll(`Fråga ${n} som har stängts?`);
      // The deadline has just passed: a real poll cannot be created that way, so the document is written so.
      await this.polls.create({
        ...due,
        deadline: passed,
        posted: { conversationId: channel.id, activityId: `card-${n}` },
      });
      duePolls.push({ pollId: due.pollId, question: due.question });
    }
    return { voters, openPollId: open.pollId, duePolls };
  }

  /** The closing messages posted for each due poll, by question: exactly one each when no job is lost or doubled. */
  closingMessages(world: VotingWorld): Map<string, number> {
    const counts = new Map(world.duePolls.map(({ question }) => [question, 0]));
    for (const activity of this.connector.sentActivities()) {
      for (const question of counts.keys()) {
        if (typeof activity?.text === 'string' && activity.text.includes(`”${question}”`)) {
          counts.set(question, counts.get(question)! + 1);
        }
      }
    }
    return counts;
  }

  /** Every `job done` line of every bot, by job key: [instance index, ...] for each run. */
  jobRuns(): Map<string, number[]> {
    const runs = new Map<string, number[]>();
    this.bots.forEach((bot, index) => {
      for (const line of bot.lines) {
        if (line.msg === 'job done') runs.set(String(line.job), [...(runs.get(String(line.job)) ?? []), index]);
      }
    });
    return runs;
  }

  async stop(): Promise<void> {
    await Promise.all(this.bots.map((bot) => bot.stop('SIGKILL')));
    this.dispose?.();
    await Promise.all([this.cosmos?.stop(), this.azurite?.stop(), this.connector.stop()]);
  }
}

/** What a vote burst got back: the voters whose vote was acknowledged (200 with a card) and those who were not. */
export type BurstOutcome = { acknowledged: TestPerson[]; unacknowledged: TestPerson[] };

export function ballot(n: number) {
  return { answer_d1: n % 3 === 0 ? 'yes' : 'no', answer_d2: n % 2 === 0 ? 'ifNeedBe' : 'yes' };
}

/** Every voter votes at once; `onAnswer` sees each answer as it comes (e.g. to stop an instance mid-burst). */
export async function voteBurst(
  client: ProcessClient,
  world: VotingWorld,
  voters: TestPerson[],
  onAnswer: (answered: number) => void = () => {},
): Promise<BurstOutcome> {
  let answered = 0;
  const results = await Promise.all(
    voters.map(async (voter) => {
      const n = world.voters.indexOf(voter);
      const reply = await client
        .execute(voter, 'polls.vote', { pollId: world.openPollId, ...ballot(n) }, { conversation: channel })
        .catch(() => undefined);
      onAnswer(++answered);
      return { voter, ok: reply?.status === 200 && reply.body?.type === 'application/vnd.microsoft.card.adaptive' };
    }),
  );
  return {
    acknowledged: results.filter((result) => result.ok).map((result) => result.voter),
    unacknowledged: results.filter((result) => !result.ok).map((result) => result.voter),
  };
}

/** The expected tally of `world`'s ballots for a set of voters, as the store should hold it. */
export function expectedAnswers(world: VotingWorld, voters: TestPerson[]): Map<string, Record<string, string>> {
  return new Map(
    voters.map((voter) => {
      const { answer_d1, answer_d2 } = ballot(world.voters.indexOf(voter));
      return [voter.id, { d1: answer_d1, d2: answer_d2 }];
    }),
  );
}

/** A small round-robin load balancer on 127.0.0.1 in front of the bots, as App Service's front end is. */
export async function startRoundRobin(targets: () => number[]): Promise<{ url: string; close(): void }> {
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const ports = targets();
    const port = ports[next++ % ports.length]!;
    const upstream = request(
      { host: '127.0.0.1', port, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

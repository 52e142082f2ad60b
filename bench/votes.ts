import { SharedReads } from '../src/platform/shared-reads.js';
/**
 * npm run bench:votes — one burst of 350 concurrent voters (distinct users, fresh connections) against three
 * handlers behind the same restify + teams-ai stack, in one run on this machine:
 *   floor   an Action.Execute handler that returns a fixed card
 *   limit   the same plus one upsert of a vote document into the same embedded store
 *   product the real vote path of the bot (membership check, poll read, vote upsert, personal result card)
 * Prints throughput, latency percentiles, answered/lost/doubled votes (checked in the store afterwards),
 * Cosmos operations per vote (counted in the data layer) and the product's ratios to the limit and the floor.
 */
import { randomUUID } from 'node:crypto';
import { startAcceptingConnector, startBenchBot } from './bench-bot.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { ProgrammeStore } from '../src/features/programmes/store.js';
import { MembershipStore } from '../src/features/membership/store.js';
import { PollStore } from '../src/features/polls/store.js';
import { createPoll } from '../src/features/polls/domain.js';
import { burst, percentile, type BurstResult } from './burst.js';
import { invokeActivity, startReferenceStack } from './stacks.js';
import { signUpInStore, spreadOverRegion } from '../test/support/sign-ups.js';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 350);
/** One burst is noisy on a shared 2-core machine; rounds interleave the three handlers and medians are printed. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 30;
const COORDINATOR = { id: 'bench-coordinator', name: 'Samordnare' };

type Row = { name: string; result: BurstResult; stored: number; operations: number; cpuMs: number };

async function main(): Promise<void> {
  const { serviceUrl, server: connector } = await startAcceptingConnector();
  const cosmos = await startEmbeddedCosmos();
  const now = new Date();
  const bot = await startBenchBot(cosmos, { SEED_COORDINATOR_IDS: `${COORDINATOR.id}:${COORDINATOR.name}` });
  const { containers, meter } = bot.storage;

  // The product's world: the example programme, VOTERS members in one group, one open date poll.
  const programmes = new ProgrammeStore(containers.programmes, containers.conversations);
  const memberships = new MembershipStore(containers.programmes, new SharedReads());
  const polls = new PollStore(containers.polls, new SharedReads());
  const programme = (await programmes.list())[0]!;
  const group = programme.groups[0]!;
  const voters = Array.from({ length: VOTERS + WARM_UP }, (_, n) => ({ id: `voter-${n}`, name: `Röstare ${n}` }));
  await signUpInStore(memberships, programme, spreadOverRegion(programme, group.id, voters), now);
  const deadline = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  // The same people vote in a fresh poll each round, so every round's votes are new documents to count.
  const roundPolls = [];
  for (let round = 0; round < ROUNDS; round++) {
    const poll = createPoll(
      {
        programmeId: programme.programmeId,
        groupId: group.id,
        groupName: group.name,
        regionCodes: programme.region.municipalityCodes,
        kind: 'date',
        question: 'Vilken dag?',
        optionLabels: [],
        days: [
          { date: '2031-04-15', part: 'fullDay' },
          { date: '2031-04-16', part: 'fullDay' },
        ],
        anonymous: false,
        showResultsBeforeClose: true,
        deadlineDate: deadline,
        deadlineHour: 12,
      },
      COORDINATOR,
      now,
      `poll-bench-${randomUUID().slice(0, 8)}`,
    );
    await polls.create(poll);
    roundPolls.push(poll);
  }
  const limitPollIds = roundPolls.map(() => `limit-${randomUUID().slice(0, 8)}`);
  const ballot = (n: number) => ({ answer_d1: n % 2 ? 'yes' : 'no', answer_d2: n % 3 ? 'ifNeedBe' : 'yes' });

  const floor = await startReferenceStack('floor');
  const limit = await startReferenceStack('limit', containers.polls);
  const endpoint = (port: number) => `http://127.0.0.1:${port}/api/messages`;

  const warmUpFrom = VOTERS;
  async function measure(
    name: string,
    port: number,
    verb: string,
    pollId: string,
    countStored: () => Promise<number>,
  ): Promise<Row> {
    const activities = (from: number, to: number) =>
      voters
        .slice(from, to)
        .map((voter, k) => invokeActivity(serviceUrl, voter.id, verb, { pollId, ...ballot(from + k) }));
    await burst(endpoint(port), activities(warmUpFrom, warmUpFrom + WARM_UP)); // warm-up voters, not counted below
    const storedBefore = await countStored();
    meter.reset();
    const cpuBefore = process.cpuUsage();
    const result = await burst(endpoint(port), activities(0, VOTERS));
    const cpu = process.cpuUsage(cpuBefore);
    const operations = meter.total;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return { name, result, stored: (await countStored()) - storedBefore, operations, cpuMs };
  }

  const countVotes = (pollId: string) => () => polls.listVotes(pollId).then((votes) => votes.length);
  // BENCH_PROFILE=file.cpuprofile records the CPU of the measured bursts only (setup excluded).
  const profiler = process.env.BENCH_PROFILE ? await startProfiler() : undefined;
  const rounds: Row[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push([
      await measure('floor', floor.port, 'bench.vote', 'floor', async () => 0),
      await measure('limit', limit.port, 'bench.vote', limitPollIds[round]!, countVotes(limitPollIds[round]!)),
      await measure(
        'product',
        bot.port,
        'polls.vote',
        roundPolls[round]!.pollId,
        countVotes(roundPolls[round]!.pollId),
      ),
    ]);
  }

  await profiler?.(process.env.BENCH_PROFILE!);
  print(rounds);
  await Promise.all([floor.close(), limit.close(), bot.close()]);
  await cosmos.stop();
  connector.close();
}

async function startProfiler(): Promise<(file: string) => Promise<void>> {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

type Stats = {
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  answered: number;
  lost: number;
  doubled: number;
  opsPerVote: number;
  /** CPU time of the whole process (client, bot and embedded store) per vote: steadier than wall time on a busy machine. */
  cpuMsPerVote: number;
};

function statsOf({ name, result, stored, operations, cpuMs }: Row): Stats {
  const durable = name !== 'floor';
  return {
    throughput: (VOTERS / result.wallMs) * 1000,
    p50: percentile(result.latencies, 50),
    p95: percentile(result.latencies, 95),
    p99: percentile(result.latencies, 99),
    max: Math.max(...result.latencies),
    answered: result.answered,
    lost: durable ? Math.max(0, result.answered - stored) : 0,
    doubled: durable ? Math.max(0, stored - VOTERS) : 0,
    opsPerVote: operations / VOTERS,
    cpuMsPerVote: cpuMs / VOTERS,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function print(rounds: Row[][]): void {
  const line = (cells: (string | number)[]) =>
    console.log(cells.map((c, i) => String(c).padStart(i === 0 ? 8 : 10)).join(' '));
  console.log(
    `\nVote burst: ${VOTERS} distinct voters at once, fresh connections, ${ROUNDS} rounds, Node ${process.version}, embedded Cosmos store`,
  );
  console.log('Each figure is the median over the rounds; answered/lost/doubled are totals.');
  line([
    'handler',
    'votes/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'answered',
    'lost',
    'doubled',
    'ops/vote',
    'cpu ms/vote',
  ]);
  const names = ['floor', 'limit', 'product'] as const;
  const perRound = rounds.map((rows) => rows.map(statsOf));
  const summary = names.map((name, i) => {
    const all = perRound.map((stats) => stats[i]!);
    const sum = (key: keyof Stats) => all.reduce((total, s) => total + s[key], 0);
    const med = (key: keyof Stats) => median(all.map((s) => s[key]));
    const durable = name !== 'floor';
    line([
      name,
      med('throughput').toFixed(0),
      med('p50').toFixed(0),
      med('p95').toFixed(0),
      med('p99').toFixed(0),
      Math.max(...all.map((s) => s.max)).toFixed(0),
      sum('answered'),
      durable ? sum('lost') : '-',
      durable ? sum('doubled') : '-',
      med('opsPerVote').toFixed(2),
      med('cpuMsPerVote').toFixed(2),
    ]);
    return {
      throughput: med('throughput'),
      p99: med('p99'),
      max: Math.max(...all.map((s) => s.max)),
      opsPerVote: med('opsPerVote'),
      cpuMsPerVote: med('cpuMsPerVote'),
    };
  });
  const [floor, limit, product] = summary as [(typeof summary)[0], (typeof summary)[0], (typeof summary)[0]];
  const ratios = perRound.map(
    (stats) =>
      `${(stats[2]!.throughput / stats[1]!.throughput).toFixed(2)}x/${(stats[2]!.p99 / stats[1]!.p99).toFixed(2)}x`,
  );
  console.log(
    `\nproduct / limit: throughput ${(product.throughput / limit.throughput).toFixed(2)}x (target >= 0.80), p99 ${(product.p99 / limit.p99).toFixed(2)}x (target <= 1.25); per round (throughput/p99): ${ratios.join(', ')}`,
  );
  console.log(
    `product / limit: CPU per vote ${(product.cpuMsPerVote / limit.cpuMsPerVote).toFixed(2)}x (the steadiest figure when other work shares the machine)`,
  );
  console.log(
    `product / floor: throughput ${(product.throughput / floor.throughput).toFixed(2)}x, p99 ${(product.p99 / floor.p99).toFixed(2)}x`,
  );
  console.log(
    `product: ${product.opsPerVote.toFixed(2)} Cosmos operations per vote (target <= 3); teams-ai turn state: none configured, 0 operations`,
  );
  console.log(
    `answers within Teams' 5 s invoke limit: ${product.max < 5000 ? 'yes' : 'NO'} (slowest ${product.max.toFixed(0)} ms); process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

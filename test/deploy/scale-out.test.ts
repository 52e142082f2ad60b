import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Fleet,
  expectedAnswers,
  startRoundRobin,
  voteBurst,
  type BurstOutcome,
  type VotingWorld,
} from '../support/fleet.js';

/**
 * Scale-out, shown: three bot processes on one store behind a round-robin balancer, as App Service runs three
 * instances. A burst of votes lands on all three at once while their schedulers race for the same due jobs.
 */
const VOTERS = 240;
const DUE_POLLS = 24;
const INSTANCES = 3;

let fleet: Fleet;
let world: VotingWorld;
let balancer: { url: string; close(): void };
let outcome: BurstOutcome;
let burstMs = 0;

beforeAll(async () => {
  fleet = await Fleet.start();
  world = await fleet.seedVoting(VOTERS, DUE_POLLS);
  await Promise.all(Array.from({ length: INSTANCES }, () => fleet.startBot()));
  balancer = await startRoundRobin(() => fleet.bots.map((bot) => bot.port));
  const started = performance.now();
  outcome = await voteBurst(
    fleet.client(() => balancer.url),
    world,
    world.voters,
  );
  burstMs = performance.now() - started;
  const deadline = Date.now() + 90_000;
  while (fleet.jobRuns().size < DUE_POLLS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  // Each closing's announcement goes through the outbox: delivered by whichever instance claims it, soon after.
  while ([...fleet.closingMessages(world).values()].some((count) => count === 0) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 200));
}, 300_000);

afterAll(async () => {
  balancer?.close();
  await fleet?.stop();
});

describe(`${INSTANCES} instances behind a round-robin balancer`, () => {
  it('answer every vote, and the store holds exact tallies', async () => {
    expect(outcome.unacknowledged).toEqual([]);
    const votes = await fleet.polls.listVotes(world.openPollId);
    expect(votes).toHaveLength(VOTERS);
    const stored = new Map(votes.map((vote) => [vote.voter!.id, vote.answers]));
    expect(stored).toEqual(expectedAnswers(world, world.voters));
    const tally = (day: string, answer: string) => votes.filter((vote) => vote.answers[day] === answer).length;
    expect(tally('d1', 'yes')).toBe(world.voters.filter((_, n) => n % 3 === 0).length);
    expect(tally('d2', 'ifNeedBe')).toBe(VOTERS / 2);
  });

  it('run every due job exactly once between them', () => {
    const runs = fleet.jobRuns();
    expect([...runs.keys()].sort()).toEqual(world.duePolls.map(({ pollId }) => `poll-close:${pollId}`).sort());
    expect([...runs.values()].filter((instances) => instances.length !== 1)).toEqual([]);
    expect([...fleet.closingMessages(world).values()].every((count) => count === 1)).toBe(true);
    const perInstance = fleet.bots.map((_, index) => [...runs.values()].filter(([ran]) => ran === index).length);
    console.log(
      `scale-out: ${VOTERS} votes through ${INSTANCES} instances in ${Math.round(burstMs)} ms, all stored once; ` +
        `${DUE_POLLS} jobs run once each, per instance ${perInstance.join('/')}`,
    );
  });

  it('each stop cleanly on SIGTERM', async () => {
    const exits = await Promise.all(fleet.bots.map((bot) => bot.stop('SIGTERM')));
    expect(exits.map((exit) => exit.code)).toEqual(fleet.bots.map(() => 0));
  });
});

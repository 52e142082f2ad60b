import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet, expectedAnswers, voteBurst, type BurstOutcome, type VotingWorld } from '../support/fleet.js';

/**
 * App Service restarts an instance (a deployment, a platform update, a scale-in) by sending it SIGTERM. Here that
 * happens to a real bot process in the middle of a burst of votes and of a scheduler tick closing polls: nothing an
 * instance acknowledged may be lost, and no job may be lost or run twice once a second instance takes over.
 */
const VOTERS = 160;
const DUE_POLLS = 16;
const HELP_TURNS = 8;
/** Voters who vote while the first instance is running; the rest come after its drain began. */
const DURING = 120;

let fleet: Fleet;
let world: VotingWorld;

beforeAll(async () => {
  fleet = await Fleet.start();
  world = await fleet.seedVoting(VOTERS, DUE_POLLS);
}, 120_000);
afterAll(async () => fleet?.stop());

describe('SIGTERM during a vote burst and a scheduler tick', () => {
  let first: BurstOutcome;
  let resent: BurstOutcome;
  let exit: { code: number | null; ms: number };
  let drain: Record<string, unknown>;
  let inFlight = 0;
  let help: ({ status: number } | undefined)[] = [];
  let late: BurstOutcome;

  beforeAll(async () => {
    const stopping = await fleet.startBot();
    // Let its scheduler get going: a few polls closed, the rest still to come (each closing posts twice).
    await stopping.waitForLog((line) => fleet.jobRuns().size >= 3 && line.msg === 'job done', 60_000);
    const client = fleet.client(() => stopping.url);
    // Replies take a while at the connector, so turns are surely in flight when the signal comes: it is sent as soon
    // as the first of a few people's "hjälp" reaches the connector, in the middle of everyone's votes.
    fleet.connector.answerDelayMs = 1500;
    const helpers = world.voters.slice(0, HELP_TURNS);
    const replied = () => fleet.connector.calls.filter((call) => call.path.includes('a:personal-')).length;
    // …and once some votes have been answered, so the burst is surely under way on a slow machine too.
    let votesAnswered = 0;
    const signalled = (async () => {
      while (replied() === 0 || votesAnswered < 5) await new Promise((resolve) => setTimeout(resolve, 5));
      stopping.signal('SIGTERM');
    })();
    const helpTurns = Promise.all(helpers.map((person) => client.say(person, 'hjälp').catch(() => undefined)));
    const during = voteBurst(client, world, world.voters.slice(0, DURING), (answered) => (votesAnswered = answered));
    await signalled;
    // Votes that come once the drain has begun are turned away (refused connection or 503), never half-done.
    await stopping.waitForLog((line) => line.msg === 'draining: no new requests');
    late = await voteBurst(client, world, world.voters.slice(DURING));
    const [inBurst, helpReplies] = await Promise.all([during, helpTurns]);
    help = helpReplies;
    first = {
      acknowledged: [...inBurst.acknowledged, ...late.acknowledged],
      unacknowledged: [...inBurst.unacknowledged, ...late.unacknowledged],
    };
    exit = await stopping.exit();
    fleet.connector.answerDelayMs = 0;
    drain = await stopping.waitForLog((line) => line.msg.startsWith('stopped'));
    inFlight = Number((await stopping.waitForLog((line) => line.msg === 'draining: no new requests')).requestsInFlight);

    // A second instance takes over; Teams redelivers what was not acknowledged.
    const survivor = await fleet.startBot();
    resent = await voteBurst(
      fleet.client(() => survivor.url),
      world,
      first.unacknowledged,
    );
    const deadline = Date.now() + 90_000;
    while (fleet.jobRuns().size < DUE_POLLS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    // Each closing's announcement goes through the outbox: what the first instance left is sent by the second.
    while ([...fleet.closingMessages(world).values()].some((count) => count === 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
  }, 300_000);

  it('exits 0 within the drain bound, having finished the turns in flight', () => {
    expect(inFlight).toBeGreaterThanOrEqual(1);
    // Every help turn was either finished (its reply delivered) or turned away before it started.
    const answered = help.filter((reply) => reply?.status === 200).length;
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(fleet.connector.calls.filter((call) => call.path.includes('a:personal-')).length).toBe(answered);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(12_000);
    expect(drain).toMatchObject({ msg: 'stopped cleanly', drained: true });
    console.log(
      `SIGTERM drain: ${inFlight} requests in flight finished, exit after ${exit.ms} ms; ` +
        `${first.acknowledged.length} votes acknowledged in all, ` +
        `${first.unacknowledged.length} turned away and redelivered; drain ${JSON.stringify(drain.stoppables)}`,
    );
  });

  it('stored every vote it acknowledged, and every redelivered vote once', async () => {
    expect(first.acknowledged.length).toBeGreaterThanOrEqual(1);
    expect(late.acknowledged).toEqual([]);
    expect(late.unacknowledged).toHaveLength(VOTERS - DURING);
    expect(resent.unacknowledged).toEqual([]);
    const votes = await fleet.polls.listVotes(world.openPollId);
    const stored = new Map(votes.map((vote) => [vote.voter!.id, vote.answers]));
    for (const [voterId, answers] of expectedAnswers(world, first.acknowledged)) {
      expect(stored.get(voterId), voterId).toEqual(answers);
    }
    expect(votes).toHaveLength(VOTERS);
    expect(stored.size).toBe(VOTERS);
  });

  it('closed every due poll once: no job lost, none run twice, wherever it ran', async () => {
    const runs = fleet.jobRuns();
    expect([...runs.keys()].sort()).toEqual(world.duePolls.map(({ pollId }) => `poll-close:${pollId}`).sort());
    expect([...runs.values()].filter((instances) => instances.length !== 1)).toEqual([]);
    expect([...fleet.closingMessages(world).values()].every((count) => count === 1)).toBe(true);
    for (const { pollId } of world.duePolls) expect((await fleet.polls.get(pollId))?.status).toBe('closed');
    const byInstance = [0, 1].map((index) => [...runs.values()].filter(([instance]) => instance === index).length);
    expect(byInstance.every((count) => count > 0)).toBe(true);
  });
});

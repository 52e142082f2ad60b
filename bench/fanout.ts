/**
 * npm run bench:fanout — a coordinator presses "remind non-responders" for 290 members (one per Swedish
 * municipality) while a local connector behaves like Teams: 7 requests a second per conversation, a tenant-wide
 * rate (BENCH_TENANT_RATE, default 30 a second), 429 with Retry-After beyond either, and 5% random 503s
 * (BENCH_FAULT_RATE). The bot runs as deployed, in a process of its own (production composition, default outbox
 * settings); this process holds the store (the embedded Cosmos server) and the connector, as Azure and Teams would.
 *
 * A warm-up round (a freshly started process compiles as it goes), then BENCH_ROUNDS (default 3) rounds, each a
 * fresh poll reminded to all 290; prints each round and the medians of the measured rounds: the coordinator's answer time, the total time until the last reminder was accepted, the floor (messages ÷ tenant
 * rate), their ratio, and delivered / lost / duplicated reminders as counted at the connector.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { createCosmosClient } from '../src/platform/cosmos/client.js';
import { openStorage } from '../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../src/platform/logger.js';
import { municipalities } from '../src/platform/municipalities.js';
import { OUTBOX_SHARDS, OutboxStore } from '../src/platform/outbox/store.js';
import { ChildBot } from '../test/support/child-bot.js';
import { FakeConnector } from '../test/support/connector.js';
import { cardAction, COORDINATOR, gatherCrowd, postActivity } from '../test/support/populated-store.js';

const TENANT_RATE = Number(process.env.BENCH_TENANT_RATE ?? 30);
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.05);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Round = {
  answerMs: number;
  totalMs: number;
  delivered: number;
  lost: number;
  duplicated: number;
  faults: number;
  throttled: number;
  attemptsPerMessage: number;
  told: string;
};

async function main(): Promise<void> {
  const connector = new FakeConnector({
    limits: { perConversationPerSecond: 7, tenantPerSecond: TENANT_RATE, retryAfterSeconds: 1 },
    faultRate: FAULT_RATE,
    seed: 2027,
  });
  await connector.start();
  const cosmos = await startEmbeddedCosmos();
  const database = `bench-${randomUUID()}`;
  const bot = await ChildBot.start(cosmos, {
    COSMOS_DATABASE: database,
    SEED_COORDINATOR_IDS: `${COORDINATOR.id}:${COORDINATOR.name}`,
    OUTBOX_TENANT_RATE: String(TENANT_RATE),
  });
  const client = createCosmosClient(cosmos.connection);
  const storage = await openStorage(client, database, silentLogger);
  const codes = municipalities.all().map((municipality) => municipality.code);
  // One member per municipality, each having talked to the bot 1:1 before (their chat is known).
  const crowd = await gatherCrowd(storage, {
    serviceUrl: connector.url,
    count: codes.length,
    municipalityCodes: codes,
  });
  const outbox = new OutboxStore(storage.containers.outbox);

  const rounds: Round[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const question = `Vilken dag passar omgång ${round}?`;
    const poll = round === 0 ? crowd.poll : await crowd.newPoll(question);
    const asked = round === 0 ? crowd.poll.question : question;
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the connector's windows empty between rounds
    const [callsBefore, faultsBefore, throttledBefore] = [
      connector.calls.length,
      connector.faulted,
      connector.throttled,
    ];

    const clickedAt = Date.now();
    const action = cardAction(connector.url, COORDINATOR, 'polls.remind', { pollId: poll.pollId });
    const answer = await postActivity(bot.url, action);
    const answerMs = Date.now() - clickedAt;
    if (!JSON.stringify(answer.body).includes(`Påminnelser skickas nu till ${crowd.people.length}`))
      throw new Error(`unexpected answer: ${JSON.stringify(answer.body).slice(0, 300)}`);

    // Finished when nothing is pending or sending any more and the coordinator has been told.
    const calls = () => connector.calls.slice(callsBefore);
    const report = () =>
      calls().find((call) => String(call.body?.text ?? '').startsWith(`Påminnelserna om ”${asked}”`));
    const giveUpAt = Date.now() + 5 * 60_000;
    for (;;) {
      let unfinished = 0;
      for (const shard of OUTBOX_SHARDS) unfinished += await outbox.unfinished(shard);
      if (unfinished === 0 && report()) break;
      if (Date.now() > giveUpAt) throw new Error(`still ${unfinished} unfinished after 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const reminders = calls().filter((call) =>
      String(call.body?.text ?? '').startsWith(`Påminnelse: svara gärna på ”${asked}”`),
    );
    const perMember = new Map<string, number>();
    for (const call of reminders) perMember.set(call.path, (perMember.get(call.path) ?? 0) + 1);
    const origin = `poll:${poll.pollId}`;
    const messages = await Promise.all((await outbox.progress(origin)).map((m) => outbox.readMessage(origin, m.key)));
    if (process.env.BENCH_DEBUG) {
      const perSecond = new Map<number, number>();
      for (const call of calls()) {
        const second = Math.floor((call.at - clickedAt) / 1000);
        perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      }
      const refused = connector.refused.filter((refusal) => refusal.at >= clickedAt);
      console.log(`round ${round}: accepted per second`, [...perSecond].map(([at, n]) => `${at}:${n}`).join(' '));
      console.log(`  refused`, refused.map((r) => `${((r.at - clickedAt) / 1000).toFixed(2)}:${r.status}`).join(' '));
    }
    rounds.push({
      answerMs,
      totalMs: Math.max(...reminders.map((call) => call.at)) - clickedAt,
      delivered: perMember.size,
      lost: crowd.people.length - perMember.size,
      duplicated: [...perMember.values()].reduce((sum, count) => sum + count - 1, 0),
      faults: connector.faulted - faultsBefore,
      throttled: connector.throttled - throttledBefore,
      attemptsPerMessage: messages.reduce((sum, message) => sum + (message?.attempts ?? 0), 0) / messages.length,
      told: String(report()?.body?.text ?? ''),
    });
  }

  print(rounds, crowd.people.length);
  await bot.stop();
  client.dispose();
  await cosmos.stop();
  await connector.stop();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function print([warmUp, ...rounds]: Round[], members: number): void {
  const all = [warmUp!, ...rounds];
  const floorMs = (members / TENANT_RATE) * 1000;
  const column = (pick: (round: Round) => string) => all.map((round) => pick(round).padStart(9)).join('');
  const mid = (pick: (round: Round) => number) => median(rounds.map(pick));
  const rows: [string, string, string, string][] = [
    ["coordinator's answer (ms)", column((r) => String(r.answerMs)), String(mid((r) => r.answerMs)), 'target < 3000'],
    ['total time (s)', column((r) => (r.totalMs / 1000).toFixed(2)), (mid((r) => r.totalMs) / 1000).toFixed(2), ''],
    [
      `floor (s) = ${members} ÷ ${TENANT_RATE}/s`,
      column(() => (floorMs / 1000).toFixed(2)),
      (floorMs / 1000).toFixed(2),
      '',
    ],
    [
      'ratio',
      column((r) => (r.totalMs / floorMs).toFixed(3)),
      (mid((r) => r.totalMs) / floorMs).toFixed(3),
      'target ≤ 1.25',
    ],
    ['delivered', column((r) => String(r.delivered)), String(mid((r) => r.delivered)), `of ${members}`],
    ['lost', column((r) => String(r.lost)), String(mid((r) => r.lost)), 'target 0'],
    ['duplicated', column((r) => String(r.duplicated)), String(mid((r) => r.duplicated)), 'target 0'],
    ['503s injected', column((r) => String(r.faults)), String(mid((r) => r.faults)), ''],
    ['429s (over a limit)', column((r) => String(r.throttled)), String(mid((r) => r.throttled)), ''],
    [
      'attempts per message',
      column((r) => r.attemptsPerMessage.toFixed(3)),
      mid((r) => r.attemptsPerMessage).toFixed(3),
      '',
    ],
  ];
  const share = `${Math.round(FAULT_RATE * 100)}% 503s`;
  console.log(`\nbench:fanout — remind non-responders to ${members} members, Teams limits + ${share}`);
  const load = loadavg()[0]!.toFixed(1);
  console.log(
    `(${availableParallelism()} cores, load average ${load} at the end: timings stretch on a busy machine)\n`,
  );
  const heads = ['warm-up', ...rounds.map((_, i) => `round ${i + 1}`)];
  console.log(`  ${''.padEnd(34)}${heads.map((head) => head.padStart(9)).join('')}   median (rounds)`);
  for (const [name, values, middle, note] of rows)
    console.log(`  ${name.padEnd(34)}${values}${middle.padStart(9)}  ${note}`);
  console.log(`\n  the coordinator was then told, 1:1: ${rounds.at(-1)?.told}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

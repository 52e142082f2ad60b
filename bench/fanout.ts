/**
 * npm run bench:fanout — a coordinator presses "remind non-responders" for 290 members (one per Swedish
 * municipality) while the local connector behaves like Teams: 7 requests a second per conversation, a tenant-wide
 * rate (BENCH_TENANT_RATE, default 30 a second), 429 with Retry-After beyond either, and 5% random 503s
 * (BENCH_FAULT_RATE). The reminders go through the real bot: the card action, the outbox, its worker.
 *
 * Prints the coordinator's answer time, the total time until every reminder was accepted, the floor (messages ÷
 * tenant rate), their ratio, and delivered / lost / duplicated reminders counted at the connector.
 */
import { randomUUID } from 'node:crypto';
import { startBot } from '../src/composition.js';
import { loadConfig } from '../src/platform/config.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../src/platform/logger.js';
import { municipalities } from '../src/platform/municipalities.js';
import { ProgrammeStore } from '../src/features/programmes/store.js';
import { MembershipStore } from '../src/features/membership/store.js';
import { PollStore } from '../src/features/polls/store.js';
import { signUp } from '../src/features/membership/domain.js';
import { createPoll } from '../src/features/polls/domain.js';
import { FakeConnector } from '../test/support/connector.js';
import { invokeActivity } from './stacks.js';

const TENANT_RATE = Number(process.env.BENCH_TENANT_RATE ?? 30);
const FAULT_RATE = Number(process.env.BENCH_FAULT_RATE ?? 0.05);
const COORDINATOR = { id: 'bench-coordinator', name: 'Samordnare' };
const BOT_ID = '28:bench-bot';

async function main(): Promise<void> {
  const connector = new FakeConnector({
    limits: { perConversationPerSecond: 7, tenantPerSecond: TENANT_RATE, retryAfterSeconds: 1 },
    faultRate: FAULT_RATE,
    seed: 2027,
  });
  await connector.start();
  const cosmos = await startEmbeddedCosmos();
  const now = new Date();
  const bot = await startBot({
    config: loadConfig({
      PORT: '0',
      COSMOS_DATABASE: `bench-${randomUUID()}`,
      SEED_COORDINATOR_IDS: `${COORDINATOR.id}:${COORDINATOR.name}`,
      VOTE_ANONYMITY_KEY: 'bench-only-anonymity-key-0123456789abcdef',
      SCHEDULER_INTERVAL_SECONDS: '0',
      OUTBOX_TENANT_RATE: String(TENANT_RATE),
    }),
    cosmos: cosmos.connection,
    logger: silentLogger,
  });
  const { containers } = bot.storage;

  // The world: the example programme widened to all of Sweden, one member per municipality in its first group,
  // each having talked to the bot 1:1 before (so their chat is known), and one open poll nobody has answered.
  const programmes = new ProgrammeStore(containers.programmes, containers.conversations);
  const memberships = new MembershipStore(containers.programmes);
  const seeded = (await programmes.list())[0]!;
  const codes = municipalities.all().map((municipality) => municipality.code);
  const programme = await programmes.update(seeded.programmeId, (current) => ({
    ...current,
    region: { municipalityCodes: codes },
  }));
  const group = programme.groups[0]!;
  const members = codes.map((code, n) => ({ person: { id: `member-${n}`, name: `Bibliotekarie ${n}` }, code }));
  for (let i = 0; i < members.length; i += 50) {
    await Promise.all(
      members.slice(i, i + 50).map(({ person, code }) =>
        memberships.save(programme.programmeId, person.id, (current) => ({
          ...signUp(
            programme,
            current,
            person,
            {
              programmeId: programme.programmeId,
              groupIds: [group.id],
              municipalityCode: code,
              preferredChannel: 'teams',
              otherChannel: '',
              roleOrLibrary: '',
            },
            now,
          ),
          contact: {
            teamsUserId: `29:${person.id}`,
            botId: BOT_ID,
            tenantId: 'bench',
            serviceUrl: connector.url,
            language: 'sv',
            conversationId: `a:personal-${person.id}`,
          },
        })),
      ),
    );
  }
  const poll = createPoll(
    {
      programmeId: programme.programmeId,
      groupId: group.id,
      groupName: group.name,
      regionCodes: codes,
      kind: 'date',
      question: 'Vilken dag?',
      optionLabels: [],
      days: [
        { date: '2031-04-15', part: 'fullDay' },
        { date: '2031-04-16', part: 'fullDay' },
      ],
      anonymous: false,
      showResultsBeforeClose: true,
      deadlineDate: new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
      deadlineHour: 12,
    },
    COORDINATOR,
    now,
    `poll-fanout-${randomUUID().slice(0, 8)}`,
  );
  await new PollStore(containers.polls).create(poll);

  // The click.
  bot.storage.meter.reset();
  const activity = invokeActivity(connector.url, COORDINATOR.id, 'polls.remind', { pollId: poll.pollId });
  const clicked = performance.now();
  const clickedAt = Date.now();
  const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const answer = await response.text();
  const answerMs = performance.now() - clicked;
  if (!answer.includes('Påminnelser skickas nu till 290'))
    throw new Error(`unexpected answer: ${answer.slice(0, 300)}`);

  await bot.outbox.drained(5 * 60_000);
  const reminders = connector.calls.filter(
    (call) => call.method === 'POST' && String(call.body?.text ?? '').startsWith('Påminnelse:'),
  );
  const perMember = new Map<string, number>();
  for (const call of reminders) perMember.set(call.path, (perMember.get(call.path) ?? 0) + 1);
  const totalMs = Math.max(...reminders.map((call) => call.at)) - clickedAt;
  const floorMs = (members.length / TENANT_RATE) * 1000;
  const delivered = perMember.size;
  const duplicated = [...perMember.values()].reduce((sum, count) => sum + count - 1, 0);
  const report = connector.calls.find((call) => String(call.body?.text ?? '').startsWith('Påminnelserna om'));

  const rows: [string, string, string][] = [
    ['members reminded', String(members.length), ''],
    ["coordinator's answer", `${answerMs.toFixed(0)} ms`, 'target < 3000 ms'],
    ['total time (click → last reminder)', `${(totalMs / 1000).toFixed(2)} s`, ''],
    [`floor (${members.length} ÷ ${TENANT_RATE}/s)`, `${(floorMs / 1000).toFixed(2)} s`, ''],
    ['ratio', (totalMs / floorMs).toFixed(3), 'target ≤ 1.25'],
    ['delivered', String(delivered), `of ${members.length}`],
    ['lost', String(members.length - delivered), 'target 0'],
    ['duplicated', String(duplicated), 'target 0'],
    ['connector: 503s injected / 429s', `${connector.faulted} / ${connector.throttled}`, ''],
    ['outbox retries', String(bot.outbox.stats.retried), ''],
    ['coordinator told when done', report ? 'yes' : 'no', String(report?.body?.text ?? '')],
  ];
  console.log(
    `\nbench:fanout — remind non-responders, ${members.length} members, Teams limits + ${FAULT_RATE * 100}% 503s\n`,
  );
  for (const [name, value, note] of rows) console.log(`  ${name.padEnd(38)} ${value.padStart(10)}  ${note}`);
  console.log();
  if (process.env.BENCH_DEBUG) {
    const perSecond = new Map<number, number>();
    for (const call of connector.calls) {
      const second = Math.floor((call.at - clickedAt) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    console.log('accepted requests per second after the click:', [...perSecond].map(([s, n]) => `${s}:${n}`).join(' '));
    console.log('store operations after the click:', bot.storage.meter.snapshot());
  }

  await bot.close();
  await cosmos.stop();
  await connector.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

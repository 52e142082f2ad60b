/**
 * npm run bench:booking — booking the kit as libraries do, through the whole bot: 200 people from the region's 8
 * municipalities press "Boka" at the same moment for a start week among 20 (loans of 1–2 weeks, at most 4 weeks
 * per municipality per term), half of them on each of two bot instances that share one store (the embedded
 * Cosmos-compatible server), as two App Service instances share Cosmos DB. Each press is a real Action.Execute
 * over HTTP (door, exactly-once record, guard, the kit's change under its ETag, the answer card).
 *
 * Prints, per round: bookings made (and stored), overlapping weeks in the stored kit (target 0), refusals with
 * alternatives and other answers, p50/p99/max answer time (target: p99 under Teams' 5 s for a card action), and
 * store operations per booking (all containers, and the kit's document alone). As a reference in the same process,
 * the same burst of presses on `help.show` (the help card: it reads, writes nothing) gives the stack's floor.
 * Rounds (BENCH_ROUNDS, default 3) each use a fresh kit.
 */
import { randomUUID } from 'node:crypto';
import type { RunningBot } from '../src/composition.js';
import { startAcceptingConnector, startBenchBot } from './bench-bot.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { SharedReads } from '../src/platform/shared-reads.js';
import { ProgrammeStore } from '../src/features/programmes/store.js';
import { MembershipStore } from '../src/features/membership/store.js';
import { DEFAULT_RULES, holdsWeeks, weeksOf } from '../src/features/kit/domain.js';
import { kitSchema } from '../src/features/kit/schema.js';
import { KitStore } from '../src/features/kit/store.js';
import { addWeeks, weekOf, weeksFrom } from '../src/features/kit/weeks.js';
import { burst, percentile } from './burst.js';
import { invokeActivity } from './stacks.js';
import { signUpInStore, spreadOverRegion } from '../test/support/sign-ups.js';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NOW = new Date('2027-03-01T10:00:00Z');
const STAFF = { id: 'bench-staff', name: 'Regina Region' };
const TENANT = 'bench';

type Attempt = { personId: string; startWeek: string; weekCount: number };

/** A fixed pseudo-random spread, the same every run: who asks for which start week and how long. */
function spread(people: string[], weeks: string[]): Attempt[] {
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: ATTEMPTS }, (_, n) => ({
    personId: people[n % people.length]!,
    startWeek: weeks[Math.floor(next() * weeks.length)]!,
    weekCount: 1 + Math.floor(next() * 2),
  }));
}

async function startInstance(database: string, cosmos: Awaited<ReturnType<typeof startEmbeddedCosmos>>) {
  return startBenchBot(
    cosmos,
    { COSMOS_DATABASE: database, SEED_COORDINATOR_IDS: `${STAFF.id}:${STAFF.name}`, ALLOWED_TENANT_IDS: TENANT },
    { clock: () => NOW },
  );
}

/** The region's people: ATTEMPTS people signed up for the programme's first group, spread over its municipalities. */
async function signUpPeople(bot: RunningBot) {
  const { containers } = bot.storage;
  const programmes = new ProgrammeStore(containers.programmes, containers.conversations);
  const memberships = new MembershipStore(containers.programmes, new SharedReads());
  const programme = (await programmes.list())[0]!;
  const people = Array.from({ length: ATTEMPTS }, (_, n) => ({
    id: `bench-librarian-${n}`,
    name: `Bibliotekarie ${n}`,
  }));
  await signUpInStore(memberships, programme, spreadOverRegion(programme, programme.groups[0]!.id, people), NOW);
  return { programme, people: people.map((p) => p.id) };
}

async function newKit(kits: KitStore, programmeId: string, regionCodes: string[]): Promise<string> {
  const kitId = `bench-${randomUUID().slice(0, 8)}`;
  await kits.create(
    kitSchema.parse({
      id: `kit:${kitId}`,
      type: 'kit',
      programmeId,
      kitId,
      name: 'Makerkit',
      source: { groupId: 'g', outputId: 'o' },
      contents: [{ itemId: 'item1', name: 'Micro:bit', count: 10 }],
      copies: [
        { copyId: '1', label: 'Makerkit', homeLibrary: { name: 'Regionbiblioteket', municipalityCode: '2380' } },
      ],
      rules: DEFAULT_RULES,
      administrators: [STAFF],
      regionCodes,
      createdBy: STAFF,
      createdAt: NOW.toISOString(),
      updatedBy: STAFF,
      updatedAt: NOW.toISOString(),
    }),
  );
  return kitId;
}

type Row = {
  booked: number;
  stored: number;
  overlaps: number;
  withAlternatives: number;
  busy: number;
  other: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  wallMs: number;
  operations: number;
  kitOperations: number;
  floorP99: number;
};

async function main(): Promise<void> {
  const { serviceUrl, server: connector } = await startAcceptingConnector();
  const cosmos = await startEmbeddedCosmos();
  const database = `bench-booking-${randomUUID()}`;
  const first = await startInstance(database, cosmos);
  const second = await startInstance(database, cosmos);
  const instances = [first, second];
  const { programme, people } = await signUpPeople(first);
  const kits = new KitStore(first.storage.containers.kits);
  const weeks = weeksFrom(addWeeks(weekOf(NOW), 1), 20);
  const attempts = spread(people, weeks);
  const endpoint = (bot: RunningBot) => `http://127.0.0.1:${bot.port}/api/messages`;
  const activity = (attempt: Attempt, kitId: string, verb = 'kit.book') =>
    invokeActivity(serviceUrl, attempt.personId, verb, {
      programmeId: programme.programmeId,
      kitId,
      startWeek: attempt.startWeek,
      weekCount: String(attempt.weekCount),
      copyId: 'any',
      municipalityCode: '',
    });
  /** Half the presses on each instance, all at once. */
  const press = async (kitId: string, verb?: string) => {
    const halves = instances.map((bot, index) =>
      burst(
        endpoint(bot),
        attempts.filter((_, n) => n % instances.length === index).map((a) => activity(a, kitId, verb)),
      ),
    );
    return Promise.all(halves);
  };

  const rows: Row[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Warm-up (the same presses on another kit), then the floor: the same presses on the help card (writes nothing).
    await press(await newKit(kits, programme.programmeId, programme.region.municipalityCodes));
    const floor = await press('none', 'help.show');
    const kitId = await newKit(kits, programme.programmeId, programme.region.municipalityCodes);
    for (const bot of instances) bot.storage.meter.reset();
    const started = performance.now();
    const results = await press(kitId);
    const wallMs = performance.now() - started;
    const operations = instances.reduce((sum, bot) => sum + bot.storage.meter.totalExcept('outbox'), 0);
    const kitOperations = instances.reduce(
      (sum, bot) => sum + bot.storage.meter.total - bot.storage.meter.totalExcept('kits'),
      0,
    );
    const kit = (await kits.get(programme.programmeId, kitId))!;
    const held = new Map<string, number>();
    for (const booking of kit.bookings.filter(holdsWeeks))
      for (const week of weeksOf(booking)) held.set(week, (held.get(week) ?? 0) + 1);
    const latencies = results.flatMap((r) => r.latencies);
    const bodies = results.flatMap((r) => r.bodies);
    const count = (text: string) => bodies.filter((body) => body.includes(text)).length;
    // An answer is a card, or a short text (a refusal such as the term limit); anything else went wrong.
    const answered =
      count('application/vnd.microsoft.card.adaptive') + count('application/vnd.microsoft.activity.message');
    rows.push({
      booked: count('Bokat: Makerkit'),
      stored: kit.bookings.filter(holdsWeeks).length,
      overlaps: [...held.values()].filter((count) => count > 1).length,
      withAlternatives: count('Här är de närmaste lediga alternativen'),
      busy: count('Många bokar just nu'),
      other: 0,
      failed: ATTEMPTS - answered,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      wallMs,
      operations,
      kitOperations,
      floorP99: percentile(
        floor.flatMap((r) => r.latencies),
        99,
      ),
    });
    const last = rows.at(-1)!;
    last.other = ATTEMPTS - last.booked - last.withAlternatives - last.busy - last.failed;
    console.log(`round ${round}: ${line(last)}`);
  }
  print(rows);
  await Promise.all(instances.map((bot) => bot.close()));
  await cosmos.stop();
  connector.close();
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

function line(row: Row): string {
  return (
    `attempts ${ATTEMPTS}  bookings made ${row.booked} (stored ${row.stored})  overlaps ${row.overlaps}  ` +
    `refused with alternatives ${row.withAlternatives}  busy ${row.busy}  other answers ${row.other}  ` +
    `unanswered ${row.failed}  p50 ${ms(row.p50)}  p99 ${ms(row.p99)}  max ${ms(row.max)}  wall ${ms(row.wallMs)}  ` +
    `store operations ${row.operations} (${(row.operations / Math.max(1, row.booked)).toFixed(1)}/booking, ` +
    `${(row.operations / ATTEMPTS).toFixed(1)}/attempt; kit document ${row.kitOperations})  ` +
    `floor p99 ${ms(row.floorP99)}`
  );
}

/** The median round of each figure, and the worst round for what must hold every time. */
function print(rows: Row[]): void {
  const median = (pick: (row: Row) => number) => {
    const sorted = rows.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const worst = (pick: (row: Row) => number) => Math.max(...rows.map(pick));
  console.log(
    `\nbooking burst: ${ATTEMPTS} simultaneous presses, 20 weeks, 8 municipalities, 2 instances, ${rows.length} rounds`,
  );
  console.log(`  bookings made               ${median((r) => r.booked)} (median)`);
  console.log(`  overlaps                    ${worst((r) => r.overlaps)} (worst round; target 0)`);
  console.log(`  refusals with alternatives  ${median((r) => r.withAlternatives)} (median)`);
  console.log(`  other answers               ${median((r) => r.other)} (term limit, nothing near: median)`);
  console.log(`  busy / unanswered           ${worst((r) => r.busy)} / ${worst((r) => r.failed)} (worst round)`);
  const p99 = `${ms(median((r) => r.p99))} (median; worst ${ms(worst((r) => r.p99))}; target < 5000 ms)`;
  console.log(`  p99 answer time             ${p99}`);
  console.log(
    `  floor p99 (help.show)       ${ms(median((r) => r.floorP99))} (same burst, the help card, which writes nothing)`,
  );
  const perBooking = (pick: (row: Row) => number) => median((r) => pick(r) / Math.max(1, r.booked)).toFixed(1);
  console.log(
    `  store operations / booking  ${perBooking((r) => r.operations)} ` +
      `(all containers but the outbox; the kit document alone ${perBooking((r) => r.kitOperations)})`,
  );
}

await main();

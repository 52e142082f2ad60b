/**
 * npx tsx bench/kit-store.ts — the kit store under booking bursts, below the bot (no HTTP, no cards): two store
 * instances on two CosmosClients share one embedded server, as two bot instances would share Cosmos DB.
 *   same week   50 attempts at one week of a one-copy kit, on 2 instances and on 50 separate writers
 *   spread      200 attempts by 8 municipalities over 20 weeks (1–2 week loans, at most 4 weeks per term), on 2
 *               and on 8 instances
 * Prints, per burst: bookings, overlaps (checked in the stored kit), refusals with alternatives and other refusals,
 * "busy" answers (gave up after the time budget), ETag conflicts, latency p50/p99/max, and Cosmos operations in
 * all, per attempt and per booking. Rounds (BENCH_ROUNDS, default 3) give a feel for the spread on a shared machine.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { createCosmosClient } from '../src/platform/cosmos/client.js';
import { openStorage, type Storage } from '../src/platform/cosmos/containers.js';
import { startEmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../src/platform/logger.js';
import { fromRepoRoot } from '../src/platform/paths.js';
import { Refusal } from '../src/platform/refusal.js';
import { DEFAULT_RULES, holdsWeeks, placeBooking, weeksOf, WeeksTaken } from '../src/features/kit/domain.js';
import { kitSchema, type Kit } from '../src/features/kit/schema.js';
import { KitStore, randomIds } from '../src/features/kit/store.js';
import { weeksFrom } from '../src/features/kit/weeks.js';
import { percentile } from './burst.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REGION = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];
const now = new Date('2027-03-01T10:00:00Z');
const staff = { id: 'staff', name: 'Regina' };

type Attempt = { municipalityCode: string; startWeek: string; weekCount: number };

function newKit(kitId: string): Kit {
  return kitSchema.parse({
    id: `kit:${kitId}`,
    type: 'kit',
    programmeId: 'bench',
    kitId,
    name: 'Makerkit',
    source: { groupId: 'g', outputId: 'o' },
    contents: [{ itemId: 'item1', name: 'Micro:bit', count: 10 }],
    copies: [{ copyId: '1', label: 'Makerkit', homeLibrary: { name: 'Regionbiblioteket', municipalityCode: '2380' } }],
    rules: DEFAULT_RULES,
    administrators: [staff],
    regionCodes: REGION,
    createdBy: staff,
    createdAt: now.toISOString(),
    updatedBy: staff,
    updatedAt: now.toISOString(),
  });
}

/** A fixed pseudo-random spread, the same every run. */
function spread(count: number): Attempt[] {
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const weeks = weeksFrom('2027-W10', 20);
  return Array.from({ length: count }, (_, n) => ({
    municipalityCode: REGION[n % REGION.length]!,
    startWeek: weeks[Math.floor(next() * weeks.length)]!,
    weekCount: 1 + Math.floor(next() * 2),
  }));
}

async function run(name: string, instances: KitStore[], storages: Storage[], attempts: Attempt[]) {
  const kit = newKit(randomUUID());
  await instances[0]!.create(kit);
  for (const storage of storages) storage.meter.reset();
  const conflictsBefore = instances.reduce((sum, store) => sum + store.stats.conflicts, 0);
  const latencies: number[] = [];
  const refusals = new Map<string, number>();
  let booked = 0;
  let withAlternatives = 0;
  const started = performance.now();
  await Promise.all(
    attempts.map(async (wanted, n) => {
      const begun = performance.now();
      const actor = {
        person: { id: `p${n}`, name: `P${n}` },
        municipalityCode: wanted.municipalityCode,
        isStaff: false,
      };
      try {
        const result = await instances[n % instances.length]!.change(kit.programmeId, kit.kitId, (current) =>
          placeBooking(current, actor, { ...wanted, libraryName: '' }, randomIds, now),
        );
        if (result.written) booked++;
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        refusals.set(error.key, (refusals.get(error.key) ?? 0) + 1);
        if (error instanceof WeeksTaken && error.alternatives.length > 0) withAlternatives++;
      } finally {
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const operations = storages.reduce((sum, storage) => sum + storage.meter.total, 0);
  const conflicts = instances.reduce((sum, store) => sum + store.stats.conflicts, 0) - conflictsBefore;
  const stored = await instances[1]!.require(kit.programmeId, kit.kitId);
  const held = new Map<string, number>();
  for (const booking of stored.bookings.filter(holdsWeeks))
    for (const week of weeksOf(booking)) held.set(week, (held.get(week) ?? 0) + 1);
  const overlaps = [...held.values()].filter((count) => count > 1).length;
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(
    `${name.padEnd(24)} attempts ${attempts.length}  booked ${booked} (stored ${stored.bookings.length})  overlaps ${overlaps}  ` +
      `refused with alternatives ${withAlternatives}  other refusals ${JSON.stringify(Object.fromEntries(refusals))}  ` +
      `conflicts ${conflicts}  wall ${fmt(wallMs)}  p50 ${fmt(percentile(latencies, 50))}  p99 ${fmt(percentile(latencies, 99))}  ` +
      `max ${fmt(Math.max(...latencies))}  operations ${operations} (${(operations / attempts.length).toFixed(1)}/attempt, ` +
      `${(operations / Math.max(1, booked)).toFixed(1)}/booking)`,
  );
}

async function main(): Promise<void> {
  const cosmos = await startEmbeddedCosmos();
  const databaseId = `bench-kit-${randomUUID()}`;
  const agents = [
    cosmos.connection.agent!,
    new Agent({ ca: readFileSync(fromRepoRoot('src/platform/cosmos/localhost-cert.pem')), keepAlive: true }),
  ];
  const clients = agents.map((agent) => createCosmosClient({ ...cosmos.connection, agent }));
  const storages: Storage[] = [];
  for (const client of clients) storages.push(await openStorage(client, databaseId, silentLogger));
  const instances = storages.map((storage) => new KitStore(storage.containers.kits));
  const sameWeek = Array.from({ length: 50 }, (_, n) => ({
    municipalityCode: REGION[n % REGION.length]!,
    startWeek: '2027-W12',
    weekCount: 1,
  }));
  // Each store instance groups what it receives at once into one write; separate stores contend through the ETag.
  const storesOver = (count: number) =>
    Array.from({ length: count }, (_, n) => new KitStore(storages[n % 2]!.containers.kits));
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    await run('same week, 2 instances', instances, storages, sameWeek);
    await run('same week, 50 writers', storesOver(50), storages, sameWeek);
    await run('spread, 2 instances', instances, storages, spread(200));
    await run('spread, 8 instances', storesOver(8), storages, spread(200));
  }
  await storages[0]!.database.delete();
  for (const client of clients) client.dispose();
  agents[1]!.destroy();
  await cosmos.stop();
}

await main();

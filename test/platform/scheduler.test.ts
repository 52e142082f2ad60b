import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler, type DueJob } from '../../src/platform/scheduler.js';
import { silentLogger } from '../../src/platform/logger.js';
import { openTestStorage, type TestStorage } from '../support/test-storage.js';

let target: TestStorage;
beforeAll(async () => {
  target = await openTestStorage();
});
afterAll(async () => target?.cleanup());

describe('Scheduler', () => {
  it('runs each due job once although two instances tick at the same time', async () => {
    const runs: string[] = [];
    const now = () => new Date('2027-03-01T10:00:00Z');
    const due = async (): Promise<DueJob[]> =>
      ['remind:a', 'remind:b', 'close:c'].map((key) => ({ key: `twice-${key}`, run: async () => void runs.push(key) }));
    const instances = [1, 2].map(() => new Scheduler(target.storage.containers.jobs, now, silentLogger));
    for (const instance of instances) instance.register('test', due);

    await Promise.all([...instances.map((i) => i.tick()), ...instances.map((i) => i.tick())]);
    await instances[0]!.tick();
    expect(runs.sort()).toEqual(['close:c', 'remind:a', 'remind:b']);
  });

  it('retries a failed job on a later tick, and gives up after five attempts', async () => {
    let calls = 0;
    const scheduler = new Scheduler(
      target.storage.containers.jobs,
      () => new Date('2027-03-01T10:00:00Z'),
      silentLogger,
    );
    scheduler.register('flaky', async () => [
      {
        key: 'flaky-1',
        run: async () => {
          calls += 1;
          if (calls < 3) throw new Error('connector down');
        },
      },
    ]);
    expect(await scheduler.tick()).toEqual([]);
    expect(await scheduler.tick()).toEqual([]);
    expect(await scheduler.tick()).toEqual(['flaky-1']);
    expect(await scheduler.tick()).toEqual([]);
    expect(calls).toBe(3);

    const hopeless = new Scheduler(
      target.storage.containers.jobs,
      () => new Date('2027-03-01T10:00:00Z'),
      silentLogger,
    );
    let tries = 0;
    hopeless.register('hopeless', async () => [
      {
        key: 'hopeless-1',
        run: async () => {
          tries += 1;
          throw new Error('no');
        },
      },
    ]);
    for (let i = 0; i < 8; i++) await hopeless.tick();
    expect(tries).toBe(5);
  });

  it('takes over a job whose instance died holding it, once the lease has run out', async () => {
    let clock = new Date('2027-03-01T10:00:00Z');
    const runs: string[] = [];
    const dying = new Scheduler(target.storage.containers.jobs, () => clock, silentLogger, 60_000);
    dying.register('x', async () => [{ key: 'lease-1', run: () => new Promise<void>(() => undefined) }]);
    void dying.tick(); // never finishes: the instance "died" while holding the job
    await new Promise((resolve) => setTimeout(resolve, 200));

    const survivor = new Scheduler(target.storage.containers.jobs, () => clock, silentLogger, 60_000);
    survivor.register('x', async () => [{ key: 'lease-1', run: async () => void runs.push('survivor') }]);
    expect(await survivor.tick()).toEqual([]);
    clock = new Date('2027-03-01T10:02:00Z');
    expect(await survivor.tick()).toEqual(['lease-1']);
    expect(runs).toEqual(['survivor']);
  });
});

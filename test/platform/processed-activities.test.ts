import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityInProgress, ProcessedActivities } from '../../src/platform/processed-activities.js';
import { silentLogger } from '../../src/platform/logger.js';
import { openTestStorage, type TestStorage } from '../support/test-storage.js';

let target: TestStorage;
beforeAll(async () => {
  target = await openTestStorage();
});
afterAll(async () => target?.cleanup());

const store = (options: ConstructorParameters<typeof ProcessedActivities>[2] = {}) =>
  new ProcessedActivities(target.storage.containers.activities, silentLogger, options);

let counter = 0;
const newKey = () => `msteams:19:chat:${++counter}-${Date.now()}`;

describe('ProcessedActivities (exactly-once effects per activity)', () => {
  it('has the effect once; a later redelivery gets the same answer without it', async () => {
    const activities = store();
    const key = newKey();
    let effects = 0;
    const run = async () => ({ text: `Omröstning ${++effects} skapad` });
    expect(await activities.once(key, run)).toEqual({ text: 'Omröstning 1 skapad' });
    expect(await activities.once(key, run)).toEqual({ text: 'Omröstning 1 skapad' });
    expect(await store().once(key, run)).toEqual({ text: 'Omröstning 1 skapad' }); // another instance
    expect(effects).toBe(1);
  });

  it('gives concurrent redeliveries the first delivery’s answer', async () => {
    const key = newKey();
    let effects = 0;
    const slow = async () => {
      effects += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'klar' }] };
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => store().once(key, slow)));
    expect(effects).toBe(1);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('remembers an effect that answered nothing', async () => {
    const key = newKey();
    let effects = 0;
    await store().once(key, async () => void (effects += 1));
    expect(await store().once(key, async () => void (effects += 1))).toBeUndefined();
    expect(effects).toBe(1);
  });

  it('lets a redelivery try again when the effect failed', async () => {
    const key = newKey();
    await expect(
      store().once(key, async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    expect(await store().once(key, async () => 'second try')).toBe('second try');
  });

  it('takes over a claim whose process died once its lease has run out, and not before', async () => {
    const key = newKey();
    let now = Date.now();
    const clock = () => now;
    const dying = store({ leaseMs: 10_000, now: clock });
    void dying.once(key, () => new Promise(() => undefined)).catch(() => undefined); // never finishes
    await new Promise((resolve) => setTimeout(resolve, 100));

    const impatient = store({ leaseMs: 10_000, waitMs: 300, now: clock });
    await expect(impatient.once(key, async () => 'too early')).rejects.toBeInstanceOf(ActivityInProgress);
    now += 11_000;
    expect(await store({ leaseMs: 10_000, now: clock }).once(key, async () => 'taken over')).toBe('taken over');
  });

  it('forgets records after a day (the cleanup the scheduler runs)', async () => {
    const key = newKey();
    let now = Date.now();
    const activities = store({ now: () => now });
    await activities.once(key, async () => 'yesterday');
    now += 25 * 3600 * 1000;
    expect(await activities.deleteExpired()).toBeGreaterThanOrEqual(1);
    expect(await activities.once(key, async () => 'today')).toBe('today');
  });
});

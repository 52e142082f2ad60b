import { AsyncLocalStorage } from 'node:async_hooks';

/** How many documents were written in each container while a piece of work ran. */
export type WriteCounts = Record<string, number>;

const current = new AsyncLocalStorage<WriteCounts>();

/**
 * Runs `work` and counts the writes it made through Documents (creates, upserts, replaces, deletes), by container.
 * The audit trail uses it to tell a change from a card that only showed errors: a use case cannot forget to say
 * that nothing was saved, because the store says it. Work started inside and still running after `work` resolves
 * (a file received in the background) is not waited for.
 */
export async function countingWrites<T>(work: () => Promise<T>): Promise<{ result: T; writes: WriteCounts }> {
  const writes: WriteCounts = {};
  const result = await current.run(writes, work);
  return { result, writes };
}

/** Called by Documents on every write; outside countingWrites it does nothing. */
export function noteWrite(container: string): void {
  const writes = current.getStore();
  if (writes) writes[container] = (writes[container] ?? 0) + 1;
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';

/**
 * How long the store may take on behalf of the request being answered. Teams gives up on a card action after about
 * 5 s and on a message after about 15 s, so a request that waits on a frozen store for longer answers nobody. The
 * HTTP server runs each turn inside `withStoreDeadline`; every Cosmos call made during it shares that one budget.
 * Work outside a request (the scheduler, the outbox worker, work a handler left running after it answered) gets a
 * budget per call instead: the turn's budget stops applying once the turn is over.
 */
type Budget = { signal: AbortSignal; over: boolean };

const current = new AsyncLocalStorage<Budget>();

/**
 * The store's share of the time Teams waits for an answer: a card action must be answered within about 5 s (we aim
 * for 3), a message within about 15 s (we aim for 10). What is left covers the answer itself. Pages and files for a
 * browser (the board, calendar links) get 10 s.
 */
export const STORE_BUDGET_MS = { invoke: 2_500, message: 8_000, page: 10_000 } as const;

/** The budget for calls outside a request: long enough for a throttled or slow store, never for ever. */
export const BACKGROUND_CALL_MS = 30_000;

export async function withStoreDeadline<T>(ms: number, run: () => Promise<T>): Promise<T> {
  const budget: Budget = { signal: AbortSignal.timeout(ms), over: false };
  // Every store call of the turn listens to the one signal: many in parallel are expected, not a leak.
  setMaxListeners(0, budget.signal);
  try {
    return await current.run(budget, run);
  } finally {
    budget.over = true;
  }
}

/** The signal a Cosmos call made now must honour. */
export function storeSignal(): AbortSignal {
  const budget = current.getStore();
  return budget && !budget.over ? budget.signal : AbortSignal.timeout(BACKGROUND_CALL_MS);
}

/**
 * Runs work that must not inherit the caller's request budget (a loop started from inside a turn, for example):
 * without this, every store call it makes would share the turn's few seconds.
 */
export function outsideStoreDeadline<T>(run: () => T): T {
  return current.exit(run);
}

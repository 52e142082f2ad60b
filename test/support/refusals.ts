import { Refusal } from '../../src/platform/refusal.js';

/** The refusal a domain rule throws, or undefined when it accepts: lets tests read as "refuses with key X". */
export function refusalOf(run: () => unknown): { key: string; values: Record<string, unknown> } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return { key: error.key, values: error.values };
    throw error;
  }
  return undefined;
}

export function refusalKey(run: () => unknown): string | undefined {
  return refusalOf(run)?.key;
}

import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'fokusgrupper' } });
}

/** Tests and benchmarks keep their output for their own figures. */
export const silentLogger: Logger = pino({ level: 'silent' });

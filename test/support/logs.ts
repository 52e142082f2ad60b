import { pino, type Logger } from 'pino';

export type LogLine = { level: number; msg?: string } & Record<string, unknown>;

/** A real pino logger whose lines the test can read: for "nothing is logged at error level" and the like. */
export function capturingLogger(): { logger: Logger; lines: LogLine[]; errors: () => LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  // pino levels: 50 error, 60 fatal
  return { logger, lines, errors: () => lines.filter((line) => line.level >= 50) };
}

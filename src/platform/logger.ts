import { pino, type DestinationStream, type Logger } from 'pino';
import { telemetry } from './telemetry/telemetry.js';

export type { Logger };

export type LoggerOptions = {
  /**
   * The values of the secret settings (config.ts secretValues): whatever a library puts in an error message or a
   * stack, a log line never carries them; they are blanked in each line as it is written.
   */
  secrets?: string[];
  /** Where lines go instead of stdout (tests). */
  destination?: DestinationStream;
};

/**
 * JSON lines on stdout (App Service keeps them). A line written during a traced turn or job carries its trace and
 * span ids, the same ids Application Insights shows as the operation id, so logs and traces can be joined.
 */
export function createLogger(level: string, { secrets = [], destination }: LoggerOptions = {}): Logger {
  const blanked = secrets.filter((secret) => secret.length >= 4);
  const options = {
    level,
    base: { service: 'fokusgrupper' },
    mixin: () => {
      const span = telemetry.currentSpanContext();
      return span ? { traceId: span.traceId, spanId: span.spanId } : {};
    },
    ...(blanked.length > 0 ? { hooks: { streamWrite: (line: string) => withoutSecrets(line, blanked) } } : {}),
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Every occurrence of each secret (also as it appears inside JSON strings) replaced by a marker. */
export function withoutSecrets(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of secrets) {
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (result.includes(form)) result = result.split(form).join('[secret]');
    }
  }
  return result;
}

/** Tests and benchmarks keep their output for their own figures. */
export const silentLogger: Logger = pino({ level: 'silent' });

import { pino, type DestinationStream, type Logger } from 'pino';
import { telemetry } from './telemetry/telemetry.js';

export type { Logger };

/**
 * JSON lines on stdout (App Service keeps them). A line written during a traced turn or job carries its trace and
 * span ids, the same ids Application Insights shows as the operation id, so logs and traces can be joined.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'fokusgrupper' },
    mixin: () => {
      const span = telemetry.currentSpanContext();
      return span ? { traceId: span.traceId, spanId: span.spanId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Tests and benchmarks keep their output for their own figures. */
export const silentLogger: Logger = pino({ level: 'silent' });

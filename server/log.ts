import { hostname } from 'node:os';
import { pino } from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';

/**
 * Structured logs: one JSON object per line on stderr (pino), filtered by LOG_LEVEL. Every line carries the
 * process id (`pid`), the host name and, where known, the request, session and member ids; tokens and
 * personal data (names, join attributes) are replaced by "[redacted]" wherever they appear in the fields.
 *
 * The interface is deliberately small — `log.info(message, fields)` — so that core code never depends on
 * pino; `child` (optional, so any object with the four methods is still a Logger) gives per-module loggers.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line carries `bindings` too (e.g. `{ module: 'documents' }`). */
  child?(bindings: Record<string, unknown>): Logger;
}

/** Field names whose values never reach a log line, at any depth up to three levels. */
export const REDACTED_KEYS = [
  'token',
  'resume',
  'resumeToken',
  'authorization',
  'cookie',
  'secret',
  'adminToken',
  'password',
  'attributes',
] as const;

const redactPaths = [
  ...REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
  // A person's name, wherever a member or a handshake is logged (an error's `name` stays: "TypeError").
  'name',
  'member.name',
  '*.member.name',
  'auth.name',
  '*.auth.name',
];

/** The pino logger behind a `Logger` (pino-http takes it). */
const PINO = Symbol('pino');
type PinoBacked = Logger & { [PINO]: PinoLogger };

export function createLogger(
  level: LogLevel,
  write?: (line: string) => void,
  base: Record<string, unknown> = {},
): Logger {
  const destination: DestinationStream = write
    ? { write }
    : // Synchronous: a line written just before process.exit (the end of a graceful stop) is not lost.
      pino.destination({ fd: 2, sync: true });
  const logger = pino(
    {
      level,
      base: { pid: process.pid, hostname: hostname(), ...base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.errWithCause },
    },
    destination,
  );
  return wrap(logger);
}

function wrap(logger: PinoLogger): PinoBacked {
  const emit = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (!logger.isLevelEnabled(lvl)) return;
    if (fields) logger[lvl](serialise(fields), msg);
    else logger[lvl](msg);
  };
  return {
    [PINO]: logger,
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (bindings) => wrap(logger.child(bindings)),
  };
}

/** A logger for one module: its lines carry `module` (and `bindings`), whatever Logger it comes from. */
export function moduleLogger(log: Logger, module: string, bindings: Record<string, unknown> = {}): Logger {
  // pino repeats a key bound twice (`"module":"x","module":"x"`): a child of a module logger only adds fields.
  if ((log as Partial<PinoBacked>)[PINO]?.bindings().module === module && log.child)
    return log.child(bindings);
  const all = { module, ...bindings };
  if (log.child) return log.child(all);
  const add = (fields?: Record<string, unknown>) => ({ ...all, ...fields });
  return {
    debug: (msg, fields) => log.debug(msg, add(fields)),
    info: (msg, fields) => log.info(msg, add(fields)),
    warn: (msg, fields) => log.warn(msg, add(fields)),
    error: (msg, fields) => log.error(msg, add(fields)),
  };
}

/** The pino instance behind a logger made here, for pino-http; undefined for any other Logger. */
export function pinoOf(log: Logger): PinoLogger | undefined {
  return (log as Partial<PinoBacked>)[PINO];
}

/** Errors anywhere in the top-level fields are logged with their message, stack and cause. */
function serialise(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error && key !== 'err') {
      out ??= { ...fields };
      out[key] = pino.stdSerializers.errWithCause(value);
    }
  }
  return out ?? fields;
}

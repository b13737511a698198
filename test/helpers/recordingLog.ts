import type { Logger } from '../../server/log.js';

/** A log line's level, as the server's `Logger` has them. */
export type RecordedLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A `Logger` for unit tests that hands every line to `record` (level, message, fields), so a test keeps the
 * lines it asserts on in the shape it reads best.
 */
export function recordingLog(
  record: (level: RecordedLevel, msg: string, fields: Record<string, unknown> | undefined) => void,
): Logger {
  const at =
    (level: RecordedLevel) =>
    (msg: string, fields?: Record<string, unknown>): void =>
      record(level, msg, fields);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

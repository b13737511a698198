import type { Histogram, Registry } from 'prom-client';
import type { Clock } from './core/clock.js';
import type { Logger } from './log.js';

/**
 * What operators count (prom-client, served at /metrics). Created once in the composition root and handed
 * to the few places that count; everything else is observed from outside: stores are wrapped (latency),
 * the clock is wrapped (timer lateness), log lines are tapped (refused document writes), and gauges read
 * live values when scraped. So the core knows nothing of metrics, and code changing underneath (documents,
 * presence, voice) needs no metrics call of its own.
 */
export interface Metrics {
  /** Prometheus' registry; undefined when metrics are off (served nowhere: see {@link metricsOff}). */
  readonly registry: Registry | undefined;
  /** `palabre_store_seconds` (see {@link timedStore}); undefined when metrics are off. */
  readonly storeSeconds: Histogram<'store' | 'op' | 'outcome'> | undefined;
  /** `palabre_timer_lateness_seconds` (see {@link timedClock}); undefined when metrics are off. */
  readonly timerLateness: Histogram | undefined;
  /** A command answered: its type and `ok` or the error code. */
  command(type: string, outcome: string): void;
  /** A refusal at an edge: `command`, `document` (a write), `socket` (handshake), `upgrade` (document). */
  refused(edge: 'command' | 'document' | 'socket' | 'upgrade', code: string): void;
  /** A document frame, received from a client or sent to one, with its size. */
  documentFrame(direction: 'in' | 'out', bytes: number): void;
  /** Reads live values when scraped (sockets, document connections, sessions…). */
  watch(sources: Partial<LiveSources>): void;
}

export interface LiveSources {
  sockets: () => number;
  documentConnections: () => number;
  documentsLoaded: () => number;
  sessions: () => { live: number; cached: number; groups: number };
}

/**
 * Metrics when /metrics is served somewhere (METRICS_TOKEN, METRICS_PORT, or outside production): loads
 * prom-client (with its dependencies, about 13 MiB of a process's memory) and starts the process metrics.
 */
export async function createMetrics(options: { defaultMetrics?: boolean } = {}): Promise<Metrics> {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = await import('prom-client');
  const registry = new Registry();
  registry.setDefaultLabels({});
  // Process metrics: CPU, memory, file descriptors, GC, and the event-loop lag (nodejs_eventloop_lag_*).
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'palabre_' });

  const sources: Partial<LiveSources> = {};
  const gauge = (name: string, help: string, read: () => number | undefined) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read();
        if (value !== undefined) this.set(value);
      },
    });
  gauge('palabre_sockets', 'Open socket.io connections on this process', () => sources.sockets?.());
  gauge('palabre_document_connections', 'Open y-websocket connections on this process', () =>
    sources.documentConnections?.(),
  );
  gauge('palabre_documents_loaded', 'Documents held in memory', () => sources.documentsLoaded?.());
  gauge(
    'palabre_sessions_live',
    'Sessions running (status live) held by this process',
    () => sources.sessions?.().live,
  );
  gauge(
    'palabre_sessions_cached',
    'Sessions held in memory by this process',
    () => sources.sessions?.().cached,
  );
  gauge(
    'palabre_groups_live',
    'Open groups of the live sessions held by this process',
    () => sources.sessions?.().groups,
  );

  const commands = new Counter({
    name: 'palabre_commands_total',
    help: 'Commands answered, by type and outcome (ok, or the error code)',
    labelNames: ['type', 'outcome'],
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'palabre_refusals_total',
    help: 'Refusals by edge (command, document write, socket handshake, document upgrade) and error code',
    labelNames: ['edge', 'code'],
    registers: [registry],
  });
  // Frames are counted in plain numbers and handed to prom-client when scraped: a broadcast sends one frame
  // per reader, and a labelled `inc` per frame (label hashing, a map look-up) showed in the CPU profile of the
  // fan-out bench (issue #17) for a figure read once every 15 s.
  const tally = { in: { frames: 0, bytes: 0 }, out: { frames: 0, bytes: 0 } };
  const counted = { in: { frames: 0, bytes: 0 }, out: { frames: 0, bytes: 0 } };
  const tallied = (name: string, help: string, field: 'frames' | 'bytes') =>
    new Counter({
      name,
      help,
      labelNames: ['direction'],
      registers: [registry],
      collect() {
        for (const direction of ['in', 'out'] as const) {
          const delta = tally[direction][field] - counted[direction][field];
          counted[direction][field] = tally[direction][field];
          if (delta > 0) this.inc({ direction }, delta);
        }
      },
    });
  tallied(
    'palabre_document_frames_total',
    'y-websocket frames (updates, sync, awareness) received from clients or sent to them',
    'frames',
  );
  tallied(
    'palabre_document_bytes_total',
    'Bytes of y-websocket frames received from clients or sent to them',
    'bytes',
  );

  const storeSeconds = new Histogram({
    name: 'palabre_store_seconds',
    help: 'Time taken by store operations (the Redis round trip with REDIS_URL), by store, operation, outcome',
    labelNames: ['store', 'op', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const timerLateness = new Histogram({
    name: 'palabre_timer_lateness_seconds',
    help: 'How late timers fire after their deadline (turn expiries, pacing); high values mean an overloaded process',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  return {
    registry,
    storeSeconds,
    timerLateness,
    command(type, outcome) {
      commands.inc({ type, outcome });
      if (outcome !== 'ok') refusals.inc({ edge: 'command', code: outcome });
    },
    refused(edge, code) {
      refusals.inc({ edge, code });
    },
    documentFrame(direction, size) {
      const t = tally[direction];
      t.frames++;
      t.bytes += size;
    },
    watch(more) {
      Object.assign(sources, more);
    },
  };
}

/**
 * Metrics off: /metrics is served nowhere (production without METRICS_TOKEN or METRICS_PORT), so nothing is
 * counted and prom-client is never loaded; stores and the clock are used as they are.
 */
export function metricsOff(): Metrics {
  return {
    registry: undefined,
    storeSeconds: undefined,
    timerLateness: undefined,
    command: () => undefined,
    refused: () => undefined,
    documentFrame: () => undefined,
    watch: () => undefined,
  };
}

/**
 * The same store, timed: every method that returns a promise is observed in `palabre_store_seconds`. A Proxy,
 * so optional methods stay optional and properties (`shared`) read through. With metrics off, the store itself.
 */
export function timedStore<T extends object>(store: T, name: string, metrics: Metrics, backend: string): T {
  const histogram = metrics.storeSeconds;
  if (!histogram) return store;
  const label = `${backend}:${name}`;
  return new Proxy(store, {
    get(target, prop) {
      // The target itself as `this`: class stores with private fields work through the proxy.
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const end = histogram.startTimer({ store: label, op: prop });
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.then(
            (v: unknown) => {
              end({ outcome: 'ok' });
              return v;
            },
            (err: unknown) => {
              end({ outcome: 'error' });
              throw err;
            },
          );
        }
        return result;
      };
    },
  });
}

/**
 * The same clock, whose timers report how late they fire (turn expiries, pacing, pending updates…). With
 * metrics off, the clock itself.
 */
export function timedClock(clock: Clock, metrics: Metrics): Clock {
  const lateness = metrics.timerLateness;
  if (!lateness) return clock;
  return {
    now: () => clock.now(),
    at: (at, fn) =>
      clock.at(at, () => {
        lateness.observe(Math.max(0, clock.now() - at) / 1000);
        fn();
      }),
  };
}

/**
 * A logger that also counts what some of its lines report (so the code logging them needs no metrics
 * call): refused document writes, by code.
 */
export function countingLogger(log: Logger, metrics: Metrics): Logger {
  const tap = (msg: string, fields?: Record<string, unknown>) => {
    if (msg === 'document update refused' && typeof fields?.code === 'string') {
      metrics.refused('document', fields.code);
    }
  };
  const wrap =
    (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
      tap(msg, fields);
      log[level](msg, fields);
    };
  return {
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    ...(log.child
      ? { child: (bindings: Record<string, unknown>) => countingLogger(log.child!(bindings), metrics) }
      : {}),
  };
}

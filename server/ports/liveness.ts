/**
 * When a Palabre process was last known to be up, shared by every process of a deployment. Each process records
 * a beat every few seconds; a process that starts reads the last beat first: a long gap means that no process
 * was up meanwhile (an outage), and running speaking turns must not count that time as spoken (see
 * core/outages.ts).
 */
export interface Liveness {
  /** Records that a process is up at `at` (ms since epoch). Keeps the latest beat if clocks disagree. */
  beat(at: number): Promise<void>;
  /** The latest beat any process recorded (ms since epoch), or null when none ever did. */
  last(): Promise<number | null>;
  close(): Promise<void>;
}

/**
 * Something the server does by itself when facts arrive: a turn's time runs out, a group leaves drafting, a
 * vote closes, a speaker's last connection goes, the process starts after an outage. A reaction turns facts
 * into commands that go through `decide` like anyone's (as the `system` actor); it never reaches around it.
 * Every reaction is listed, in start order, in `reactions/index.ts`.
 */
export interface Reaction {
  /** A short name, for logs. */
  readonly name: string;
  /** Starts listening; may finish start-up work first (arming the turns of stored sessions, say). */
  start(): void | Promise<unknown>;
  /** Stops listening and cancels its timers. */
  stop(): void | Promise<void>;
}

import type { ErrorCode, PalabreError } from '../errors.js';
import type { CommandOf, CommandType } from './commands.js';
import type { NewEvent } from './events.js';
import type { CommandInputs } from './outcomes/types.js';
import type { Actor, Member, Role, SessionState } from './types.js';

export type Decision = { ok: true; events: NewEvent[] } | { ok: false; error: PalabreError };

export interface DecideContext {
  /** Server time, ms since epoch. */
  now: number;
  actor: Actor;
  /** The acting member, resolved and checked by `decide` (null for system and admin actors). */
  member: Member | null;
  /** Fresh unique ids; injected so that `decide` stays pure and testable. */
  newId: (prefix: string) => string;
  /** What the server read outside the log for this command (the ballot box); never from clients. */
  inputs?: CommandInputs | undefined;
}

/** Who may issue a command: member roles, the server itself (`system`), or the HTTP admin. */
export type Issuer = Role | 'system' | 'admin';

export interface CommandSpec<K extends CommandType> {
  issuers: readonly Issuer[];
  /** Whether the command is accepted before the session is live (default: true). */
  beforeLive?: boolean;
  /** Whether the command is accepted once the session has ended (default: false; versions are recorded then). */
  afterEnd?: boolean;
  decide(state: SessionState, command: CommandOf<K>, ctx: DecideContext): Decision;
}

export type CommandSpecs<K extends CommandType> = { [P in K]: CommandSpec<P> };

export const accept = (...events: NewEvent[]): Decision => ({ ok: true, events });
export const refuse = (code: ErrorCode, message: string): Decision => ({
  ok: false,
  error: { code, message },
});

export const FACILITATION: readonly Issuer[] = ['facilitator', 'admin'];

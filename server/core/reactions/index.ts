import type { Logger } from '../../log.js';
import type { BallotBox } from '../../ports/ballotBox.js';
import type { Liveness } from '../../ports/liveness.js';
import type { PresenceService } from '../presence/presenceService.js';
import type { VersionStore } from '../../ports/versionStore.js';
import type { Clock } from '../clock.js';
import type { DocumentService } from '../documents/documentService.js';
import type { SessionService } from '../sessionService.js';
import { OutageRecovery } from './outageRecovery.js';
import type { Reaction } from './reaction.js';
import { SecretBallots } from './secretBallots.js';
import { SessionRetention } from './sessionRetention.js';
import type { PrivacyService } from '../privacy.js';
import { TurnTimers } from './turnTimers.js';
import { VersionRecording } from './versionRecording.js';

export type { Reaction } from './reaction.js';

export interface ReactionDeps {
  sessions: SessionService;
  documents: DocumentService;
  presence: PresenceService;
  ballotBox: BallotBox;
  versions: VersionStore;
  liveness: Liveness;
  clock: Clock;
  log: Logger;
  /** How often this process records that it is up (ms). */
  heartbeatMs: number;
  /** Deletes sessions (retention). */
  privacy?: PrivacyService | undefined;
  /** Ended sessions are deleted this long after their end (RETENTION_DAYS); undefined: kept. */
  retentionMs?: number | undefined;
}

/**
 * Everything the server does by itself, in the order it starts (and the reverse order it stops). A newcomer
 * reads here all that happens besides answering clients.
 */
export function createReactions(deps: ReactionDeps): Reaction[] {
  const { sessions, clock, log } = deps;
  return [
    // First: a turn whose time ran out while no process was up gets its time back before any timer is armed.
    new OutageRecovery(sessions, deps.liveness, clock, log, deps.heartbeatMs),
    // Who is here: members connected anywhere (`presence.enter`/`presence.leave`), leases of the processes
    // holding them, departures of members whose process died. A departing speaker loses the floor when the
    // session says so (`speakerDrop: 'end'`, decided with `member.disconnected` in floor/effects.ts).
    deps.presence,
    // Turns end on time: `turn.expire` at each running turn's `endsAt` (also the turns of stored sessions).
    new TurnTimers(sessions, clock, log),
    // Secret ballots go to the ballot box, never to the log; the box is read at close and then emptied.
    new SecretBallots(sessions, deps.ballotBox, log),
    // A group leaving a drafting stretch: its document is recorded (`document.record`: id, hash, text).
    new VersionRecording(sessions, deps.documents, deps.versions, log),
    // Personal data is not kept for ever: ended sessions are deleted RETENTION_DAYS after their end.
    ...(deps.privacy && deps.retentionMs !== undefined
      ? [new SessionRetention(sessions, deps.privacy, clock, log, deps.retentionMs)]
      : []),
  ];
}

/** Starts reactions one after another (each may finish start-up work first). */
export async function startReactions(reactions: readonly Reaction[], log: Logger): Promise<void> {
  for (const reaction of reactions) {
    try {
      await reaction.start();
    } catch (err) {
      throw new Error(`reaction "${reaction.name}" could not start`, { cause: err });
    }
    log.debug('reaction started', { reaction: reaction.name });
  }
}

/** Stops reactions in the reverse order; one failing does not keep the others running. */
export async function stopReactions(reactions: readonly Reaction[], log: Logger): Promise<void> {
  for (const reaction of [...reactions].reverse()) {
    try {
      await reaction.stop();
    } catch (err) {
      log.error('a reaction did not stop cleanly', { err, reaction: reaction.name });
    }
  }
}

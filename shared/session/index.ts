/**
 * The pure domain of a session, laid out by feature: `members/` (the session itself, settings, members,
 * announcements), `phases/` (agenda, groups, phases), `floor/` (speaking queue and turns), `outcomes/`
 * (draws, drafts and harvest, votes), `documents/` (who may read and write, versions), `voice/` (floor modes, microphones, who may be heard). Each has the same
 * parts: schemas (commands), events, decide, evolve, project, types. The files at this level gather them.
 */
export * from './types.js';
export * from './events.js';
export * from './schemas.js';
export * from './commands.js';
export * from './members/schemas.js';
export * from './phases/schemas.js';
export * from './phases/templates.js';
export * from './outcomes/schemas.js';
export { drawGroups, seededRandom } from './outcomes/draw.js';
export { tally, tallyVote, ranking, ballotProblem } from './outcomes/tally.js';
export { decide, commandSpecs, issuerOf } from './decide.js';
export type { DecideContext, Decision, Issuer } from './decide.js';
export { evolve, replay } from './evolve.js';
export { project, projectEvent, audienceOf, AUDIENCES } from './project.js';
export type { Audience } from './project.js';
export type { QueueEventData, TurnEndReason, HandLowerReason } from './floor/events.js';
export { queueOrder, effectivePolicy } from './floor/order.js';
export { queueIsOpen, turnLengthMs, remainingMs, heldMs } from './floor/turns.js';
export { gini, groupEquity, sessionEquity } from './floor/equity.js';
export type { EquityFigures, MemberSpeaking } from './floor/equity.js';
export * from './documents/access.js';
export * from './documents/versions.js';
export { seenPhase } from './phases/expectations.js';
export type { SeenPhase, SeenPhases } from './phases/expectations.js';
export { seenTurnId } from './floor/expectations.js';
export * from './voice/schemas.js';
export { audibleIn, mayBeHeard, listenersOf, roomOf, floorMode } from './voice/audible.js';

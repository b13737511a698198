import type { CommandType } from './commands.js';
import type { Command } from './commands.js';
import { chatCommands } from './chat/decide.js';
import { inviteCommands } from './invites/decide.js';
import { documentCommands } from './documents/decide.js';
import { floorCommands } from './floor/decide.js';
import { memberAndSessionCommands } from './members/decide.js';
import { outcomeCommands } from './outcomes/decide.js';
import { phaseAndGroupCommands } from './phases/decide.js';
import type { CommandSpec, CommandSpecs, DecideContext, Decision, Issuer } from './decision.js';
import { refuse } from './decision.js';
import { evolve } from './evolve.js';
import { withQueueEffects } from './floor/effects.js';
import type { Actor, Member, SessionState } from './types.js';
import { voiceCommands } from './voice/decide.js';

export type { DecideContext, Decision, Issuer } from './decision.js';

/**
 * The table of every command: who may issue it and how it is decided. Each feature folder decides its own
 * commands (`<feature>/decide.ts`).
 */
export const commandSpecs: CommandSpecs<CommandType> = {
  ...memberAndSessionCommands,
  ...phaseAndGroupCommands,
  ...outcomeCommands,
  ...floorCommands,
  ...documentCommands,
  ...chatCommands,
  ...inviteCommands,
  ...voiceCommands,
};

export function issuerOf(
  state: SessionState,
  actor: Actor,
): { issuer: Issuer; member: Member | null } | Decision {
  if (actor.kind !== 'member') return { issuer: actor.kind, member: null };
  const member = state.members[actor.memberId];
  if (!member) return refuse('not_member', 'you are not a member of this session');
  if (member.removed) return refuse('not_member', 'you were removed from this session');
  return { issuer: member.role, member };
}

/**
 * decide(state, command, actor, now) → events | error. Checks, in order: the session is not ended,
 * the actor is a current member, its role may issue the command; then the command's own rules
 * (membership, phase, limits).
 */
export function decide(state: SessionState, command: Command, ctx: Omit<DecideContext, 'member'>): Decision {
  const spec = commandSpecs[command.type] as CommandSpec<CommandType>;
  if (state.status === 'ended' && spec.afterEnd !== true) {
    return refuse('session_ended', 'this session has ended; it is read-only');
  }
  const who = issuerOf(state, ctx.actor);
  if ('ok' in who) return who;
  if (!spec.issuers.includes(who.issuer)) {
    return refuse(
      'forbidden',
      who.issuer === 'observer'
        ? 'observers are read-only'
        : `a ${who.issuer} may not ${command.type.replace('.', ' ')}`,
    );
  }
  if (spec.beforeLive === false && state.status !== 'live') {
    return refuse('invalid_state', 'the session is not live yet');
  }
  const decision = spec.decide(state, command as never, { ...ctx, member: who.member });
  return withQueueEffects(state, decision, ctx, evolve);
}

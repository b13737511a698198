import type { SessionService } from '../../server/core/sessionService.js';
import type { Command } from '../../shared/session/commands.js';
import type { Actor, Role } from '../../shared/session/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';

const system: Actor = { kind: 'system' };

/**
 * Drives one session of a real SessionService as the tests of reactions do: `run` executes a command and fails
 * the test on a refusal (with the command and the reason), `join` adds a member (as the server does once it
 * has checked an invite), to `groupId` when given, and returns them as an actor.
 */
export function sessionDriver(sessions: SessionService, sessionId: string) {
  const run = async (command: Command, actor: Actor) => {
    const result = await sessions.execute(sessionId, command, actor);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.message}`);
    return result;
  };
  const join = async (
    name: string,
    role: Extract<Role, 'facilitator' | 'participant' | 'observer'>,
    groupId?: string,
  ): Promise<Actor & { kind: 'member'; memberId: string }> => {
    const result = await run({ type: 'member.join', name, role, ...(groupId ? { groupId } : {}) }, system);
    const joined = result.events.find((e) => e.type === 'member.joined');
    if (joined?.type !== 'member.joined') throw new Error(`${name} did not join`);
    return { kind: 'member', memberId: joined.data.memberId };
  };
  return { run, join };
}

/**
 * A debate under way in a session whose first phase is one: facilitator F, Ana holding the floor of the
 * plenary, Ben's hand up after her.
 */
export async function debateWithSpeaker({ run, join }: ReturnType<typeof sessionDriver>) {
  const fac = await join('F', 'facilitator');
  const ana = await join('Ana', 'participant');
  const ben = await join('Ben', 'participant');
  await run({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  await run({ type: 'hand.raise' }, ana);
  await run({ type: 'hand.raise' }, ben);
  await run({ type: 'floor.give', groupId: PLENARY_ID, turnId: null }, fac);
  return { fac, ana, ben };
}

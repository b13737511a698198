import { expect } from 'vitest';
import type { ErrorCode } from '../../shared/errors.js';
import { chain } from '../../server/core/hashChain.js';
import type { Command } from '../../shared/session/commands.js';
import { decide } from '../../shared/session/decide.js';
import type { Decision } from '../../shared/session/decide.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { newEvent } from '../../shared/session/events.js';
import { evolve } from '../../shared/session/evolve.js';
import { normalizeAgenda } from '../../shared/session/phases/schemas.js';
import type { PhaseInput } from '../../shared/session/phases/schemas.js';
import { AGENDA_TEMPLATES } from '../../shared/session/phases/templates.js';
import type { CommandInputs } from '../../shared/session/outcomes/types.js';
import type { Actor, Role, SessionState } from '../../shared/session/types.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { seenPhase } from '../../shared/session/phases/expectations.js';
import { seenTurnId } from '../../shared/session/floor/expectations.js';
import type { SeenPhases } from '../../shared/session/phases/expectations.js';

/**
 * A session driven through the pure domain only (decide + evolve), with a hand-moved clock and
 * predictable ids: the harness of the unit tests.
 */
export class DomainHarness {
  state: SessionState;
  log: SessionEvent[] = [];
  now = 1_000_000;
  private counter = 0;

  constructor(agenda: PhaseInput[] = [...AGENDA_TEMPLATES['neighbourhood-workshop']], locale = 'en') {
    const created = newEvent('session.created', {
      id: 's1',
      title: 'Test',
      locale,
      agenda: normalizeAgenda(agenda, locale),
      settings: { crossGroupReading: true, maxMembers: 50 },
    });
    const [event] = chain({ version: 0, hash: '' }, [created], this.now, 'admin');
    this.state = evolve(undefined, event!);
    this.log.push(event!);
  }

  newId = (prefix: string) => `${prefix}${++this.counter}`;

  run(command: Command, actor: Actor, inputs?: CommandInputs): Decision {
    const decision = decide(this.state, command, { now: this.now, actor, newId: this.newId, inputs });
    if (decision.ok) {
      const stamped = chain(
        { version: this.state.version, hash: this.state.headHash },
        decision.events,
        this.now,
        actor.kind === 'member' ? actor.memberId : actor.kind,
      );
      for (const e of stamped) this.state = evolve(this.state, e);
      this.log.push(...stamped);
    }
    return decision;
  }

  /** Runs a command that must succeed. */
  ok(command: Command, actor: Actor, inputs?: CommandInputs): SessionEvent[] {
    const before = this.log.length;
    const decision = this.run(command, actor, inputs);
    if (!decision.ok) throw new Error(`expected ${command.type} to succeed: ${decision.error.message}`);
    return this.log.slice(before);
  }

  join(
    name: string,
    role: Role,
    groupId?: string,
    attributes?: Record<string, string>,
  ): Actor & { memberId: string } {
    const events = this.ok(
      {
        type: 'member.join',
        name,
        role,
        ...(groupId ? { groupId } : {}),
        ...(attributes ? { attributes } : {}),
      },
      { kind: 'system' },
    );
    const joined = events.find((e) => e.type === 'member.joined');
    if (joined?.type !== 'member.joined') throw new Error('no member.joined');
    return { kind: 'member', memberId: joined.data.memberId };
  }

  /** The turn a client showing the current state sees in a group: the `turnId` of relative turn commands. */
  turn(groupId: string = PLENARY_ID): string | null {
    return seenTurnId(this.state, groupId);
  }

  /** The turn running in a group, which must exist (for `turn.extend`, `turn.end`, `turn.yield`). */
  running(groupId: string = PLENARY_ID): string {
    const turnId = seenTurnId(this.state, groupId);
    if (turnId === null) throw new Error(`nobody has the floor in ${groupId}`);
    return turnId;
  }

  /** What a client showing the current state sees of the groups moved: the `from` of `phase.goto`. */
  seen(groupId: string): SeenPhases {
    return seenPhase(this.state, groupId);
  }

  advance(ms: number): void {
    this.now += ms;
  }
}

let triggers = 10_000;

/**
 * A `document.record` as the server issues it when a group leaves an editing stretch (see
 * core/reactions/versionRecording.ts): a version id, the sha256 and size of its stored bytes, its text. Each
 * call is a new closing (a fresh `trigger`) unless one is given.
 */
export function versionRecord(
  groupId: string,
  versionId: string,
  recommendations: { id: string; title: string; body: string; authors: string[] }[],
  options: { trigger?: number; phaseId?: string | null; bytes?: number } = {},
): Extract<Command, { type: 'document.record' }> {
  return {
    type: 'document.record',
    groupId,
    versionId,
    recommendations,
    trigger: options.trigger ?? ++triggers,
    phaseId: options.phaseId ?? null,
    hash: 'ab'.repeat(32),
    bytes: options.bytes ?? 2,
  };
}

/**
 * Checks that a decision is a refusal with this error code and a message that tells the member why: never
 * empty, and naming `mentions` (the group, vote or member concerned) when given.
 */
export function expectRefused(decision: Decision, code: ErrorCode, mentions?: string): void {
  expect(decision).toMatchObject({ ok: false, error: { code } });
  if (decision.ok) return;
  expect(decision.error.message.trim()).not.toBe('');
  if (mentions !== undefined) expect(decision.error.message).toContain(mentions);
}

/** Document limits for DocumentService unit tests (bytes, messages per second, ms): small, not the defaults. */
export const UNIT_DOCUMENT_LIMITS = {
  maxUpdateBytes: 4096,
  maxDocumentBytes: 65536,
  messagesPerSecond: 100,
  compactEvery: 100,
  maxConnectionsPerMember: 3,
  pendingMs: 1000,
  maxAwarenessBytes: 8192,
};

/**
 * A forum for document rules: plenary and groups ga, gb (created before the start), cross-group reading as
 * given; Ana participates in ga, Obs observes ga, Carla participates in gb. `member` reads one's record now.
 */
export function documentForum(crossGroupReading: boolean) {
  const h = new DomainHarness();
  const fac = h.join('F', 'facilitator');
  h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
  h.ok({ type: 'group.create', name: 'B', groupId: 'gb' }, fac);
  h.ok({ type: 'settings.update', crossGroupReading }, fac);
  const ana = h.join('Ana', 'participant', 'ga');
  const obs = h.join('Obs', 'observer', 'ga');
  const carla = h.join('Carla', 'participant', 'gb');
  const member = (a: { memberId: string }) => h.state.members[a.memberId]!;
  return { h, fac, ana, obs, carla, member };
}

import { describe, expect, it } from 'vitest';
import { editingOpen, mayReadDocument, mayWriteDocument } from '../../shared/session/documents/access.js';
import type { AccessCheck } from '../../shared/session/documents/access.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { documentForum, expectRefused, versionRecord } from '../helpers/domain.js';

/**
 * The document gate, rule by rule: who may read and write a group's recommendations document and when
 * (shared/session/documents/access.ts), and the commands that open, lock and record it. Beside the stories of
 * documentAccess.test.ts; written from the survivors of `npm run mutate -- documents`.
 */

/** A forum: plenary and groups ga, gb (created before the start); Ana in ga, Obs observing ga, Carla in gb. */
function forum(crossGroupReading = false) {
  const { h, fac, ana, obs, carla, member } = documentForum(crossGroupReading);
  const drafting = h.state.agenda.find((p) => p.capabilities.editing)!;
  const code = (check: AccessCheck) => {
    if (check.ok) return 'ok';
    // A refusal says why: the document server sends the message to the client as "permission denied".
    expect(check.error.message).not.toBe('');
    return check.error.code;
  };
  const write = (a: { memberId: string }, groupId = 'ga') =>
    code(mayWriteDocument(h.state, member(a), groupId));
  const read = (a: { memberId: string }, groupId = 'ga') =>
    code(mayReadDocument(h.state, member(a), groupId));
  const startDrafting = (groupId: string | 'all' = 'all') =>
    h.ok({ type: 'phase.goto', groupId, to: { phaseId: drafting.id } }, fac);
  return { h, fac, ana, obs, carla, write, read, startDrafting };
}

describe('reading a group document', () => {
  it('facilitators read every group; members their own group and the plenary; others only when allowed', () => {
    const closed = forum(false);
    expect(closed.read(closed.fac, 'gb')).toBe('ok');
    expect(closed.read(closed.carla, 'gb')).toBe('ok');
    expect(closed.read(closed.carla, PLENARY_ID)).toBe('ok');
    expect(closed.read(closed.obs, 'ga')).toBe('ok');
    expect(closed.read(closed.carla, 'ga')).toBe('forbidden');
    expect(closed.read(closed.obs, 'gb')).toBe('forbidden');
    const open = forum(true);
    expect(open.read(open.carla, 'ga')).toBe('ok');
  });

  it('an unknown group is not found, for facilitators too, and the refusal names it', () => {
    const { h, fac } = forum(true);
    const check = mayReadDocument(h.state, h.state.members[fac.memberId]!, 'gz');
    expect(check).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(!check.ok && check.error.message).toContain('gz');
  });

  it('a removed member reads nothing, not even the plenary', () => {
    const { h, fac, ana, read, write, startDrafting } = forum(true);
    startDrafting();
    h.ok({ type: 'member.remove', memberId: ana.memberId }, fac);
    expect(read(ana, PLENARY_ID)).toBe('not_member');
    expect(write(ana)).toBe('not_member');
  });
});

describe('writing a group document', () => {
  it('participants write their own group only, observers nowhere, facilitators everywhere, while drafting', () => {
    const { fac, ana, obs, carla, write, startDrafting } = forum(true);
    startDrafting();
    expect(write(ana)).toBe('ok');
    expect(write(carla, 'gb')).toBe('ok');
    expect(write(fac, 'gb')).toBe('ok');
    expect(write(fac, PLENARY_ID)).toBe('ok');
    // Read access to other groups (crossGroupReading) is not write access.
    expect(write(carla, 'ga')).toBe('forbidden');
    expect(write(ana, PLENARY_ID)).toBe('forbidden');
    expect(write(obs)).toBe('forbidden');
    expect(write(obs, PLENARY_ID)).toBe('forbidden');
  });

  it('a group in no phase is closed to writing until a facilitator opens it', () => {
    const { h, fac, ana, write, startDrafting } = forum();
    // Only the plenary starts: ga stays outside the agenda.
    startDrafting(PLENARY_ID);
    expect(h.state.groups.ga!.phase).toBeNull();
    expect(editingOpen(h.state, 'ga')).toBe(false);
    expect(write(ana)).toBe('wrong_phase');
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'open' }, fac);
    expect(write(ana)).toBe('ok');
  });

  it('an opened group stays closed before the session is live and once the group is closed', () => {
    const { h, fac, ana, write, startDrafting } = forum();
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'open' }, fac);
    expect(h.state.status).toBe('scheduled');
    expect(editingOpen(h.state, 'ga')).toBe(false);
    expect(write(ana)).toBe('wrong_phase');
    startDrafting();
    expect(write(ana)).toBe('ok');
    h.ok({ type: 'group.close', groupId: 'ga' }, fac);
    expect(editingOpen(h.state, 'ga')).toBe(false);
    expect(write(fac)).toBe('wrong_phase');
  });

  it('after the end every document is read-only, for facilitators too', () => {
    const { h, fac, carla, write, read, startDrafting } = forum();
    startDrafting();
    h.ok({ type: 'session.end' }, fac);
    expect(write(fac, 'gb')).toBe('session_ended');
    expect(write(carla, 'gb')).toBe('session_ended');
    expect(read(carla, 'gb')).toBe('ok');
  });
});

describe('opening and locking editing', () => {
  it('changes the mode once; setting the mode a group already has logs nothing', () => {
    const { h, fac } = forum();
    expect(h.ok({ type: 'editing.set', groupId: 'ga', mode: 'phase' }, fac)).toEqual([]);
    const events = h.ok({ type: 'editing.set', groupId: 'ga', mode: 'locked' }, fac);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['editing.changed', { groupId: 'ga', mode: 'locked' }],
    ]);
    expect(h.ok({ type: 'editing.set', groupId: 'ga', mode: 'locked' }, fac)).toEqual([]);
  });

  it('is refused in an unknown group and in a closed group, naming it', () => {
    const { h, fac } = forum();
    expectRefused(h.run({ type: 'editing.set', groupId: 'gz', mode: 'open' }, fac), 'not_found', 'gz');
    h.ok({ type: 'group.close', groupId: 'gb' }, fac);
    expectRefused(h.run({ type: 'editing.set', groupId: 'gb', mode: 'open' }, fac), 'invalid_state', '"B"');
  });
});

describe('recording a version', () => {
  const system = { kind: 'system' } as const;
  const text = (...ids: string[]) => ids.map((id) => ({ id, title: `T${id}`, body: '', authors: [] }));

  it('is refused for an unknown group, a version id in use, and repeated recommendation ids', () => {
    const { h } = forum();
    expectRefused(h.run(versionRecord('gz', 'v1', text('r1')), system), 'not_found', 'gz');
    h.ok(versionRecord('ga', 'v1', text('r1')), system);
    // Another closing (a new trigger) cannot reuse the id.
    expectRefused(h.run(versionRecord('ga', 'v1', text('r1')), system), 'conflict', 'version id');
    expectRefused(h.run(versionRecord('ga', 'v2', text('r1', 'r2', 'r1')), system), 'bad_request');
    h.ok(versionRecord('ga', 'v2', text('r1', 'r2')), system);
    expect(h.state.documents!.ga!.versions.map((v) => [v.versionId, v.recommendations])).toEqual([
      ['v1', 1],
      ['v2', 2],
    ]);
  });

  it('logs the version and its text in one decision, the text for the group named', () => {
    const { h } = forum();
    const events = h.ok(
      versionRecord('gb', 'v9', text('r1', 'r2'), { trigger: 42, phaseId: 'p4', bytes: 7 }),
      system,
    );
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'document.versioned',
        {
          groupId: 'gb',
          versionId: 'v9',
          phaseId: 'p4',
          at: h.now,
          bytes: 7,
          hash: 'ab'.repeat(32),
          recommendations: 2,
          trigger: 42,
        },
      ],
      ['draft.recorded', { groupId: 'gb', versionId: 'v9', recommendations: text('r1', 'r2') }],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { closedStretches } from '../../shared/session/documents/versions.js';
import { mayReadDocument, mayWriteDocument } from '../../shared/session/documents/access.js';
import { evolve } from '../../shared/session/evolve.js';
import { AUDIENCES, project, projectEvent } from '../../shared/session/project.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { documentForum, versionRecord } from '../helpers/domain.js';

function forum(crossGroupReading = true) {
  const { h, fac, ana, obs, carla, member } = documentForum(crossGroupReading);
  const write = (a: { memberId: string }, g = 'ga') => {
    const r = mayWriteDocument(h.state, member(a), g);
    return r.ok ? 'ok' : r.error.code;
  };
  return { h, fac, ana, obs, carla, member, write };
}

describe('document access rules', () => {
  it('opens writing to the group and facilitators while drafting, never to observers', () => {
    const { h, fac, ana, obs, carla, write } = forum();
    expect(write(ana)).toBe('wrong_phase'); // session not started
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    expect(write(ana)).toBe('ok');
    expect(write(fac)).toBe('ok');
    expect(write(fac, 'gb')).toBe('ok');
    expect(write(obs)).toBe('forbidden');
    expect(write(carla)).toBe('forbidden');
    expect(write(carla, 'gb')).toBe('ok');
    h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac);
    expect(write(ana)).toBe('wrong_phase');
    expect(write(carla, 'gb')).toBe('ok');
  });

  it('lets facilitators open or lock editing whatever the phase, until they give it back', () => {
    const { h, fac, ana, obs, write } = forum();
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } }, fac);
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'open' }, fac);
    expect(write(ana)).toBe('ok');
    expect(write(obs)).toBe('forbidden');
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'locked' }, fac);
    expect(write(ana)).toBe('wrong_phase');
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'phase' }, fac);
    expect(write(ana)).toBe('ok');
    expect(h.run({ type: 'editing.set', groupId: 'nope', mode: 'open' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    h.ok({ type: 'session.end' }, fac);
    expect(write(ana)).toBe('session_ended');
  });

  it('lets members read other groups only with crossGroupReading; everyone reads the plenary', () => {
    const closed = forum(false);
    const read = (f: ReturnType<typeof forum>, a: { memberId: string }, g: string) =>
      mayReadDocument(f.h.state, f.member(a), g).ok;
    expect(read(closed, closed.carla, 'ga')).toBe(false);
    expect(read(closed, closed.carla, PLENARY_ID)).toBe(true);
    expect(read(closed, closed.fac, 'ga')).toBe(true);
    expect(read(closed, closed.ana, 'ga')).toBe(true);
    const open = forum(true);
    expect(read(open, open.carla, 'ga')).toBe(true);
    expect(read(open, open.carla, 'nope')).toBe(false);
    closed.h.ok({ type: 'member.remove', memberId: closed.ana.memberId }, closed.fac);
    expect(read(closed, closed.ana, 'ga')).toBe(false);
  });
});

describe('closed editing stretches and versions', () => {
  it('finds the groups that leave an editing phase, once per closing event', () => {
    const { h, fac } = forum();
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p3' } }, fac);
    const start = h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    expect(closedStretches(h.state, start)).toEqual([]);
    const leave = h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac);
    expect(closedStretches(h.state, leave)).toEqual([{ groupId: 'ga', phaseId: 'p4', trigger: leave[0]!.v }]);
    h.ok({ type: 'editing.set', groupId: 'gb', mode: 'locked' }, fac);
    // An opened group keeps editing across phases: only its end closes the stretch.
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'open' }, fac);
    expect(
      closedStretches(
        h.state,
        h.ok({ type: 'phase.goto', groupId: 'ga', to: 'next', from: h.seen('ga') }, fac),
      ),
    ).toEqual([]);
    const end = h.ok({ type: 'session.end' }, fac);
    // gb is locked: nothing to record; the plenary was drafting; ga was opened by a facilitator.
    expect(closedStretches(h.state, end).map((s) => [s.groupId, s.phaseId])).toEqual([
      [PLENARY_ID, 'p4'],
      ['ga', 'p6'],
    ]);
  });

  it('records a version once per trigger, even after the end, and keeps only metadata in state', () => {
    const { h, fac } = forum();
    const text = [{ id: 'r1', title: 'Bancs publics', body: 'Sur la place', authors: [] }];
    const record = versionRecord('ga', 'v7', text, { trigger: 7, phaseId: 'p4' });
    h.ok({ type: 'session.end' }, fac);
    const first = h.ok(record, { kind: 'system' });
    // One decision: the version (id, hash, size) and its text.
    expect(first.map((e) => e.type)).toEqual(['document.versioned', 'draft.recorded']);
    expect(h.run({ ...record, versionId: 'v8' }, { kind: 'system' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(h.state.documents?.ga?.versions).toEqual([
      {
        versionId: 'v7',
        phaseId: 'p4',
        at: h.now,
        bytes: 2,
        hash: 'ab'.repeat(32),
        recommendations: 1,
        trigger: 7,
      },
    ]);
    // The text is for facilitators (a group's draft); the public gets the metadata.
    expect(JSON.stringify(projectEvent(first[1]!, 'public'))).not.toContain('Bancs');
    expect(JSON.stringify(projectEvent(first[1]!, 'facilitators'))).toContain('Bancs');
  });

  it('projection commutes with evolve over the documents events', () => {
    const { h, fac } = forum();
    h.ok({ type: 'phase.goto', groupId: 'all', to: { phaseId: 'p4' } }, fac);
    h.ok({ type: 'editing.set', groupId: 'ga', mode: 'open' }, fac);
    h.ok(versionRecord('ga', 'v3', [{ id: 'r1', title: 'Texte', body: '', authors: [] }], { trigger: 3 }), {
      kind: 'system',
    });
    for (const audience of AUDIENCES) {
      let client = project(evolve(undefined, h.log[0]!), audience);
      for (const event of h.log.slice(1)) client = evolve(client, projectEvent(event, audience));
      expect(client).toEqual(project(h.state, audience));
    }
  });
});

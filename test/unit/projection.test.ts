import { describe, expect, it } from 'vitest';
import { evolve } from '../../shared/session/evolve.js';
import { AUDIENCES, project, projectEvent } from '../../shared/session/project.js';
import { DomainHarness, versionRecord } from '../helpers/domain.js';

function scripted() {
  const h = new DomainHarness();
  const fac = h.join('F', 'facilitator');
  h.join('Ana', 'participant', undefined, { age: '18-25', quartier: 'Nord' });
  h.join('Obs', 'observer');
  h.ok({ type: 'group.create', name: 'A', groupId: 'ga' }, fac);
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  h.ok({ type: 'announcement.make', text: 'Bienvenue' }, fac);
  const ana = Object.values(h.state.members).find((m) => m.name === 'Ana')!;
  h.ok({ type: 'attributes.set', members: { [ana.id]: { genre: 'Femme' } } }, fac);
  h.ok({ type: 'draw.make', groups: { count: 1 }, seed: 's', stratifyBy: ['quartier'] }, fac);
  const recommendations = [{ id: 'r1', title: 'Texte du groupe A', body: '', authors: [] }];
  h.ok(versionRecord('ga', 'v1', recommendations), { kind: 'system' });
  return h;
}

describe('projection', () => {
  it('hides member attributes from participants and observers, not from facilitators', () => {
    const h = scripted();
    const ana = Object.values(h.state.members).find((m) => m.name === 'Ana')!;
    expect(project(h.state, 'facilitators').members[ana.id]!.attributes).toEqual({
      age: '18-25',
      quartier: 'Nord',
      genre: 'Femme',
    });
    expect(project(h.state, 'public').members[ana.id]!.attributes).toEqual({});
    const joined = h.log.find((e) => e.type === 'member.joined' && e.data.memberId === ana.id)!;
    expect(JSON.stringify(projectEvent(joined, 'public'))).not.toContain('Nord');
  });

  it('keeps imported attributes, draw profiles and group drafts private', () => {
    const h = scripted();
    const publicLog = JSON.stringify(h.log.map((e) => projectEvent(e, 'public')));
    const publicState = JSON.stringify(project(h.state, 'public'));
    for (const secret of ['Nord', 'Femme', '18-25', 'Texte du groupe A']) {
      expect(publicLog).not.toContain(secret);
      expect(publicState).not.toContain(secret);
    }
    const draw = h.log.find((e) => e.type === 'draw.made')!;
    expect(JSON.stringify(projectEvent(draw, 'facilitators'))).toContain('Nord');
  });

  it('commutes with evolve: a client replaying projected events sees the projected state', () => {
    const h = scripted();
    for (const audience of AUDIENCES) {
      let client = project(evolve(undefined, h.log[0]!), audience);
      for (const event of h.log.slice(1)) client = evolve(client, projectEvent(event, audience));
      expect(client).toEqual(project(h.state, audience));
    }
  });

  it("reuses a member's public view while the member is unchanged (no copy of every record per snapshot)", () => {
    const h = scripted();
    const first = project(h.state, 'public');
    const ana = Object.values(h.state.members).find((m) => m.name === 'Ana')!;
    h.ok({ type: 'member.rename', memberId: ana.id, name: 'Ana B' }, { kind: 'member', memberId: ana.id });
    const second = project(h.state, 'public');
    for (const m of Object.values(h.state.members)) {
      if (m.id === ana.id) expect(second.members[m.id]).not.toBe(first.members[m.id]);
      else expect(second.members[m.id]).toBe(first.members[m.id]);
    }
    expect(second.members[ana.id]).toEqual({ ...h.state.members[ana.id], attributes: {} });
  });
});

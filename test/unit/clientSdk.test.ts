import { describe, expect, it } from 'vitest';
import { documentServerUrl } from '../../client/sdk/groupDocument.js';
import {
  agendaFinished,
  currentPhase,
  membersOf,
  openGroups,
  phaseRemainingMs,
} from '../../client/sdk/selectors.js';
import { peekToken } from '../../client/sdk/tokens.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { TokenService } from '../../server/core/tokens.js';
import { DomainHarness } from '../helpers/domain.js';

describe('client SDK helpers of the web page', () => {
  it('peeks at invite and resume tokens, and at nothing else', () => {
    const tokens = new TokenService('a-secret-of-sixteen-chars', new FakeClock(1_000));
    const invite = tokens.issue({ k: 'invite', s: 'sess1', r: 'observer', g: 'g2' }, 60_000);
    expect(peekToken(invite)).toEqual({
      kind: 'invite',
      sessionId: 'sess1',
      role: 'observer',
      groupId: 'g2',
      expiresAt: 61_000,
    });
    const resume = tokens.issue({ k: 'resume', s: 'sess1', m: 'm7' }, 1000);
    expect(peekToken(resume)).toEqual({
      kind: 'resume',
      sessionId: 'sess1',
      memberId: 'm7',
      expiresAt: 2000,
    });
    for (const junk of ['', 'abc', 'a.b.c', '!!!.sig', `${btoa('{"k":"invite"}')}.sig`, `${btoa('[1]')}.x`]) {
      expect(peekToken(junk), junk).toBeNull();
    }
  });

  it('derives the document endpoint from the page URL', () => {
    expect(documentServerUrl('http://localhost:3000', 's1')).toBe('ws://localhost:3000/yjs/s1');
    expect(documentServerUrl('https://forum.example.org/join?x=1#tok', 's 2')).toBe(
      'wss://forum.example.org/yjs/s%202',
    );
  });

  it('reads phases, time left, members and groups from a state', () => {
    const h = new DomainHarness();
    const fac = h.join('Camille', 'facilitator');
    h.join('Alice', 'participant');
    expect(currentPhase(h.state, 'plenary')).toBeNull();
    expect(phaseRemainingMs(h.state, 'plenary', h.now)).toBeNull();
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    const started = h.now;
    expect(currentPhase(h.state, 'plenary')).toMatchObject({ index: 0, startedAt: started });
    h.advance(11 * 60_000);
    expect(phaseRemainingMs(h.state, 'plenary', h.now)).toBe(-60_000);
    expect(membersOf(h.state, 'plenary').map((m) => m.name)).toEqual(['Camille', 'Alice']);
    h.ok({ type: 'group.create', name: 'Mobilités', groupId: 'mob' }, fac);
    h.ok({ type: 'group.close', groupId: 'mob' }, fac);
    expect(openGroups(h.state).map((g) => g.id)).toEqual(['plenary']);
    h.ok({ type: 'phase.goto', groupId: 'plenary', to: 'finish' }, fac);
    expect(agendaFinished(h.state.groups.plenary!)).toBe(true);
  });
});

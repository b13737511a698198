import { describe, expect, it } from 'vitest';
import { evolve } from '../../shared/session/evolve.js';
import { AUDIENCES, project, projectEvent } from '../../shared/session/project.js';
import { DomainHarness } from '../helpers/domain.js';

const system = { kind: 'system' } as const;

/** A session with a facilitator and a participant, two recorded invites, one of them revoked. */
function issued() {
  const h = new DomainHarness();
  const fac = h.join('Fatou', 'facilitator');
  const ana = h.join('Ana', 'participant');
  const issue = { type: 'invite.issue', role: 'participant', expiresAt: h.now + 3600_000 } as const;
  h.ok({ ...issue, inviteId: 'iOne', issuedBy: 'admin', label: 'Table 3' }, system);
  h.ok({ ...issue, inviteId: 'iTwo', issuedBy: fac.memberId }, system);
  h.ok({ type: 'invite.revoke', inviteId: 'iTwo' }, fac);
  return { h, fac, ana };
}

describe('recorded invites', () => {
  it('lists each issued invite with its revocation; only the server records, only for facilitators', () => {
    const { h, fac, ana } = issued();
    expect(h.state.invites).toMatchObject([
      { id: 'iOne', role: 'participant', label: 'Table 3', issuedBy: 'admin' },
      { id: 'iTwo', issuedBy: fac.memberId, revoked: { by: fac.memberId } },
    ]);
    expect(h.state.invites![0]!.revoked).toBeUndefined();
    expect(h.state.revokedInvites).toEqual(['iTwo']);
    const again = {
      type: 'invite.issue',
      inviteId: 'iOne',
      role: 'observer',
      expiresAt: 1,
      issuedBy: 'admin',
    } as const;
    expect(h.run(again, system)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(h.run({ ...again, inviteId: 'iNew', issuedBy: ana.memberId }, system)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(h.run({ ...again, inviteId: 'iNew' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('refuses to revoke an id never issued where every invite is recorded; older sessions revoke by id alone', () => {
    const { h, fac } = issued();
    // This harness session was created without the mark, as sessions were before invites were recorded.
    expect(h.run({ type: 'invite.revoke', inviteId: 'iOlder' }, fac)).toMatchObject({ ok: true });
    h.state = { ...h.state, invitesRecorded: true };
    expect(h.run({ type: 'invite.revoke', inviteId: 'iTypo' }, fac)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(h.run({ type: 'invite.revoke', inviteId: 'iOne' }, fac)).toMatchObject({ ok: true });
  });

  it('keeps the list from participants and observers, in the state and the events, and commutes with evolve', () => {
    const { h, fac, ana } = issued();
    expect(project(h.state, 'public', ana.memberId).invites).toBeUndefined();
    expect(JSON.stringify(h.log.map((e) => projectEvent(e, 'public')))).not.toContain('Table 3');
    for (const [audience, viewer] of [
      [AUDIENCES[0]!, fac.memberId],
      [AUDIENCES[1]!, ana.memberId],
    ] as const) {
      let client = project(evolve(undefined, h.log[0]!), audience, viewer);
      for (const event of h.log.slice(1)) client = evolve(client, projectEvent(event, audience));
      expect(client).toEqual(project(h.state, audience, viewer));
    }
  });
});

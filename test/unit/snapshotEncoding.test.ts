import { describe, expect, it } from 'vitest';
import { Encoder, PacketType } from 'socket.io-parser';
import {
  PreEncodedJson,
  encodeSnapshot,
  palabreParser,
} from '../../server/transport/socketio/snapshotEncoding.js';
import { project } from '../../shared/session/project.js';
import { DomainHarness } from '../helpers/domain.js';

/** A session with private attributes, a private question to the facilitators and a renamed member. */
function session() {
  const h = new DomainHarness([{ id: 'deb', kind: 'debate', durationSec: 600 }]);
  const fac = h.join('Fatou', 'facilitator');
  const ana = h.join('Ana', 'participant', undefined, { age: '18-25' });
  const ben = h.join('Ben "le vélo"', 'participant', undefined, { quartier: 'Nord\\Sud' });
  h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
  h.ok({ type: 'chat.post', channel: 'facilitators', text: 'Question privée' }, ana);
  h.ok({ type: 'chat.post', channel: 'group', text: 'Bonjour é ✓' }, ben);
  return { h, fac, ana, ben };
}

describe('snapshots encoded ahead', () => {
  it('read exactly as the projected state, for every audience and viewer', () => {
    const { h, fac, ana, ben } = session();
    for (const [audience, viewer] of [
      ['facilitators', fac.memberId],
      ['public', ana.memberId],
      ['public', ben.memberId],
    ] as const) {
      const encoded = encodeSnapshot(h.state, audience, viewer);
      expect(JSON.parse(encoded.json)).toEqual({ state: project(h.state, audience, viewer) });
    }
    // Private attributes never reach the public text, even from a record encoded for facilitators first.
    expect(encodeSnapshot(h.state, 'public', ben.memberId).json).not.toContain('18-25');
    expect(encodeSnapshot(h.state, 'facilitators', fac.memberId).json).toContain('18-25');
  });

  it('follows a member whose record changed since the last snapshot', () => {
    const { h, fac, ana } = session();
    encodeSnapshot(h.state, 'public', ana.memberId);
    h.ok({ type: 'member.rename', memberId: ana.memberId, name: 'Ana B.' }, fac);
    const again = JSON.parse(encodeSnapshot(h.state, 'public', ana.memberId).json) as {
      state: { members: Record<string, { name: string }> };
    };
    expect(again.state.members[ana.memberId]!.name).toBe('Ana B.');
  });

  it('go on the wire as the stock encoder writes the same payload', () => {
    const { h, ana } = session();
    const encoded = encodeSnapshot(h.state, 'public', ana.memberId);
    const ours = new palabreParser.Encoder();
    const stock = new Encoder();
    for (const packet of [
      { type: PacketType.EVENT, nsp: '/', data: ['snapshot', encoded] },
      { type: PacketType.EVENT, nsp: '/admin', id: 7, data: ['snapshot', encoded, 3] },
    ]) {
      const parsed = {
        ...packet,
        data: packet.data.map((d) => (d instanceof PreEncodedJson ? d.toJSON() : d)),
      };
      expect(ours.encode(packet)).toEqual(stock.encode(parsed));
    }
    // Other packets are the stock encoder's own.
    const plain = { type: PacketType.EVENT, nsp: '/', data: ['events', { v: 1 }] };
    expect(ours.encode(plain)).toEqual(stock.encode(plain));
  });
});

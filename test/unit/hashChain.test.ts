import { describe, expect, it } from 'vitest';
import { canonicalJson, verifyChain } from '../../server/core/hashChain.js';
import { DomainHarness } from '../helpers/domain.js';

describe('hash chain', () => {
  it('verifies an untouched log and pinpoints a tampered event', () => {
    const h = new DomainHarness();
    const fac = h.join('F', 'facilitator');
    h.ok({ type: 'phase.goto', groupId: 'all', to: 'first' }, fac);
    h.ok({ type: 'announcement.make', text: 'Bienvenue' }, fac);
    expect(verifyChain(h.log)).toEqual({ ok: true, count: h.log.length, head: h.state.headHash });

    const tampered = structuredClone(h.log);
    const announcement = tampered.find((e) => e.type === 'announcement.made')!;
    (announcement.data as { text: string }).text = 'Autre chose';
    expect(verifyChain(tampered)).toMatchObject({ ok: false, at: announcement.v });

    expect(verifyChain(h.log.slice(1))).toMatchObject({ ok: false, at: 1 });
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe(canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
});

import { describe, expect, it } from 'vitest';
import type { BallotBox } from '../../server/ports/ballotBox.js';

export interface BallotBoxFixture {
  box: BallotBox;
  /** A second handle on the same data (another process, or the same box after a restart). */
  reopen(): Promise<BallotBox>;
}

/** The behaviour every BallotBox adapter must have. Run against each adapter. */
export function ballotBoxContract(name: string, setup: () => Promise<BallotBoxFixture>): void {
  describe(`BallotBox contract: ${name}`, () => {
    it('keeps one ballot per member and vote; a new one replaces the old one', async () => {
      const { box } = await setup();
      await box.put('s1', 'v1', 'ana', { a: true, b: false });
      await box.put('s1', 'v1', 'ben', { a: false });
      await box.put('s1', 'v1', 'ana', { a: false, b: true });
      expect(await box.list('s1', 'v1')).toEqual({ ana: { a: false, b: true }, ben: { a: false } });
    });

    it('keeps votes and sessions apart, and lists nothing for an unknown vote', async () => {
      const { box } = await setup();
      await box.put('s1', 'v1', 'ana', { a: 3 });
      await box.put('s1', 'v2', 'ana', { a: 1 });
      await box.put('s2', 'v1', 'ana', { a: 2 });
      expect(await box.list('s1', 'v1')).toEqual({ ana: { a: 3 } });
      expect(await box.list('s1', 'v2')).toEqual({ ana: { a: 1 } });
      expect(await box.list('s2', 'v1')).toEqual({ ana: { a: 2 } });
      expect(await box.list('s3', 'v9')).toEqual({});
    });

    it('returns copies: changing a listed ballot changes nothing stored', async () => {
      const { box } = await setup();
      const ballot = { a: 1 };
      await box.put('s1', 'v1', 'ana', ballot);
      ballot.a = 5;
      const listed = await box.list('s1', 'v1');
      listed.ana!.a = 4;
      expect(await box.list('s1', 'v1')).toEqual({ ana: { a: 1 } });
    });

    it('keeps concurrent ballots of many members', async () => {
      const { box } = await setup();
      await Promise.all(Array.from({ length: 30 }, (_, i) => box.put('s1', 'v1', `m${i}`, { a: i % 5 })));
      expect(Object.keys(await box.list('s1', 'v1'))).toHaveLength(30);
    });

    it('discards a vote, and keeps the others across a reopen', async () => {
      const fixture = await setup();
      await fixture.box.put('s1', 'v1', 'ana', { a: true });
      await fixture.box.put('s1', 'v2', 'ana', { a: false });
      await fixture.box.discard('s1', 'v1');
      const reopened = await fixture.reopen();
      expect(await reopened.list('s1', 'v1')).toEqual({});
      expect(await reopened.list('s1', 'v2')).toEqual({ ana: { a: false } });
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { BallotBox, StoredBallot } from '../../server/ports/ballotBox.js';

export interface BallotBoxFixture {
  box: BallotBox;
  /** A second handle on the same data (another process, or the same box after a restart). */
  reopen(): Promise<BallotBox>;
}

/** Stored ballots in a stable order, so adapters that list in another order compare equal. */
export function sorted(ballots: StoredBallot[]): StoredBallot[] {
  const key = (b: StoredBallot) => `${b.memberId}/${b.ballotId ?? ''}`;
  return [...ballots].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The behaviour every BallotBox adapter must have. Run against each adapter. */
export function ballotBoxContract(name: string, setup: () => Promise<BallotBoxFixture>): void {
  describe(`BallotBox contract: ${name}`, () => {
    it("deletes every vote of a session, across a reopen, and no other session's", async () => {
      const { box, reopen } = await setup();
      await box.put('gone', 'v1', 'm1', 'b1', { i1: true });
      await box.put('gone', 'v2', 'm1', 'b2', { i1: true });
      await box.put('kept', 'v1', 'm1', 'b3', { i1: true });
      await box.deleteSession('gone');
      for (const b of [box, await reopen()]) {
        expect(await b.list('gone', 'v1')).toEqual([]);
        expect(await b.list('gone', 'v2')).toEqual([]);
        expect(await b.list('kept', 'v1')).toHaveLength(1);
      }
    });

    it('keeps every ballot of a member under its own id: the log, not the box, says which one counts', async () => {
      const { box } = await setup();
      await box.put('s1', 'v1', 'ana', 'b1', { a: true, b: false });
      await box.put('s1', 'v1', 'ben', 'b2', { a: false });
      await box.put('s1', 'v1', 'ana', 'b3', { a: false, b: true });
      expect(sorted(await box.list('s1', 'v1'))).toEqual([
        { memberId: 'ana', ballotId: 'b1', ballot: { a: true, b: false } },
        { memberId: 'ana', ballotId: 'b3', ballot: { a: false, b: true } },
        { memberId: 'ben', ballotId: 'b2', ballot: { a: false } },
      ]);
    });

    it('keeps votes and sessions apart, and lists nothing for an unknown vote', async () => {
      const { box } = await setup();
      await box.put('s1', 'v1', 'ana', 'b1', { a: 3 });
      await box.put('s1', 'v2', 'ana', 'b2', { a: 1 });
      await box.put('s2', 'v1', 'ana', 'b3', { a: 2 });
      expect(await box.list('s1', 'v1')).toEqual([{ memberId: 'ana', ballotId: 'b1', ballot: { a: 3 } }]);
      expect(await box.list('s1', 'v2')).toEqual([{ memberId: 'ana', ballotId: 'b2', ballot: { a: 1 } }]);
      expect(await box.list('s2', 'v1')).toEqual([{ memberId: 'ana', ballotId: 'b3', ballot: { a: 2 } }]);
      expect(await box.list('s3', 'v9')).toEqual([]);
    });

    it('returns copies: changing a listed ballot changes nothing stored', async () => {
      const { box } = await setup();
      const ballot = { a: 1 };
      await box.put('s1', 'v1', 'ana', 'b1', ballot);
      ballot.a = 5;
      const listed = await box.list('s1', 'v1');
      listed[0]!.ballot.a = 4;
      expect(await box.list('s1', 'v1')).toEqual([{ memberId: 'ana', ballotId: 'b1', ballot: { a: 1 } }]);
    });

    it('keeps concurrent ballots of many members', async () => {
      const { box } = await setup();
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => box.put('s1', 'v1', `m${i}`, `b${i}`, { a: i % 5 })),
      );
      expect(await box.list('s1', 'v1')).toHaveLength(30);
    });

    it('discards a vote, and keeps the others across a reopen', async () => {
      const fixture = await setup();
      await fixture.box.put('s1', 'v1', 'ana', 'b1', { a: true });
      await fixture.box.put('s1', 'v2', 'ana', 'b2', { a: false });
      await fixture.box.discard('s1', 'v1');
      const reopened = await fixture.reopen();
      expect(await reopened.list('s1', 'v1')).toEqual([]);
      expect(await reopened.list('s1', 'v2')).toEqual([
        { memberId: 'ana', ballotId: 'b2', ballot: { a: false } },
      ]);
    });
  });
}

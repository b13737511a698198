import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../server/core/groupCommit.js';
import { FakeClock } from '../helpers/fakeClock.js';

/** A commit the test ends by hand, recording what each batch held. */
function harness(windowMs: number) {
  const clock = new FakeClock();
  const batches: number[][] = [];
  const ends: ((error?: Error) => void)[] = [];
  const commits = new GroupCommit<number>({
    windowMs,
    clock,
    commit: (items) =>
      new Promise<void>((resolve, reject) => {
        batches.push(items);
        ends.push((error) => (error ? reject(error) : resolve()));
      }),
  });
  return { clock, batches, ends, commits };
}

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('group commit', () => {
  it('commits what arrives within the window together, one commit at a time, and resolves after it', async () => {
    const { clock, batches, ends, commits } = harness(5);
    const first = [commits.add(1), commits.add(2)];
    clock.advance(4);
    first.push(commits.add(3));
    expect(batches).toEqual([]);
    clock.advance(1);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await settled(first[0]!)).toBe('pending');
    // While that commit runs, the next batch fills; its window passes, but it waits for the first commit.
    const second = commits.add(4);
    clock.advance(5);
    expect(batches).toEqual([[1, 2, 3]]);
    ends[0]!();
    expect(await Promise.all(first)).toEqual([undefined, undefined, undefined]);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2, 3], [4]]);
    expect(await settled(second)).toBe('pending');
    ends[1]!(new Error('disk full'));
    await expect(second).rejects.toThrow('disk full');
    expect(commits.waiting).toBe(0);
  });

  it('flush cuts the window short and waits for every commit', async () => {
    const { batches, ends, commits } = harness(1000);
    const added = commits.add(7);
    const flushed = commits.flush();
    expect(batches).toEqual([[7]]);
    expect(await settled(flushed)).toBe('pending');
    ends[0]!();
    await flushed;
    await added;
  });
});

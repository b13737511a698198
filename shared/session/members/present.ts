import type { SessionState } from '../types.js';

type Members = SessionState['members'];
type Member = Members[string];

/**
 * How many members of each members map are not removed, for the maps evolve made from a counted one: the
 * join limit is checked at every join, and counting 10,000 members each time is O(members) per join.
 * A map missing here (a snapshot from the wire, a map another evolver copied) is counted once, then kept.
 */
const presentCounts = new WeakMap<Members, number>();

/** Members not removed (the count the join limit and `maxMembers` compare with). */
export function presentMembers(members: Members): number {
  const known = presentCounts.get(members);
  if (known !== undefined) return known;
  let present = 0;
  for (const id in members) if (!members[id]!.removed) present++;
  presentCounts.set(members, present);
  return present;
}

/**
 * Tells the count that `next` is `previous` with `before` replaced by `after` (`next` may be `previous`
 * itself, written in place within a batch). Without a count for `previous`, `next` is counted when asked.
 */
export function countReplaced(
  previous: Members,
  next: Members,
  before: Member | undefined,
  after: Member,
): void {
  const known = presentCounts.get(previous);
  if (known === undefined) {
    presentCounts.delete(next);
    return;
  }
  const present = (m: Member | undefined) => (m && !m.removed ? 1 : 0);
  presentCounts.set(next, known - present(before) + present(after));
}

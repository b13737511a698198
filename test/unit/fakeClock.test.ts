import { describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fakeClock.js';

describe('FakeClock', () => {
  it('fires due timers in deadline order at their own time, and never cancelled ones', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    clock.at(300, () => fired.push(`c@${clock.now()}`));
    clock.at(100, () => fired.push(`a@${clock.now()}`));
    const cancelled = clock.at(200, () => fired.push('never'));
    clock.at(100, () => clock.at(150, () => fired.push(`b@${clock.now()}`)));
    cancelled.cancel();
    clock.advance(250);
    expect(fired).toEqual(['a@100', 'b@150']);
    expect(clock.now()).toBe(250);
    clock.advance(100);
    expect(fired).toEqual(['a@100', 'b@150', 'c@300']);
    expect(clock.pending()).toBe(0);
  });
});

import { describe, expect, it, onTestFinished } from 'vitest';
import { recordingLog } from '../helpers/recordingLog.js';
import { MemoryEventStore } from '../../server/adapters/memory/memoryEventStore.js';
import { SessionService } from '../../server/core/sessionService.js';
import { EmbeddedGroupSize } from '../../server/core/voice/embeddedGroupSize.js';
import { PLENARY_ID } from '../../shared/session/types.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { sessionDriver } from '../helpers/sessionDriver.js';

/**
 * Embedded voice mode above its documented size (server/core/voice/embeddedGroupSize.ts): a group with more
 * listeners of one speaker than EMBEDDED_VOICE_MAX_LISTENERS is logged once, as a warning; nothing is refused.
 */

async function watched(maxListeners: number) {
  const sessions = new SessionService(new MemoryEventStore(), new FakeClock());
  const warnings: { msg: string; fields: Record<string, unknown> | undefined }[] = [];
  const log = recordingLog((level, msg, fields) => {
    if (level === 'warn') warnings.push({ msg, fields });
  });
  const size = new EmbeddedGroupSize({ sessions, log, maxListeners });
  size.start();
  onTestFinished(async () => {
    size.stop();
    await sessions.close();
  });
  const { id } = await sessions.create({ title: 'Size', groups: [{ name: 'Atelier' }] });
  const { run, join } = sessionDriver(sessions, id);
  /** A member joins and connects: one more listener of whoever speaks in their group. */
  const arrive = async (name: string, groupId?: string) => {
    const m = await join(name, 'participant', groupId);
    await run({ type: 'presence.enter', memberId: m.memberId }, { kind: 'system' });
    return m;
  };
  return { sessions, id, run, arrive, warnings };
}

describe('embedded voice above its documented size', () => {
  it('warns once when a group has more listeners of one speaker than the size, and not for the other groups', async () => {
    const { sessions, id, arrive, warnings } = await watched(2);
    const workshop = Object.keys((await sessions.get(id))!.groups).find((g) => g !== PLENARY_ID)!;
    await arrive('Ana');
    await arrive('Ben');
    await arrive('Cléo'); // a speaker and 2 listeners: the size
    await arrive('Eve', workshop);
    expect(warnings).toEqual([]);
    await arrive('Dan'); // 3 listeners
    await arrive('Fred'); // 4: no second warning
    expect(warnings).toEqual([
      {
        msg: 'embedded voice: a group has more listeners than documented; consider MEDIA_MODE=sfu',
        fields: { sessionId: id, groupId: PLENARY_ID, listeners: 3, maxListeners: 2 },
      },
    ]);
  });

  it('counts connected members only: invited people who are not there do not load the speaker', async () => {
    const { run, arrive, warnings } = await watched(1);
    await arrive('Ana');
    const ben = await arrive('Ben');
    await run({ type: 'presence.leave', memberId: ben.memberId, reason: 'left' }, { kind: 'system' });
    await arrive('Cléo');
    expect(warnings).toEqual([]);
    await arrive('Dan');
    expect(warnings).toHaveLength(1);
  });
});

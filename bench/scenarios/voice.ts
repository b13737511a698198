/**
 * Voice: floor switch time (floor.give acknowledged → first audio of the new speaker at a listener), embedded
 * (browser to browser) and through Janus (SFU), in real browsers; and the Palabre process's CPU per floor
 * change beside the same commands with nobody on voice. Targets: p50 < 300 ms, p99 < 800 ms.
 */
import { measureFloorSwitch } from '../lib/voiceFloor.js';

export const description =
  'floor switch time to first audio at a listener (embedded and SFU, real browsers) and server CPU per floor change vs no voice';

export async function run(): Promise<Record<string, unknown>> {
  const rounds = Number(process.env.BENCH_VOICE_ROUNDS ?? 100);
  const modes = (process.env.BENCH_VOICE_MODES ?? 'embedded,sfu').split(',');
  const out: Record<string, unknown> = {};
  for (const mode of ['embedded', 'sfu'] as const) {
    if (modes.includes(mode)) out[mode] = await measureFloorSwitch({ mode, rounds });
  }
  return out;
}

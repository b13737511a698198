/**
 * Speaking turns: timer lateness with 200 groups running short turns at once (beside bare timers), and
 * the fan-out latency of a control event to 1,000 socket.io clients (beside a plain socket.io broadcast).
 */
import { measureFanout } from '../lib/fanout.js';
import { measureTimerLateness } from '../lib/timerLateness.js';

export const description =
  'turn timer lateness (200 groups, 1 s turns) vs bare setTimeout; control-event fan-out to 1,000 clients vs plain socket.io';

export async function run(): Promise<Record<string, unknown>> {
  const lateness = [];
  for (const store of ['memory', 'file'] as const) {
    lateness.push(await measureTimerLateness({ groups: 200, speakersPerGroup: 5, turnSec: 1, store }));
  }
  const fanout = await measureFanout({ clients: 1000, rounds: 50 });
  return { lateness, fanout };
}

import { measureTimerLateness } from './lib/timerLateness.js';
for (const store of ['memory', 'file'] as const) {
  const t = Date.now();
  console.log(JSON.stringify(await measureTimerLateness({ groups: 200, speakersPerGroup: 5, turnSec: 1, store })), Date.now() - t);
}

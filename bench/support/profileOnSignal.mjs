// Preloaded into a benchmarked server (`node --import ./bench/support/profileOnSignal.mjs …`): SIGUSR2 starts
// the V8 CPU profiler, the next SIGUSR2 stops it and writes <BENCH_PROFILE_DIR>/<pid>-<n>.cpuprofile. The
// bench sends the signals around the window it measures, so a profile shows that window only.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
let running = false;
let count = 0;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, result) => {
    if (!err)
      writeFileSync(join(dir, `${process.pid}-${++count}.cpuprofile`), JSON.stringify(result.profile));
  });
});

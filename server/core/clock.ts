/** The server owns time. Core code reads it only through this port, so tests can use a fake clock. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `fn` at (or as soon as possible after) the absolute time `at`. */
  at(at: number, fn: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  at(at, fn) {
    // setTimeout clamps delays above 2^31-1 ms; chain waits so far-away deadlines still fire on time.
    const MAX = 2_147_483_647;
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      if (delay > MAX) handle = setTimeout(arm, MAX);
      else handle = setTimeout(fn, Math.max(0, delay));
      handle.unref?.();
    };
    arm();
    return { cancel: () => clearTimeout(handle) };
  },
};

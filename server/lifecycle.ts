/**
 * Whether this process is stopping. Once a graceful stop begins, readiness answers 503, new socket.io
 * handshakes and document upgrades are refused (clients retry elsewhere), and closing connections are a
 * restart, not a member leaving (the speaker-drop rule ignores them).
 */
export class Lifecycle {
  private stopping = false;

  get draining(): boolean {
    return this.stopping;
  }

  beginDrain(): void {
    this.stopping = true;
  }
}

/** Resolves after `ms` (a stop waiting for the load balancer to see the 503); immediately for 0. */
export function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

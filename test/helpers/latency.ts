import WebSocket from 'ws';

type Listener = (event: WebSocket.MessageEvent) => void;

export interface DelayOptions {
  /** Delay of each frame, each way, in ms (frames stay in order). */
  latency: () => number;
  /** Sees every frame as it leaves for the server (after the delay). */
  onSend?: ((frame: Uint8Array) => void) | undefined;
  /** Sees every frame from the server as the client reads it (after the delay). */
  onReceive?: ((frame: Uint8Array) => void) | undefined;
}

/**
 * Runs tasks after a delay each, strictly in the order they were queued (a later task with a shorter
 * delay waits for the ones before it). One timer at a time: separate timers may fire out of order.
 */
class DelayLine {
  private readonly queue: { at: number; run: () => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  push(delayMs: number, run: () => void): void {
    const last = this.queue.at(-1)?.at ?? 0;
    this.queue.push({ at: Math.max(last, Date.now() + delayMs), run });
    if (!this.timer) this.arm();
  }

  private arm(): void {
    const next = this.queue[0];
    if (!next) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      while (this.queue.length > 0 && this.queue[0]!.at <= Date.now()) this.queue.shift()!.run();
      this.arm();
    }, next.at - Date.now());
  }
}

/**
 * A `ws` WebSocket class that delays every frame, both ways, by `latency()` ms while keeping each
 * direction in order (a frame never overtakes the one before it): what a client on a slow link looks like
 * to the server. Pass it as the y-websocket provider's `WebSocketPolyfill`.
 */
export function delayedWebSocket({ latency, onSend, onReceive }: DelayOptions): typeof WebSocket {
  class DelayedWebSocket extends WebSocket {
    readonly outgoing = new DelayLine();
    readonly incoming = new DelayLine();

    override send(data: unknown): void {
      this.outgoing.push(latency(), () => {
        if (this.readyState !== WebSocket.OPEN) return;
        onSend?.(new Uint8Array(data as ArrayBuffer));
        super.send(data as Buffer);
      });
    }
  }
  // ws routes `onmessage = …` through addEventListener: delaying it delays what the provider reads.
  const add = WebSocket.prototype.addEventListener;
  DelayedWebSocket.prototype.addEventListener = function (
    this: DelayedWebSocket,
    type: string,
    listener: unknown,
    options?: unknown,
  ) {
    if (type !== 'message' || typeof listener !== 'function') {
      return add.call(this, type as never, listener as never, options as never);
    }
    const delayed: Listener = (event) => {
      this.incoming.push(latency(), () => {
        if (onReceive && event.data instanceof ArrayBuffer) onReceive(new Uint8Array(event.data));
        (listener as Listener).call(this, event);
      });
    };
    return add.call(this, 'message', delayed as never, options as never);
  } as typeof add;
  return DelayedWebSocket;
}

import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { errorTable } from '../../shared/errors.js';
import type { ErrorCode } from '../../shared/errors.js';

/**
 * What the stock y-websocket client (3.x) does after each close code the document endpoint uses: it gives
 * up for good after 4400–4499 and reconnects (then syncs again) after anything else. A transient refusal
 * closed with a 44xx code would silently stop a stock client for ever.
 */
const TRANSIENT: ErrorCode[] = ['rate_limited', 'unavailable', 'internal'];

describe('close codes against the stock y-websocket client', () => {
  const provider = new WebsocketProvider('ws://127.0.0.1:9', 'room', new Y.Doc(), {
    connect: false,
    WebSocketPolyfill: WebSocket as never,
  });
  const reconnects = (code: number) => provider.shouldReconnect({ code } as CloseEvent, provider);

  it.each(Object.entries(errorTable))('%s (%o)', (code, { ws }) => {
    expect(ws).toBeGreaterThanOrEqual(4000);
    expect(ws).toBeLessThan(5000);
    expect(reconnects(ws)).toBe(TRANSIENT.includes(code as ErrorCode));
  });

  it('reconnects after the standard codes a restarting server uses', () => {
    for (const code of [1001, 1006, 1011, 1012, 1013]) expect(reconnects(code)).toBe(true);
    provider.destroy();
  });
});

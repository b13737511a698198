import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { PalabreClient } from './palabreClient.js';

export interface GroupDocumentOptions {
  /** Server base URL (http or https; the document socket uses ws or wss on the same host). */
  url: string;
  sessionId: string;
  groupId: string;
  /** Shown to the others beside your cursor. */
  user?: { name: string; color: string; colorLight?: string };
  /** Node has no global WebSocket before v22: pass `ws` there. */
  WebSocketPolyfill?: typeof WebSocket;
  /**
   * Called when the server refused something this copy sent (y-protocols' auth "permission denied", with
   * the reason as `<code>: <message>`). The server keeps nothing visible of a refused edit, so this copy
   * now differs from the shared one: open a fresh copy to read the shared document again.
   */
  onRefused?: (reason: string) => void;
}

/** y-protocols' auth message type and its "permission denied" kind. */
const MESSAGE_AUTH = 2;
const PERMISSION_DENIED = 0;

export interface GroupDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves when the first sync with the server is done. */
  synced: Promise<void>;
  destroy(): void;
}

/** `ws://HOST/yjs/<sessionId>` + room `<groupId>`: what the y-websocket client turns into the endpoint URL. */
export function documentServerUrl(url: string, sessionId: string): string {
  const base = new URL(url);
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  base.pathname = `/yjs/${encodeURIComponent(sessionId)}`;
  base.search = '';
  base.hash = '';
  return base.toString();
}

/**
 * Opens a group's recommendations document (schema in shared/recommendations.ts) with the stock y-websocket
 * client, authenticated with the member's resume token. Each reconnection of the control plane brings a
 * fresh resume token: the provider picks it up for its own next reconnection.
 */
export function openGroupDocument(client: PalabreClient, options: GroupDocumentOptions): GroupDocument {
  const token = client.welcome?.resumeToken;
  if (!token) throw new Error('openGroupDocument: join the session first (no resume token yet)');
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(
    documentServerUrl(options.url, options.sessionId),
    encodeURIComponent(options.groupId),
    doc,
    {
      params: { token },
      // Every edit goes through the server's write gate: copies of this document in other tabs of the same
      // browser must not hand each other edits directly (y-websocket's BroadcastChannel), refused ones included.
      disableBc: true,
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    },
  );
  if (options.user) provider.awareness.setLocalStateField('user', options.user);
  const onRefused = options.onRefused;
  if (onRefused) {
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      if (decoding.readVarUint(decoder) === PERMISSION_DENIED) onRefused(decoding.readVarString(decoder));
    };
  }
  const offWelcome = client.on('welcome', (welcome) => {
    provider.params = { token: welcome.resumeToken };
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      offWelcome();
      provider.destroy();
      doc.destroy();
    },
  };
}

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { onTestFinished } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectClient, startServer } from './server.js';
import type { TestServer } from './server.js';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';
import { delayedWebSocket } from './latency.js';

export interface OpenDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  /** Resolves with the close event if the server closes the socket. */
  closed: Promise<{ code: number; reason: string }>;
  /** Reasons of every "permission denied" the server sent. */
  denied: string[];
  /**
   * Resolves once the server has answered a sync step 1 sent now: it handles a connection's frames in
   * order, so every answer to what the client sent before (refusals included) has arrived by then.
   */
  roundTrip(timeoutMs?: number): Promise<void>;
}

export interface OpenOptions {
  /** Delay of every frame, each way, in ms (drawn per frame; frames stay in order). */
  latency?: () => number;
  /** Sees every frame the provider sends, as it leaves. */
  onSend?: (frame: Uint8Array) => void;
}

/** The stock y-websocket client, over `ws`, on `ws://…/yjs/<sessionId>/<groupId>?token=…`. */
export function openDocument(
  url: string,
  sessionId: string,
  groupId: string,
  token: string,
  options: OpenOptions = {},
): OpenDocument {
  const doc = new Y.Doc();
  const step2Waiters: (() => void)[] = [];
  const onReceive = (frame: Uint8Array) => {
    if (frame[0] === 0 && frame[1] === 1) for (const resolve of step2Waiters.splice(0)) resolve();
  };
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs/${sessionId}`, groupId, doc, {
    params: { token },
    WebSocketPolyfill: delayedWebSocket({
      latency: options.latency ?? (() => 0),
      onSend: options.onSend,
      onReceive,
    }) as never,
    // Providers in one process would otherwise sync through BroadcastChannel, bypassing the server.
    disableBc: true,
    maxBackoffTime: 200,
  });
  const denied: string[] = [];
  // The stock client only logs "permission denied"; record it instead.
  provider.messageHandlers[2] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
  };
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    provider.on('connection-close', (event) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    });
  });
  onTestFinished(() => {
    provider.destroy();
    doc.destroy();
  });
  const roundTrip = (timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to sync step 1')), timeoutMs);
      step2Waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
      provider.ws?.send(encoding.toUint8Array(encoder));
    });
  return { doc, provider, text: doc.getText('t'), closed, denied, roundTrip };
}

export function synced(open: OpenDocument, timeoutMs = 5000): Promise<void> {
  if (open.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('document did not sync')), timeoutMs);
    open.provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A live session with one breakout group: a facilitator, two participants in it, an observer. */
export async function forumWithGroup<S extends Pick<TestServer, 'url' | 'createSession'> = TestServer>(
  options: { server?: S; settings?: Record<string, unknown> } = {},
) {
  const server = options.server ?? ((await startServer()) as unknown as S);
  const { session, invites } = await server.createSession({
    groups: [{ name: 'Mobilités' }, { name: 'Logement' }],
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const [ga, gb] = session.groupOrder.slice(1) as [string, string];
  const facilitator = await connectClient(server.url, { token: invites.facilitator.token, name: 'Fatou' });
  const join = async (name: string, role: 'participant' | 'observer', groupId?: string) => {
    const client = await connectClient(server.url, { token: invites[role].token, name });
    if (groupId) {
      const moved = await facilitator.command({ type: 'member.move', memberId: client.memberId!, groupId });
      if (!moved.ok) throw new Error(moved.error.message);
    }
    return client;
  };
  const ana = await join('Ana', 'participant', ga);
  const ben = await join('Ben', 'participant', ga);
  const carla = await join('Carla', 'participant', gb);
  const observer = await join('Presse', 'observer', ga);
  const tokenOf = (client: PalabreClient) => client.welcome!.resumeToken;
  const goto = async (phaseId: string, groupId = 'all') => {
    const result = await facilitator.command({ type: 'phase.goto', groupId, to: { phaseId } });
    if (!result.ok) throw new Error(result.error.message);
    return result.version;
  };
  return { server, session, invites, ga, gb, facilitator, ana, ben, carla, observer, tokenOf, goto };
}

/** Phase ids of the default agenda: p4 is drafting (editing), p3 debate (no editing). */
export const DRAFTING = 'p4';
export const DEBATE = 'p3';

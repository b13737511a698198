import { useEffect, useState } from 'preact/hooks';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { openGroupDocument } from '../../../sdk/groupDocument.js';
import { recommendationsOf } from '../../../../shared/recommendations.js';
import type { RecommendationStatus } from '../../../../shared/recommendations.js';
import type { SessionController } from '../session.js';

export interface RecommendationEntry {
  id: string;
  status: RecommendationStatus;
  title: Y.Text;
  body: Y.Text;
}

export interface LiveDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** What the editors use to show cursors: the provider's awareness, or a listen-only view of it. */
  awareness: Awareness;
  status: 'connecting' | 'connected' | 'disconnected';
  synced: boolean;
  entries: RecommendationEntry[];
  /** Names of the others who have this document open (from awareness). */
  peers: string[];
  /** The server refused an edit from this page (reason), and the copy was rebuilt from the server. */
  refused: string | null;
}

/** After a refusal, wait this long for more (a burst of keys) before rebuilding the copy, once. */
const REBUILD_AFTER_MS = 200;

const PALETTE = ['#1d4ed8', '#b42318', '#047857', '#7c3aed', '#b45309', '#0e7490', '#be185d', '#4d7c0f'];

/** A stable colour per member, so everyone sees the same person in the same colour. */
function colorOf(memberId: string): string {
  let hash = 0;
  for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/**
 * The others' cursors without publishing one's own: an observer's click in the text (on a projector, say)
 * should not put a cursor in everyone's editor. Everything but `setLocalStateField` goes to the real one.
 */
function listenOnly(awareness: Awareness): Awareness {
  return new Proxy(awareness, {
    get(target, property) {
      if (property === 'setLocalStateField') return () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function readEntries(doc: Y.Doc): RecommendationEntry[] {
  const out: RecommendationEntry[] = [];
  for (const map of recommendationsOf(doc).toArray()) {
    const id: unknown = map.get('id');
    const title: unknown = map.get('title');
    const body: unknown = map.get('body');
    const status: unknown = map.get('status');
    // Y.Text instances: checked by shape, so this file needs no runtime import of yjs.
    if (typeof id !== 'string' || !isText(title) || !isText(body)) continue;
    out.push({
      id,
      title,
      body,
      status: (typeof status === 'string' ? status : 'draft') as RecommendationStatus,
    });
  }
  return out;
}

function isText(value: unknown): value is Y.Text {
  return typeof value === 'object' && value !== null && 'insert' in value && 'toDelta' in value;
}

/** Opens the group's recommendations document for as long as the component lives (or the group changes). */
export function useGroupDocument(
  controller: SessionController,
  sessionId: string,
  groupId: string,
  user: { id: string; name: string; observer: boolean },
): LiveDocument | null {
  const [live, setLive] = useState<LiveDocument | null>(null);
  // A refused edit leaves this copy different from the shared document (the server keeps nothing of
  // it): a new generation opens a fresh copy, read from the server.
  const [generation, setGeneration] = useState<{ n: number; refused: string | null }>({
    n: 0,
    refused: null,
  });
  useEffect(() => {
    const color = colorOf(user.id);
    let rebuild: ReturnType<typeof setTimeout> | null = null;
    const opened = openGroupDocument(controller.client, {
      url: location.origin,
      sessionId,
      groupId,
      user: { name: user.name, color, colorLight: `${color}33` },
      onRefused: (reason) => {
        rebuild ??= setTimeout(
          () => setGeneration((g) => ({ n: g.n + 1, refused: reason })),
          REBUILD_AFTER_MS,
        );
      },
    });
    const { doc, provider } = opened;
    let current: LiveDocument = {
      doc,
      provider,
      awareness: user.observer ? listenOnly(provider.awareness) : provider.awareness,
      status: 'connecting',
      synced: false,
      entries: readEntries(doc),
      peers: [],
      refused: generation.refused,
    };
    const update = (patch: Partial<LiveDocument>) => {
      current = { ...current, ...patch };
      setLive(current);
    };
    update({});
    const onStatus = ({ status }: { status: LiveDocument['status'] }) => update({ status });
    const onSync = (synced: boolean) => update({ synced, entries: readEntries(doc) });
    const onChange = () => update({ entries: readEntries(doc) });
    const onAwareness = () => {
      const peers: string[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const name = (state as { user?: { name?: unknown } }).user?.name;
        if (clientId !== doc.clientID && typeof name === 'string' && !peers.includes(name)) peers.push(name);
      });
      update({ peers });
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.awareness.on('change', onAwareness);
    const list = recommendationsOf(doc);
    // Only the list's shape and statuses matter here: the texts are rendered by their own editors.
    list.observeDeep(onChange);
    return () => {
      if (rebuild) clearTimeout(rebuild);
      list.unobserveDeep(onChange);
      provider.awareness.off('change', onAwareness);
      opened.destroy();
      setLive(null);
    };
  }, [controller, sessionId, groupId, user.id, user.name, user.observer, generation]);
  return live;
}

import { useEffect, useState } from 'preact/hooks';
import { PalabreClient } from '../../sdk/palabreClient.js';
import type { ConnectionStatus } from '../../sdk/palabreClient.js';
import type { PalabreError } from '../../../shared/errors.js';
import type { CommandAck, Welcome } from '../../../shared/protocol.js';
import type { Command } from '../../../shared/session/commands.js';
import type { SessionEvent } from '../../../shared/session/events.js';
import type { SessionState } from '../../../shared/session/types.js';
import { saveResume } from './storage.js';
import { VoiceRoom } from '../../sdk/voice.js';

/** What the views render: replaced (never mutated) on every change, so hooks can compare by identity. */
export interface SessionView {
  status: ConnectionStatus;
  state: SessionState | null;
  welcome: Welcome | null;
  refusal: PalabreError | null;
  /** Set when the server told us we were removed or the session ended. */
  notice: 'removed' | 'session_ended' | null;
}

type Listener = (view: SessionView) => void;
type EventListener = (events: SessionEvent[], state: SessionState) => void;

/** How often the clock offset is measured again: drift is slow, a reconnection re-measures anyway. */
const CLOCK_REFRESH_MS = 5 * 60_000;

/**
 * The page's one connection to a session: wraps the SDK client, keeps the resume token in the browser,
 * measures the server clock offset, and exposes an immutable view for the components.
 */
export class SessionController {
  readonly client: PalabreClient;
  view: SessionView;
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<EventListener>();
  private clockTimer: ReturnType<typeof setInterval> | undefined;
  private voiceRoom: VoiceRoom | null | undefined;

  constructor(
    readonly invite: string,
    auth: { resume: string } | { name: string; attributes?: Record<string, string> | undefined },
  ) {
    this.client = new PalabreClient({
      url: location.origin,
      ...('resume' in auth
        ? { resume: auth.resume }
        : { token: invite, name: auth.name, ...(auth.attributes ? { attributes: auth.attributes } : {}) }),
      onResumeToken: (token) => saveResume(invite, token),
    });
    this.view = { status: 'connecting', state: null, welcome: null, refusal: null, notice: null };
    this.client.on('state', (state, events) => {
      this.update({ state, welcome: this.client.welcome });
      if (events.length > 0) for (const listener of this.eventListeners) listener(events, state);
    });
    this.client.on('status', (status) => {
      this.update({ status });
      if (status === 'connected') void this.measureClock();
    });
    this.client.on('refused', (refusal) => this.update({ refusal, status: 'closed' }));
    this.client.on('notice', (notice) => {
      if (notice.code === 'removed' || notice.code === 'session_ended') this.update({ notice: notice.code });
    });
    this.clockTimer = setInterval(() => void this.measureClock(), CLOCK_REFRESH_MS);
  }

  start(): void {
    this.client.connect().catch(() => {
      // Refusals arrive through the `refused` listener; a timeout leaves socket.io retrying.
    });
  }

  /**
   * This member's voice (created on first use; null where the browser has no WebRTC). Also reachable as
   * `window.palabreVoice`, for diagnostics (`await palabreVoice.stats()`) and the browser tests.
   */
  voice(): VoiceRoom | null {
    if (this.voiceRoom === undefined) {
      try {
        this.voiceRoom = new VoiceRoom({ client: this.client });
        (window as { palabreVoice?: VoiceRoom }).palabreVoice = this.voiceRoom;
      } catch {
        this.voiceRoom = null;
      }
    }
    return this.voiceRoom;
  }

  close(): void {
    this.voiceRoom?.close();
    clearInterval(this.clockTimer);
    this.client.close();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Called with every batch of new events (not on snapshots), e.g. to announce changes. */
  onEvents(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  command(command: Command): Promise<CommandAck> {
    return this.client.command(command);
  }

  serverNow(): number {
    return this.client.serverNow();
  }

  private async measureClock(): Promise<void> {
    try {
      await this.client.measureClock(5);
    } catch {
      // Offline: keep the last offset; the next reconnection measures again.
    }
  }

  private update(patch: Partial<SessionView>): void {
    this.view = { ...this.view, ...patch };
    for (const listener of this.listeners) listener(this.view);
  }
}

/** Re-renders with every change of the session. */
export function useSessionView(controller: SessionController): SessionView {
  const [view, setView] = useState(controller.view);
  useEffect(() => {
    setView(controller.view);
    return controller.subscribe(setView);
  }, [controller]);
  return view;
}

/** The server's current time, re-rendered `intervalMs` apart: countdowns are drawn locally, never ticked remotely. */
export function useServerNow(controller: SessionController, intervalMs = 250): number {
  const [now, setNow] = useState(() => controller.serverNow());
  useEffect(() => {
    const timer = setInterval(() => setNow(controller.serverNow()), intervalMs);
    return () => clearInterval(timer);
  }, [controller, intervalMs]);
  return now;
}

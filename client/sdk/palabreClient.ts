import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { PalabreError } from '../../shared/errors.js';
import type {
  ClientToServerEvents,
  CommandAck,
  EventBatch,
  Notice,
  ServerToClientEvents,
  SyncAck,
  Welcome,
} from '../../shared/protocol.js';
import type { Command } from '../../shared/session/commands.js';
import type { SessionEvent } from '../../shared/session/events.js';
import { evolve } from '../../shared/session/evolve.js';
import type { SessionState } from '../../shared/session/types.js';
import { Emitter } from './emitter.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface PalabreClientOptions {
  /** Server base URL, e.g. http://localhost:3000. */
  url: string;
  /** An invite token and the display name to join with… */
  token?: string;
  name?: string;
  attributes?: Record<string, string>;
  /** …or a resume token from an earlier `welcome`, to come back as the same member. */
  resume?: string;
  /** Called with every new resume token, e.g. to keep it in localStorage. */
  onResumeToken?: (token: string, welcome: Welcome) => void;
  /** Passed through to socket.io-client (transports, reconnection delays…). */
  socket?: Parameters<typeof io>[1];
  /** How long a command waits for its ack before failing with `unavailable`. Default 10 s. */
  ackTimeoutMs?: number;
}

type ClientEvents = {
  state: (state: SessionState, events: SessionEvent[]) => void;
  welcome: (welcome: Welcome) => void;
  notice: (notice: Notice) => void;
  status: (status: ConnectionStatus) => void;
  /** The server refused the connection (bad or expired token, removed member…). */
  refused: (error: PalabreError) => void;
};

export class ClientError extends Error {
  constructor(readonly error: PalabreError) {
    super(`${error.code}: ${error.message}`);
  }
}

/**
 * The typed client of the control plane: joins with an invite (or resumes), keeps a live copy of the
 * session by applying versioned events with the same `evolve` as the server, detects gaps and resyncs,
 * and reconnects by itself with the resume token.
 */
export class PalabreClient extends Emitter<ClientEvents> {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  state: SessionState | null = null;
  welcome: Welcome | null = null;
  status: ConnectionStatus = 'connecting';
  /** serverTime - localTime, in ms; see `measureClock`. */
  clockOffset = 0;
  private resyncing = false;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: PalabreClientOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    const auth = options.resume
      ? { resume: options.resume }
      : {
          token: options.token,
          name: options.name,
          ...(options.attributes ? { attributes: options.attributes } : {}),
        };
    this.socket = io(options.url, {
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      ...options.socket,
      auth,
      autoConnect: false,
    });
    this.socket.on('welcome', (welcome) => {
      this.welcome = welcome;
      // From now on, reconnections come back as this member.
      this.socket.auth = { resume: welcome.resumeToken };
      this.options.onResumeToken?.(welcome.resumeToken, welcome);
      this.emit('welcome', welcome);
    });
    this.socket.on('snapshot', ({ state }) => {
      this.state = state;
      this.setStatus('connected');
      this.emit('state', state, []);
    });
    this.socket.on('events', (batch) => this.onEvents(batch));
    this.socket.on('notice', (notice) => this.emit('notice', notice));
    this.socket.on('connect_error', (err: Error & { data?: PalabreError }) => {
      if (err.data?.code) {
        this.setStatus('closed');
        this.emit('refused', err.data);
      }
    });
    this.socket.on('disconnect', (reason) => {
      this.setStatus(reason === 'io client disconnect' ? 'closed' : 'reconnecting');
    });
  }

  /** Connects and resolves once the first snapshot has arrived. */
  connect(timeoutMs = 10_000): Promise<{ welcome: Welcome; state: SessionState }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new ClientError({ code: 'unavailable', message: 'connect timed out' })),
        timeoutMs,
      );
      const offState = this.on('state', (state) => {
        if (this.welcome) done(undefined, { welcome: this.welcome, state });
      });
      const offRefused = this.on('refused', (error) => done(new ClientError(error)));
      const done = (error?: Error, value?: { welcome: Welcome; state: SessionState }) => {
        clearTimeout(timer);
        offState();
        offRefused();
        if (error) reject(error);
        else resolve(value!);
      };
      this.socket.connect();
    });
  }

  get memberId(): string | undefined {
    return this.welcome?.memberId;
  }

  /** Sends a command; resolves with its ack (never rejects on a refusal: check `ok`). */
  command(command: Command): Promise<CommandAck> {
    return this.socket
      .timeout(this.ackTimeoutMs)
      .emitWithAck('command', command)
      .catch(() => ({
        ok: false as const,
        error: { code: 'unavailable' as const, message: 'no answer from the server' },
      }));
  }

  /** Resolves with the state once `predicate` holds (now or after later events). */
  waitFor(predicate: (state: SessionState) => boolean, timeoutMs = 5000): Promise<SessionState> {
    if (this.state && predicate(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error('waitFor: condition not met in time'));
      }, timeoutMs);
      const off = this.on('state', (state) => {
        if (!predicate(state)) return;
        clearTimeout(timer);
        off();
        resolve(state);
      });
    });
  }

  /** Measures the clock offset with a few pings, keeping the one with the shortest round trip. */
  async measureClock(samples = 5): Promise<number> {
    let best = { rtt: Infinity, offset: 0 };
    for (let i = 0; i < samples; i++) {
      const sent = Date.now();
      const ack = await this.socket.timeout(this.ackTimeoutMs).emitWithAck('time');
      const received = Date.now();
      if (!ack.ok) continue;
      const rtt = received - sent;
      if (rtt < best.rtt) best = { rtt, offset: ack.now - (sent + rtt / 2) };
    }
    this.clockOffset = best.offset;
    return best.offset;
  }

  /** The server's current time, as best known here. */
  serverNow(): number {
    return Date.now() + this.clockOffset;
  }

  close(): void {
    this.socket.disconnect();
    this.setStatus('closed');
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.emit('status', status);
  }

  private onEvents(batch: EventBatch): void {
    if (!this.state || this.resyncing) return;
    let state: SessionState = this.state;
    const applied: SessionEvent[] = [];
    for (const event of batch.events) {
      if (event.v <= state.version) continue;
      if (event.v !== state.version + 1) {
        void this.resync();
        break;
      }
      state = evolve(state, event);
      applied.push(event);
    }
    if (applied.length === 0) return;
    this.state = state;
    this.emit('state', state, applied);
  }

  /** Fetches what was missed after a gap: the missing events, or a fresh snapshot. */
  async resync(): Promise<void> {
    if (!this.state || this.resyncing) return;
    this.resyncing = true;
    try {
      const ack: SyncAck = await this.socket
        .timeout(this.ackTimeoutMs)
        .emitWithAck('sync', { after: this.state.version });
      if (!ack.ok) return;
      if ('state' in ack) {
        this.state = ack.state;
        this.emit('state', ack.state, []);
      } else {
        this.resyncing = false;
        this.onEvents({ sessionId: this.state.id, events: ack.events });
      }
    } finally {
      this.resyncing = false;
    }
  }
}

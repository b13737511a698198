import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { PalabreError } from '../../shared/errors.js';
import { PROTOCOL_VERSION } from '../../shared/protocolVersion.js';
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
import { inBatch } from '../../shared/session/transient.js';
import type { SessionState } from '../../shared/session/types.js';
import { Emitter } from './emitter.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface PalabreClientOptions {
  /**
   * Server base URL, e.g. http://localhost:3000. Several URLs (several Palabre processes without a load
   * balancer): when one stops answering, the client fails over to the next with its resume token.
   */
  url: string | string[];
  /** Failed reconnection attempts on one URL before trying the next one. Default 2. */
  failoverAfter?: number;
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
type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class PalabreClient extends Emitter<ClientEvents> {
  socket: ClientSocket;
  state: SessionState | null = null;
  welcome: Welcome | null = null;
  status: ConnectionStatus = 'connecting';
  /** serverTime - localTime, in ms; see `measureClock`. */
  clockOffset = 0;
  private resyncing = false;
  private readonly ackTimeoutMs: number;
  private readonly urls: string[];
  private urlIndex = 0;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(private readonly options: PalabreClientOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.urls = Array.isArray(options.url) ? options.url : [options.url];
    if (this.urls.length === 0) throw new Error('PalabreClient needs at least one url');
    const auth = options.resume
      ? { resume: options.resume, protocol: PROTOCOL_VERSION }
      : {
          token: options.token,
          name: options.name,
          ...(options.attributes ? { attributes: options.attributes } : {}),
          protocol: PROTOCOL_VERSION,
        };
    this.socket = this.createSocket(this.urls[0]!, auth);
  }

  private createSocket(url: string, auth: object): ClientSocket {
    const socket: ClientSocket = io(url, {
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      ...this.options.socket,
      auth,
      autoConnect: false,
      // Each client gets its own connection, even to a URL another client in this page already uses.
      forceNew: true,
    });
    socket.on('welcome', (welcome) => {
      this.welcome = welcome;
      this.failures = 0;
      // From now on, reconnections come back as this member.
      socket.auth = { resume: welcome.resumeToken, protocol: PROTOCOL_VERSION };
      this.options.onResumeToken?.(welcome.resumeToken, welcome);
      this.emit('welcome', welcome);
    });
    socket.on('snapshot', ({ state }) => {
      this.state = state;
      this.setStatus('connected');
      this.emit('state', state, []);
    });
    socket.on('events', (batch) => this.onEvents(batch));
    socket.on('notice', (notice) => this.emit('notice', notice));
    socket.on('connect_error', (err: Error & { data?: PalabreError }) => {
      if (err.data?.code === 'unavailable') {
        // The server is up but its store is not (e.g. Redis restarting): try again shortly.
        this.setStatus('reconnecting');
        this.scheduleRetry();
      } else if (err.data?.code) {
        this.setStatus('closed');
        this.emit('refused', err.data);
      }
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') {
        this.setStatus('closed');
      } else {
        this.setStatus('reconnecting');
        // The server cut us (e.g. shutting down): socket.io does not retry that case by itself.
        if (reason === 'io server disconnect' && !this.closed) this.scheduleRetry();
      }
    });
    socket.io.on('reconnect_error', () => {
      this.failures += 1;
      if (this.urls.length > 1 && this.failures >= (this.options.failoverAfter ?? 2)) this.failover();
    });
    return socket;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = Math.min(5000, 250 * 2 ** Math.min(this.failures++, 5));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.urls.length > 1 && this.failures >= (this.options.failoverAfter ?? 2)) this.failover();
      else if (!this.closed && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  /** Moves to the next URL, keeping the member (resume token) and the state (resync by version). */
  private failover(): void {
    if (this.closed) return;
    const old = this.socket;
    old.off();
    old.io.off();
    old.disconnect();
    this.failures = 0;
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    this.socket = this.createSocket(this.urls[this.urlIndex]!, old.auth as object);
    this.socket.connect();
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
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
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
    let gap = false;
    // One batch: a record copied for its first event (the members map, for a burst of arrivals) is updated in
    // place by the next ones; the state published before it is never written to.
    inBatch(() => {
      for (const event of batch.events) {
        if (event.v <= state.version) continue;
        if (event.v !== state.version + 1) {
          gap = true;
          break;
        }
        state = evolve(state, event);
        applied.push(event);
      }
    });
    if (gap) void this.resync();
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

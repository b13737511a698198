import { randomInt } from 'node:crypto';
import type { IceCandidate } from '../../../shared/voiceProtocol.js';
import type { Logger } from '../../log.js';
import type { MediaParticipant, MediaServer } from '../../ports/mediaServer.js';

/** The parts of janode used here (janode ships no types). */
interface AudioBridgeHandle {
  join(params: { room: number; feed: number; display: string; muted: boolean }): Promise<unknown>;
  configure(params: {
    muted?: boolean;
    jsep?: { type: 'offer'; sdp: string };
  }): Promise<{ jsep?: { sdp: string } }>;
  create(params: Record<string, unknown>): Promise<unknown>;
  trickle(candidate: object | null): Promise<unknown>;
  detach(): Promise<unknown>;
}
interface JanodeSession {
  attach(plugin: unknown): Promise<AudioBridgeHandle>;
  destroy(): Promise<unknown>;
  once(event: string, fn: (...args: unknown[]) => void): void;
}
interface JanodeConnection {
  create(): Promise<JanodeSession>;
  close(): Promise<unknown>;
  once(event: string, fn: (...args: unknown[]) => void): void;
}

/** This process' connection to Janus, its Janus session, and the AudioBridge plugin to attach handles with. */
interface JanusSession {
  connection: JanodeConnection;
  session: JanodeSession;
  plugin: unknown;
}

export interface JanusOptions {
  /** Janus' WebSocket API (JANUS_URL). */
  url: string;
  /** Janus' api_secret (JANUS_API_SECRET). */
  apiSecret: string | undefined;
  log: Logger;
}

/**
 * Packets (20 ms each) the AudioBridge buffers from a participant before mixing them in, also after an
 * unmute: Janus' default is 6 (120 ms); 3 keeps 60 ms against jitter and brings the new speaker's first
 * sound ~60 ms sooner (bench/RESULTS.md, Voice).
 */
const PREBUFFER_PACKETS = 3;

/** AudioBridge's "no such room" error (janus_audiobridge.c JANUS_AUDIOBRIDGE_ERROR_NO_SUCH_ROOM). */
const NO_SUCH_ROOM = 485;
/** AudioBridge's "room exists" error: another Palabre process created it first. */
const ROOM_EXISTS = 486;

/**
 * A MediaServer on Janus' AudioBridge plugin, through Meetecho's janode. One Janus session per Palabre
 * process, one plugin handle per browser connection; rooms are created on first join (private, not
 * recorded, 48 kHz Opus) and left to Janus to clean up when empty… or reused: every process computes the
 * same room number for a group, so members connected to different processes share one mix. Muting is
 * AudioBridge's own `configure { muted }` on the handle the server holds: the browser has no say.
 */
export class JanusAudioBridge implements MediaServer {
  private session: Promise<JanusSession> | null = null;
  private readonly participants = new Set<AudioBridgeHandle>();

  constructor(private readonly options: JanusOptions) {}

  private readonly disconnected = new Set<(err: unknown) => void>();

  onDisconnected(listener: (err: unknown) => void): () => void {
    this.disconnected.add(listener);
    return () => this.disconnected.delete(listener);
  }

  private connect() {
    if (this.session) return this.session;
    const current: Promise<JanusSession> = (async () => {
      let janode: {
        default: { connect(conf: object): Promise<JanodeConnection>; Logger: { setLevel(l: string): void } };
      };
      let plugin: { default: unknown };
      try {
        // Loaded only in SFU mode: janode is an optional dependency (its Unix-socket transport needs a native
        // build), so an embedded-mode install never needs it.
        janode = (await import('janode')) as typeof janode;
        plugin = (await import('janode/plugins/audiobridge')) as typeof plugin;
      } catch (err) {
        throw new Error('MEDIA_MODE=sfu needs the janode package (npm install janode)', { cause: err });
      }
      janode.default.Logger.setLevel('none');
      const connection = await janode.default.connect({
        address: {
          url: this.options.url,
          ...(this.options.apiSecret ? { apisecret: this.options.apiSecret } : {}),
        },
        retry_time_secs: 1,
        max_retries: 3,
      });
      const reset = (err?: unknown) => {
        // Only the live connection: not one closed on purpose (close()), nor one lost before.
        if (this.session !== current) return;
        this.options.log.warn('janus connection lost');
        this.session = null;
        this.participants.clear();
        for (const listener of this.disconnected) listener(err);
      };
      connection.once('connection_closed', reset);
      connection.once('connection_error', reset);
      const session = await connection.create();
      // Janus destroyed the session (e.g. its keepalive timeout): every handle went with it, as on a lost
      // connection; this one is closed, and the next join connects again.
      session.once('session_destroyed', () => {
        reset(new Error('janus destroyed the session'));
        void connection.close().catch(() => undefined);
      });
      return { connection, session, plugin: plugin.default };
    })();
    this.session = current;
    current.catch(() => {
      if (this.session === current) this.session = null;
    });
    return current;
  }

  async probe(): Promise<void> {
    await this.connect();
  }

  async join(
    room: number,
    options: { muted: boolean; label: string },
    offerSdp: string,
  ): Promise<MediaParticipant> {
    const { session, plugin } = await this.connect();
    const handle = await session.attach(plugin);
    this.participants.add(handle);
    try {
      const join = () =>
        handle.join({ room, feed: randomInt(1, 2 ** 47), display: options.label, muted: options.muted });
      await join().catch(async (err: unknown) => {
        if (janusCode(err) !== NO_SUCH_ROOM) throw err;
        await handle
          .create({
            room,
            is_private: true,
            permanent: false,
            record: false,
            sampling_rate: 48_000,
            talking_events: false,
            prebuffer: PREBUFFER_PACKETS,
          })
          .catch((e: unknown) => {
            if (janusCode(e) !== ROOM_EXISTS) throw e;
          });
        await join();
      });
      const configured = await handle.configure({
        muted: options.muted,
        jsep: { type: 'offer', sdp: offerSdp },
      });
      const answerSdp = configured.jsep?.sdp;
      if (!answerSdp) throw new Error('janus answered the offer without an SDP');
      return {
        answerSdp,
        setMuted: async (muted) => {
          await handle.configure({ muted });
        },
        trickle: async (candidate: IceCandidate | null) => {
          await handle.trickle(candidate ? { ...candidate } : null);
        },
        leave: async () => {
          this.participants.delete(handle);
          await handle.detach().catch(() => undefined);
        },
      };
    } catch (err) {
      this.participants.delete(handle);
      await handle.detach().catch(() => undefined);
      throw err;
    }
  }

  async close(): Promise<void> {
    const current = this.session;
    this.session = null;
    if (!current) return;
    const { connection, session } = await current.catch(() => ({ connection: null, session: null }));
    for (const handle of this.participants) await handle.detach().catch(() => undefined);
    this.participants.clear();
    await session?.destroy().catch(() => undefined);
    await connection?.close().catch(() => undefined);
  }
}

/** The error code janode puts at the start of a Janus error's message ("485 No such room"). */
function janusCode(err: unknown): number | null {
  const match = /^(\d{3}) /.exec((err as Error)?.message ?? '');
  return match ? Number(match[1]) : null;
}

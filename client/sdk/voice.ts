import type { IceCandidate, RelayedSignal, VoiceConfig, VoiceSignal } from '../../shared/voiceProtocol.js';
import { audibleIn, listenersOf, mayBeHeard, roomOf } from '../../shared/session/voice/audible.js';
import type { SessionState } from '../../shared/session/types.js';
import { Emitter } from './emitter.js';
import type { PalabreClient } from './palabreClient.js';

/** Where the microphone stands, for the page to say it plainly. */
export type MicrophoneState = 'none' | 'requesting' | 'on' | 'refused' | 'missing' | 'failed';

/** What the page shows of voice. Replaced (never mutated) on every change. */
export interface VoicePicture {
  /** Whether the session state lets this member be heard now (the floor, a facilitator's microphone, an open discussion). */
  allowed: boolean;
  /** Whether this member's microphone is reaching listeners now. */
  live: boolean;
  microphone: MicrophoneState;
  /** Members the group may hear now (shared/session/voice/audible.ts), for captions. */
  heard: string[];
  /** Members whose audio is playing here now. */
  playing: string[];
  /** How the server carries voice. */
  mode: VoiceConfig['mode'];
  /** Whether this member's camera is on (shown to the group while they may be heard). */
  camera: boolean;
}

export interface VoiceRoomOptions {
  client: PalabreClient;
  /** RTCPeerConnection's constructor: the browser's by default (inject another in Node). */
  peerConnection?: new (config: RTCConfiguration) => RTCPeerConnection;
  /** How long an offer from someone this client does not (yet) see allowed may wait for the state, ms. Default 2000. */
  pendingOfferMs?: number;
  /** How long a `ready` may go unanswered before it is sent again, ms. Default 3000. */
  retryReadyMs?: number;
}

type VoiceRoomEvents = {
  change: (picture: VoicePicture) => void;
  /** A member's audio arrived: play `stream` (e.g. in an <audio autoplay> element). */
  track: (memberId: string, stream: MediaStream) => void;
  /** That member's audio stopped (turn over, moved, left): stop playing it. */
  trackEnded: (memberId: string) => void;
  /** A speaker's camera arrived (embedded mode, when they switched it on): show `stream`. */
  video: (memberId: string, stream: MediaStream) => void;
  /** That speaker's camera stopped (with their audio, or switched off). */
  videoEnded: (memberId: string) => void;
};

interface Outgoing {
  connection: string;
  pc: RTCPeerConnection;
}

interface Incoming {
  from: string;
  pc: RTCPeerConnection;
  stream: MediaStream | null;
  /** The speaker's camera, when they send it. */
  video: MediaStream | null;
  /** Candidates that arrived before the offer was applied. */
  early: IceCandidate[];
}

/** The fields of RTCStats this file reads. */
interface RtpStats {
  type: string;
  kind?: string;
  bytesReceived?: number;
  packetsReceived?: number;
  totalAudioEnergy?: number;
  framesDecoded?: number;
  bytesSent?: number;
  packetsSent?: number;
}

type OfferSignal = Extract<RelayedSignal, { kind: 'offer' }>;

interface PendingOffer {
  signal: OfferSignal;
  timer: ReturnType<typeof setTimeout>;
  /** Candidates that came with it. */
  early: IceCandidate[];
}

/** Audio inbound from or outbound to each member, as getStats() counts it. */
export interface VoiceStats {
  /** `energy`: totalAudioEnergy of what was decoded (W3C webrtc-stats; silence adds ~0). */
  inbound: Record<string, { bytes: number; packets: number; energy: number }>;
  /** Camera frames decoded from each member (inbound-rtp framesDecoded). */
  video: Record<string, number>;
  outbound: Record<string, { bytes: number; packets: number }>;
}

const LOOPBACK = / (127\.0\.0\.1|::1) \d+ typ /;

/** SFU mode: the key under which the room's mix is played and counted (it carries every allowed voice). */
export const SFU_ROOM = 'room';

/**
 * The voice of one member in embedded mode: browser-to-browser WebRTC audio (Opus), signalled over the
 * session's socket.io connection. The session state decides everything (shared/session/voice/audible.ts):
 * - a listener asks every member its group may hear for their voice (`ready`), and accepts an offer only
 *   from such a member: a track from anyone else is refused, and one already playing is closed as soon as
 *   the state stops allowing it (turn over, paused, moved);
 * - a member who may be heard offers a send-only connection carrying their microphone to each listener who
 *   asked, and closes them all the moment the state stops allowing it.
 * The server refuses the same signalling on its side, so a dishonest client gains nothing.
 */
export class VoiceRoom extends Emitter<VoiceRoomEvents> {
  picture: VoicePicture;
  private readonly client: PalabreClient;
  private readonly PeerConnection: new (config: RTCConfiguration) => RTCPeerConnection;
  private microphone: MediaStream | null = null;
  /** The speaker's camera, off unless the member switched it on (embedded mode only). */
  private camera: MediaStream | null = null;
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly incoming = new Map<string, Incoming>();
  /** Listeners who asked for this member's voice while it could not be sent (not allowed yet, no microphone). */
  private readonly asked = new Set<string>();
  /** Offers from members this client did not see allowed yet: kept until the state catches up, or dropped. */
  private readonly pendingOffers = new Map<string, PendingOffer>();
  /** `ready` sent to a speaker and not answered yet: when, by speaker. */
  private readonly requested = new Map<string, number>();
  private readonly offs: (() => void)[] = [];
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  private counter = 0;
  /** SFU mode: the one connection to the group's media room, and the room it was opened for. */
  private sfu: { pc: RTCPeerConnection; groupId: string } | null = null;

  constructor(private readonly options: VoiceRoomOptions) {
    super();
    this.client = options.client;
    const ctor =
      options.peerConnection ??
      (globalThis as { RTCPeerConnection?: VoiceRoom['PeerConnection'] }).RTCPeerConnection;
    if (!ctor) throw new Error('VoiceRoom needs RTCPeerConnection (a browser, or options.peerConnection)');
    this.PeerConnection = ctor;
    this.picture = {
      camera: false,
      allowed: false,
      live: false,
      microphone: 'none',
      heard: [],
      playing: [],
      mode: this.config.mode,
    };
    this.offs.push(this.client.on('state', () => this.reconcile()));
    const onSignal = (signal: RelayedSignal) => void this.onSignal(signal).catch(() => this.drop(signal));
    this.client.socket.on('voice.signal', onSignal);
    this.offs.push(() => this.client.socket.off('voice.signal', onSignal));
    const onRenegotiate = () => {
      this.closeSfu();
      this.reconcile();
    };
    this.client.socket.on('voice.renegotiate', onRenegotiate);
    this.offs.push(() => this.client.socket.off('voice.renegotiate', onRenegotiate));
    this.retryTimer = setInterval(() => this.reconcile(), options.retryReadyMs ?? 3000);
    this.reconcile();
  }

  private get config(): VoiceConfig {
    return this.client.welcome?.voice ?? { mode: 'embedded', iceServers: [] };
  }

  private rtcConfig(): RTCConfiguration {
    return { iceServers: this.config.iceServers, bundlePolicy: 'max-bundle' };
  }

  private keep(candidate: string): boolean {
    return this.config.candidates !== 'loopback' || candidate === '' || LOOPBACK.test(candidate);
  }

  /**
   * Gives this member a microphone to be heard with (when the state allows). `open` is the page's
   * getUserMedia call with the chosen device; its errors (NotAllowedError: refused; NotFoundError: none)
   * set `picture.microphone` and are rethrown for the page to explain.
   */
  async useMicrophone(open: () => Promise<MediaStream>): Promise<MediaStream> {
    this.update({ microphone: 'requesting' });
    let stream: MediaStream;
    try {
      stream = await open();
    } catch (err) {
      const name = (err as { name?: string }).name;
      this.update({
        microphone:
          name === 'NotAllowedError' || name === 'SecurityError'
            ? 'refused'
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? 'missing'
              : 'failed',
      });
      throw err;
    }
    const previous = this.microphone;
    this.microphone = stream;
    const track = stream.getAudioTracks()[0];
    // A new device replaces the track on live connections without renegotiating.
    if (track) {
      for (const sender of this.sfu?.pc.getSenders() ?? []) {
        if (sender.track === null || sender.track.kind === 'audio') void sender.replaceTrack(track);
      }
      for (const out of this.outgoing.values()) {
        for (const sender of out.pc.getSenders())
          if (sender.track?.kind === 'audio') void sender.replaceTrack(track);
      }
    }
    if (previous && previous !== stream) for (const t of previous.getTracks()) t.stop();
    this.update({ microphone: 'on' });
    this.reconcile();
    return stream;
  }

  /** Stops the microphone: nothing more is sent (the page's "leave" or a device unplugged). */
  stopMicrophone(): void {
    for (const listener of [...this.outgoing.keys()]) this.closeOutgoing(listener, true);
    for (const t of this.microphone?.getTracks() ?? []) t.stop();
    this.microphone = null;
    this.update({ microphone: 'none', live: false });
  }

  /**
   * Shows this member's camera to their group while they may be heard (off by default; embedded mode: the
   * SFU mode's AudioBridge carries audio only). It rides on the same connections as the voice, so it
   * follows the floor exactly like it. Connections already open are offered again with it.
   */
  async useCamera(open: () => Promise<MediaStream>): Promise<MediaStream> {
    const stream = await open();
    for (const t of this.camera?.getTracks() ?? []) t.stop();
    this.camera = stream;
    this.update({ camera: true });
    this.reofferAll();
    return stream;
  }

  stopCamera(): void {
    for (const t of this.camera?.getTracks() ?? []) t.stop();
    this.camera = null;
    this.update({ camera: false });
    this.reofferAll();
  }

  /** Offers every open outgoing connection again (its tracks changed). */
  private reofferAll(): void {
    for (const listener of [...this.outgoing.keys()]) {
      this.closeOutgoing(listener, true);
      this.asked.add(listener);
    }
    this.reconcile();
  }

  /** What flows now, per member, from getStats(): the basis of the browser tests and the benchmark. */
  async stats(): Promise<VoiceStats> {
    const out: VoiceStats = { inbound: {}, outbound: {}, video: {} };
    const inbound = (key: string, s: RtpStats) => {
      const was = out.inbound[key] ?? { bytes: 0, packets: 0, energy: 0 };
      out.inbound[key] = {
        bytes: was.bytes + (s.bytesReceived ?? 0),
        packets: was.packets + (s.packetsReceived ?? 0),
        energy: was.energy + (s.totalAudioEnergy ?? 0),
      };
    };
    for (const inc of this.incoming.values()) {
      const report = await inc.pc.getStats();
      report.forEach((s: RtpStats) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound(inc.from, s);
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          out.video[inc.from] = (out.video[inc.from] ?? 0) + (s.framesDecoded ?? 0);
        }
      });
    }
    if (this.sfu) {
      const report = await this.sfu.pc.getStats();
      report.forEach((s: RtpStats) => {
        if (s.kind !== 'audio') return;
        if (s.type === 'inbound-rtp') inbound(SFU_ROOM, s);
        if (s.type === 'outbound-rtp') {
          out.outbound[SFU_ROOM] = { bytes: s.bytesSent ?? 0, packets: s.packetsSent ?? 0 };
        }
      });
    }
    for (const [listener, o] of this.outgoing) {
      const report = await o.pc.getStats();
      report.forEach((s: { type: string; kind?: string; bytesSent?: number; packetsSent?: number }) => {
        if (s.type !== 'outbound-rtp' || s.kind !== 'audio') return;
        out.outbound[listener] = { bytes: s.bytesSent ?? 0, packets: s.packetsSent ?? 0 };
      });
    }
    return out;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.retryTimer);
    for (const off of this.offs) off();
    for (const listener of [...this.outgoing.keys()]) this.closeOutgoing(listener, true);
    for (const connection of [...this.incoming.keys()]) this.closeIncoming(connection, true);
    this.closeSfu();
    for (const { timer } of this.pendingOffers.values()) clearTimeout(timer);
    this.pendingOffers.clear();
    for (const t of this.microphone?.getTracks() ?? []) t.stop();
    this.microphone = null;
    for (const t of this.camera?.getTracks() ?? []) t.stop();
    this.camera = null;
  }

  /** Brings connections in line with the session state; called on every state change. */
  private reconcile(): void {
    const state = this.client.state;
    const me = this.client.memberId;
    if (this.closed || !state || !me) return;
    const group = roomOf(state, me);
    const allowed = group !== null && mayBeHeard(state, me);
    const heard = group === null ? [] : audibleIn(state, group).filter((id) => id !== me);
    const listeners = new Set(group === null ? [] : listenersOf(state, group));
    if (this.config.mode === 'sfu') {
      // The media server mixes the room and the server mutes whoever may not be heard; this client also
      // keeps its own track off out of turn.
      for (const t of this.microphone?.getAudioTracks() ?? []) t.enabled = allowed;
      if (this.sfu && this.sfu.groupId !== group) this.closeSfu();
      if (!this.sfu && group !== null && state.status !== 'ended')
        void this.joinSfu(group).catch(() => this.closeSfu());
      this.update({ allowed, live: allowed && this.microphone !== null && this.sfu !== null, heard });
      return;
    }

    // Speaking: only while allowed, only to listeners of this group.
    for (const listener of [...this.outgoing.keys()]) {
      if (!allowed || !listeners.has(listener)) this.closeOutgoing(listener, true);
    }
    for (const listener of [...this.asked]) {
      if (!listeners.has(listener)) this.asked.delete(listener);
      else if (allowed && this.microphone) {
        this.asked.delete(listener);
        void this.offerTo(listener).catch(() => this.closeOutgoing(listener, true));
      }
    }
    if (this.microphone) {
      for (const t of this.microphone.getAudioTracks()) t.enabled = allowed;
    }

    // Listening: close what the state no longer allows; accept offers it now allows; ask new speakers.
    for (const [connection, inc] of this.incoming) {
      if (!heard.includes(inc.from)) this.closeIncoming(connection, true);
    }
    for (const [connection, pending] of [...this.pendingOffers]) {
      if (heard.includes(pending.signal.from)) {
        clearTimeout(pending.timer);
        this.pendingOffers.delete(connection);
        void this.acceptOffer(pending.signal, pending.early).catch(() => this.drop(pending.signal));
      }
    }
    if (this.config.mode === 'embedded') this.askSpeakers(state, heard);
    this.update({ allowed, live: allowed && this.microphone !== null && this.outgoing.size > 0, heard });
  }

  /** Sends `ready` to each member the group may hear that this client gets no audio from yet. */
  private askSpeakers(state: SessionState, heard: string[]): void {
    const now = Date.now();
    const retryMs = this.options.retryReadyMs ?? 3000;
    for (const speaker of [...this.requested.keys()])
      if (!heard.includes(speaker)) this.requested.delete(speaker);
    for (const speaker of heard) {
      if (!state.members[speaker]?.connected) continue;
      if ([...this.incoming.values()].some((i) => i.from === speaker && i.pc.connectionState !== 'failed'))
        continue;
      const sent = this.requested.get(speaker);
      if (sent !== undefined && now - sent < retryMs) continue;
      this.requested.set(speaker, now);
      this.send({ kind: 'ready', to: speaker });
    }
  }

  private async onSignal(signal: RelayedSignal): Promise<void> {
    if (this.closed) return;
    switch (signal.kind) {
      case 'ready': {
        // A listener asks for our voice (again): a new connection replaces any old one.
        if (this.outgoing.has(signal.from)) this.closeOutgoing(signal.from, false);
        this.asked.add(signal.from);
        this.reconcile();
        return;
      }
      case 'offer': {
        const state = this.client.state;
        const me = this.client.memberId;
        const group = state && me ? roomOf(state, me) : null;
        if (state && group && audibleIn(state, group).includes(signal.from))
          return this.acceptOffer(signal, []);
        // Perhaps the state has not caught up yet (the floor just moved): wait for it, briefly.
        const timer = setTimeout(() => {
          this.pendingOffers.delete(signal.connection);
          this.send({ kind: 'bye', to: signal.from, connection: signal.connection });
        }, this.options.pendingOfferMs ?? 2000);
        this.pendingOffers.set(signal.connection, { signal, timer, early: [] });
        return;
      }
      case 'answer': {
        const out = this.outgoing.get(signal.from);
        if (!out || out.connection !== signal.connection) return;
        await out.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        return;
      }
      case 'candidate': {
        if (signal.candidate && !this.keep(signal.candidate.candidate)) return;
        const out = this.outgoing.get(signal.from);
        if (out && out.connection === signal.connection) {
          await out.pc.addIceCandidate(signal.candidate ?? undefined);
          return;
        }
        const inc = this.incoming.get(signal.connection);
        if (inc && inc.from === signal.from) {
          if (inc.pc.remoteDescription) await inc.pc.addIceCandidate(signal.candidate ?? undefined);
          else if (signal.candidate) inc.early.push(signal.candidate);
          return;
        }
        const pending = this.pendingOffers.get(signal.connection);
        if (pending && pending.signal.from === signal.from && signal.candidate)
          pending.early.push(signal.candidate);
        return;
      }
      case 'bye': {
        const out = this.outgoing.get(signal.from);
        if (out && out.connection === signal.connection) this.closeOutgoing(signal.from, false);
        const inc = this.incoming.get(signal.connection);
        if (inc && inc.from === signal.from) this.closeIncoming(signal.connection, false);
        const pending = this.pendingOffers.get(signal.connection);
        if (pending && pending.signal.from === signal.from) {
          clearTimeout(pending.timer);
          this.pendingOffers.delete(signal.connection);
        }
        return;
      }
    }
  }

  /** Offers a send-only connection carrying the microphone to `listener`. */
  private async offerTo(listener: string): Promise<void> {
    const track = this.microphone?.getAudioTracks()[0];
    if (!track) return;
    const connection = `c${Date.now().toString(36)}${(++this.counter).toString(36)}`;
    const pc = new this.PeerConnection(this.rtcConfig());
    const out: Outgoing = { connection, pc };
    this.outgoing.set(listener, out);
    pc.addTransceiver(track, { direction: 'sendonly', streams: [this.microphone!] });
    const camera = this.camera?.getVideoTracks()[0];
    if (camera) pc.addTransceiver(camera, { direction: 'sendonly', streams: [this.camera!] });
    pc.onicecandidate = (e) => {
      if (this.outgoing.get(listener) !== out) return;
      const c = e.candidate;
      if (c && !this.keep(c.candidate)) return;
      this.send({ kind: 'candidate', to: listener, connection, candidate: c ? candidateOf(c) : null });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && this.outgoing.get(listener) === out)
        this.closeOutgoing(listener, true);
      this.update({ live: this.picture.allowed && this.outgoing.size > 0 });
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    if (this.outgoing.get(listener) !== out) return;
    const ack = await this.send({ kind: 'offer', to: listener, connection, sdp: offer.sdp ?? '' });
    // Refused (the floor moved meanwhile): nothing is carried.
    if (!ack) this.closeOutgoing(listener, false);
    this.update({ live: this.picture.allowed && this.outgoing.size > 0 });
  }

  /** Answers an offer from a member the state lets this client hear. */
  private async acceptOffer(signal: OfferSignal, early: IceCandidate[]): Promise<void> {
    const old = this.incoming.get(signal.connection);
    if (old) return;
    // One connection per speaker: a newer offer replaces an older one.
    for (const [connection, inc] of this.incoming)
      if (inc.from === signal.from) this.closeIncoming(connection, false);
    const pc = new this.PeerConnection(this.rtcConfig());
    const inc: Incoming = { from: signal.from, pc, stream: null, video: null, early: [...early] };
    this.incoming.set(signal.connection, inc);
    this.requested.delete(signal.from);
    pc.ontrack = (e) => {
      if (this.incoming.get(signal.connection) !== inc) return;
      // Audio and camera travel as separate streams, so that each plays in its own element.
      const stream = new MediaStream([e.track]);
      if (e.track.kind === 'video') {
        inc.video = stream;
        this.emit('video', signal.from, stream);
        return;
      }
      inc.stream = stream;
      this.emit('track', signal.from, inc.stream);
      this.update({ playing: this.playing() });
    };
    pc.onicecandidate = (e) => {
      if (this.incoming.get(signal.connection) !== inc) return;
      const c = e.candidate;
      if (c && !this.keep(c.candidate)) return;
      this.send({
        kind: 'candidate',
        to: signal.from,
        connection: signal.connection,
        candidate: c ? candidateOf(c) : null,
      });
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && this.incoming.get(signal.connection) === inc) {
        this.closeIncoming(signal.connection, true);
      }
    };
    await pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
    for (const c of inc.early.splice(0)) await pc.addIceCandidate(c);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (this.incoming.get(signal.connection) !== inc) return;
    await this.send({
      kind: 'answer',
      to: signal.from,
      connection: signal.connection,
      sdp: answer.sdp ?? '',
    });
  }

  /** SFU mode: one connection to the group's room, sending the microphone (muted by the server out of turn). */
  private async joinSfu(groupId: string): Promise<void> {
    const pc = new this.PeerConnection(this.rtcConfig());
    const sfu = { pc, groupId };
    this.sfu = sfu;
    const track = this.microphone?.getAudioTracks()[0];
    if (track) pc.addTransceiver(track, { direction: 'sendrecv', streams: [this.microphone!] });
    else pc.addTransceiver('audio', { direction: 'sendrecv' });
    pc.ontrack = (e) => {
      if (this.sfu !== sfu) return;
      const stream = e.streams[0] ?? new MediaStream([e.track]);
      this.emit('track', SFU_ROOM, stream);
      this.update({ playing: [SFU_ROOM] });
    };
    // Candidates wait for the answer: the server has no place in the room for them before it.
    let held: (IceCandidate | null)[] | null = [];
    const trickle = (candidate: IceCandidate | null) =>
      void this.client.socket
        .timeout(5000)
        .emitWithAck('voice.sfu', { kind: 'candidate', candidate })
        .catch(() => undefined);
    pc.onicecandidate = (e) => {
      if (this.sfu !== sfu) return;
      const c = e.candidate;
      if (c && !this.keep(c.candidate)) return;
      const candidate = c ? candidateOf(c) : null;
      if (held) held.push(candidate);
      else trickle(candidate);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed' && this.sfu === sfu) {
        this.closeSfu();
        this.reconcile();
      }
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const ack = await this.client.socket
      .timeout(10_000)
      .emitWithAck('voice.sfu', { kind: 'offer', sdp: offer.sdp ?? '' });
    if (this.sfu !== sfu) return;
    if (!ack.ok || !ack.sdp) throw new Error(ack.ok ? 'no answer' : ack.error.message);
    await pc.setRemoteDescription({ type: 'answer', sdp: ack.sdp });
    const waiting = held;
    held = null;
    for (const candidate of waiting) trickle(candidate);
    this.update({ live: this.picture.allowed && this.microphone !== null });
  }

  private closeSfu(): void {
    const sfu = this.sfu;
    if (!sfu) return;
    this.sfu = null;
    sfu.pc.close();
    void this.client.socket
      .timeout(5000)
      .emitWithAck('voice.sfu', { kind: 'leave' })
      .catch(() => undefined);
    this.emit('trackEnded', SFU_ROOM);
    this.update({ playing: [] });
  }

  private closeOutgoing(listener: string, bye: boolean): void {
    const out = this.outgoing.get(listener);
    if (!out) return;
    this.outgoing.delete(listener);
    out.pc.close();
    if (bye) this.send({ kind: 'bye', to: listener, connection: out.connection });
    this.update({ live: this.picture.allowed && this.outgoing.size > 0 });
  }

  private closeIncoming(connection: string, bye: boolean): void {
    const inc = this.incoming.get(connection);
    if (!inc) return;
    this.incoming.delete(connection);
    inc.pc.close();
    if (bye) this.send({ kind: 'bye', to: inc.from, connection });
    if (inc.stream) this.emit('trackEnded', inc.from);
    if (inc.video) this.emit('videoEnded', inc.from);
    this.update({ playing: this.playing() });
  }

  /** A signal that could not be handled: the connection it belongs to is given up (the other end is told). */
  private drop(signal: RelayedSignal): void {
    if (signal.kind === 'ready') return;
    const inc = this.incoming.get(signal.connection);
    if (inc?.from === signal.from) this.closeIncoming(signal.connection, true);
    const out = this.outgoing.get(signal.from);
    if (out?.connection === signal.connection) this.closeOutgoing(signal.from, true);
  }

  private playing(): string[] {
    return [...new Set([...this.incoming.values()].filter((i) => i.stream).map((i) => i.from))];
  }

  /** Sends a signalling message; resolves true when the server relayed it. */
  private async send(signal: VoiceSignal): Promise<boolean> {
    try {
      const ack = await this.client.socket.timeout(5000).emitWithAck('voice.signal', signal);
      return ack.ok;
    } catch {
      return false;
    }
  }

  private update(patch: Partial<VoicePicture>): void {
    const next = { ...this.picture, ...patch };
    if (sameArrays(next.heard, this.picture.heard)) next.heard = this.picture.heard;
    if (sameArrays(next.playing, this.picture.playing)) next.playing = this.picture.playing;
    const changed = (Object.keys(next) as (keyof VoicePicture)[]).some((k) => next[k] !== this.picture[k]);
    if (!changed) return;
    this.picture = next;
    this.emit('change', next);
  }
}

function sameArrays(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function candidateOf(c: RTCIceCandidate): IceCandidate {
  return {
    candidate: c.candidate,
    sdpMid: c.sdpMid,
    sdpMLineIndex: c.sdpMLineIndex,
    usernameFragment: c.usernameFragment,
  };
}

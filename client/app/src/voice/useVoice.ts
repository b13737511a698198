import { useEffect, useState } from 'preact/hooks';
import type { VoicePicture, VoiceRoom } from '../../../sdk/voice.js';

/** Re-renders with every change of what voice shows (live, muted, who is heard, the microphone). */
export function useVoicePicture(room: VoiceRoom | null): VoicePicture | null {
  const [picture, setPicture] = useState(room?.picture ?? null);
  useEffect(() => {
    if (!room) return;
    setPicture(room.picture);
    return room.on('change', setPicture);
  }, [room]);
  return picture;
}

/** The audio arriving from each member, for <audio> elements. */
export function useRemoteStreams(room: VoiceRoom | null): [string, MediaStream][] {
  const [streams, setStreams] = useState<[string, MediaStream][]>([]);
  useEffect(() => {
    if (!room) return;
    const offTrack = room.on('track', (memberId, stream) =>
      setStreams((all) => [...all.filter(([id]) => id !== memberId), [memberId, stream]]),
    );
    const offEnded = room.on('trackEnded', (memberId) =>
      setStreams((all) => all.filter(([id]) => id !== memberId)),
    );
    return () => {
      offTrack();
      offEnded();
    };
  }, [room]);
  return streams;
}

/** The cameras arriving from speakers (embedded mode), for <video> elements. */
export function useRemoteVideos(room: VoiceRoom | null): [string, MediaStream][] {
  const [videos, setVideos] = useState<[string, MediaStream][]>([]);
  useEffect(() => {
    if (!room) return;
    const offVideo = room.on('video', (memberId, stream) =>
      setVideos((all) => [...all.filter(([id]) => id !== memberId), [memberId, stream]]),
    );
    const offEnded = room.on('videoEnded', (memberId) =>
      setVideos((all) => all.filter(([id]) => id !== memberId)),
    );
    return () => {
      offVideo();
      offEnded();
    };
  }, [room]);
  return videos;
}

/**
 * The level of a microphone stream, 0 to 1 (RMS of the waveform, ×4 and capped so that speech fills the
 * bar), read ten times a second: enough for a meter, cheap for the page.
 */
export function useLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    const source = context.createMediaStreamSource(stream);
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      setLevel(Math.min(1, Math.sqrt(sum / samples.length) * 4));
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void context.close();
    };
  }, [stream]);
  return level;
}

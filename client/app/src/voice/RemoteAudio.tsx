import { useEffect, useRef, useState } from 'preact/hooks';
import type { VoiceRoom } from '../../../sdk/voice.js';
import { t } from '../i18n.js';
import { useRemoteStreams } from './useVoice.js';

/** One <audio> element per member heard here; a button when the browser holds autoplay back. */
export function RemoteAudio(props: { room: VoiceRoom }) {
  const streams = useRemoteStreams(props.room);
  const [blocked, setBlocked] = useState(false);
  const [attempt, setAttempt] = useState(0);
  return (
    <>
      {streams.map(([memberId, stream]) => (
        <PlayStream
          key={memberId}
          memberId={memberId}
          stream={stream}
          attempt={attempt}
          onBlocked={() => setBlocked(true)}
          onPlaying={() => setBlocked(false)}
        />
      ))}
      {blocked && (
        <p class="voice-blocked" role="alert">
          {t('voice.soundBlocked')}{' '}
          <button type="button" data-testid="voice-enable-sound" onClick={() => setAttempt((n) => n + 1)}>
            {t('voice.enableSound')}
          </button>
        </p>
      )}
    </>
  );
}

function PlayStream(props: {
  memberId: string;
  stream: MediaStream;
  attempt: number;
  onBlocked: () => void;
  onPlaying: () => void;
}) {
  const ref = useRef<HTMLAudioElement>(null);
  const { stream, attempt, onBlocked, onPlaying } = props;
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    if (audio.srcObject !== stream) audio.srcObject = stream;
    audio.play().then(onPlaying, onBlocked);
  }, [stream, attempt]);
  return <audio ref={ref} autoPlay data-member={props.memberId} />;
}

import { useEffect, useRef } from 'preact/hooks';
import type { SessionState } from '../../../../shared/session/types.js';
import type { VoiceRoom } from '../../../sdk/voice.js';
import { t } from '../i18n.js';
import { useRemoteVideos } from './useVoice.js';

/** The cameras of the speakers the group hears now (only those who switched theirs on), captioned by name. */
export function SpeakerVideo(props: { room: VoiceRoom; state: SessionState }) {
  const videos = useRemoteVideos(props.room);
  if (videos.length === 0) return null;
  return (
    <div class="speaker-videos">
      {videos.map(([memberId, stream]) => (
        <figure key={memberId}>
          <Video stream={stream} memberId={memberId} />
          <figcaption>{t('voice.cameraOf', { name: props.state.members[memberId]?.name ?? '?' })}</figcaption>
        </figure>
      ))}
    </div>
  );
}

function Video(props: { stream: MediaStream; memberId: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (video && video.srcObject !== props.stream) video.srcObject = props.stream;
    void video?.play().catch(() => undefined);
  }, [props.stream]);
  return (
    <video ref={ref} autoPlay muted playsInline data-testid="speaker-video" data-member={props.memberId} />
  );
}

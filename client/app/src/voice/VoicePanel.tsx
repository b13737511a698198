import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../../../../shared/session/types.js';
import { audibleIn, floorMode, roomOf } from '../../../../shared/session/voice/audible.js';
import type { VoicePicture, VoiceRoom } from '../../../sdk/voice.js';
import { ErrorLine } from '../components/ErrorLine.js';
import { useCommand } from '../components/useCommand.js';
import { groupName } from '../format.js';
import { t } from '../i18n.js';
import type { SessionController } from '../session.js';
import { RemoteAudio } from './RemoteAudio.js';
import { SpeakerVideo } from './SpeakerVideo.js';
import { useLevel, useVoicePicture } from './useVoice.js';
import './voice.css';

/**
 * Voice in the page: what the member's microphone is doing, always in sight ("you are live" / "muted until
 * your turn"); choosing and testing a microphone with a level meter; plain errors when the browser refuses
 * it; the microphone switch and push-to-talk of facilitators (and the open-discussion switch of each
 * group); captions of who is heard, for people who cannot hear; and the audio itself.
 */
export function VoicePanel(props: { controller: SessionController; state: SessionState; selfId: string }) {
  const { controller, state, selfId } = props;
  const room = controller.voice();
  const picture = useVoicePicture(room);
  if (!room || !picture) return null;
  const self = state.members[selfId];
  if (!self) return null;
  const groupId = roomOf(state, selfId);
  const heardNames = (groupId ? audibleIn(state, groupId) : []).map((id) => state.members[id]?.name ?? '?');
  return (
    <section class="card voice" aria-labelledby="voice-heading" data-testid="voice">
      <h2 id="voice-heading">{t('voice.heading')}</h2>
      <MicState state={state} selfId={selfId} picture={picture} />
      {groupId && floorMode(state, groupId) === 'open' && <p class="muted">{t('voice.openDiscussion')}</p>}
      <p class="voice-captions" aria-live="polite" data-testid="voice-captions">
        {heardNames.length > 0 ? t('voice.captions', { names: heardNames.join(', ') }) : t('voice.nobody')}
      </p>
      <SpeakerVideo room={room} state={state} />
      {self.role !== 'observer' && <MicrophoneSetup room={room} picture={picture} />}
      {self.role !== 'observer' && picture.mode === 'embedded' && (
        <CameraSwitch room={room} picture={picture} />
      )}
      {self.role === 'facilitator' && (
        <FacilitatorMic controller={controller} state={state} selfId={selfId} />
      )}
      {self.role === 'facilitator' && <FloorModes controller={controller} state={state} />}
      <RemoteAudio room={room} />
    </section>
  );
}

/** The one line that says whether this member is heard now. */
function MicState(props: { state: SessionState; selfId: string; picture: VoicePicture }) {
  const { state, selfId, picture } = props;
  const role = state.members[selfId]?.role;
  let key: 'voice.observer' | 'voice.live' | 'voice.floorNoMic' | 'voice.micOff' | 'voice.mutedUntilTurn';
  if (role === 'observer') key = 'voice.observer';
  else if (picture.allowed) key = picture.microphone === 'on' ? 'voice.live' : 'voice.floorNoMic';
  else key = role === 'facilitator' ? 'voice.micOff' : 'voice.mutedUntilTurn';
  const live = key === 'voice.live';
  return (
    <p
      class={`mic-state ${live ? 'is-live' : 'is-muted'}`}
      role="status"
      data-testid="voice-state"
      data-live={live}
    >
      <span aria-hidden="true">{live ? '● ' : '○ '}</span>
      {t(key)}
    </p>
  );
}

/** Choose and test a microphone (a level meter); the browser's refusal explained. */
function MicrophoneSetup(props: { room: VoiceRoom; picture: VoicePicture }) {
  const { room, picture } = props;
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState('');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const level = useLevel(stream);
  const listDevices = () => {
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((all) => setDevices(all.filter((d) => d.kind === 'audioinput')))
      .catch(() => setDevices([]));
  };
  useEffect(listDevices, []);
  const open = async () => {
    setFailure(null);
    try {
      const opened = await room.useMicrophone(() => {
        if (!navigator.mediaDevices?.getUserMedia) {
          return Promise.reject(Object.assign(new Error('no getUserMedia'), { name: 'NotFoundError' }));
        }
        return navigator.mediaDevices.getUserMedia({
          audio: deviceId ? { deviceId: { exact: deviceId } } : true,
          video: false,
        });
      });
      setStream(opened);
      listDevices();
    } catch (err) {
      setFailure((err as Error).message);
    }
  };
  const release = () => {
    room.stopMicrophone();
    setStream(null);
  };
  const error =
    picture.microphone === 'refused'
      ? t('voice.refused')
      : picture.microphone === 'missing'
        ? t('voice.missing')
        : picture.microphone === 'failed'
          ? t('voice.failed', { message: failure ?? '' })
          : null;
  return (
    <div class="mic-setup">
      <label>
        {t('voice.device')}{' '}
        <select
          data-testid="voice-device"
          value={deviceId}
          onChange={(e) => setDeviceId((e.target as HTMLSelectElement).value)}
        >
          <option value="">{t('voice.defaultDevice')}</option>
          {devices
            .filter((d) => d.deviceId && d.deviceId !== 'default')
            .map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `${t('voice.device')} ${i + 1}`}
              </option>
            ))}
        </select>
      </label>{' '}
      <button
        type="button"
        data-testid="voice-use-mic"
        onClick={() => void open()}
        disabled={picture.microphone === 'requesting'}
      >
        {t('voice.useMic')}
      </button>{' '}
      {stream && (
        <button type="button" data-testid="voice-release-mic" onClick={release}>
          {t('voice.stopMic')}
        </button>
      )}
      {stream && (
        <p>
          <label>
            {t('voice.level')}{' '}
            <meter data-testid="voice-level" min={0} max={1} low={0.05} high={0.8} value={level} />
          </label>{' '}
          <span class="muted">{t('voice.testHint')}</span>
        </p>
      )}
      {error && (
        <p class="error" role="alert" data-testid="voice-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The speaker's camera: off by default; when on, shown to the group while this member may be heard. */
function CameraSwitch(props: { room: VoiceRoom; picture: VoicePicture }) {
  const { room, picture } = props;
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setError(null);
    if (picture.camera) return room.stopCamera();
    try {
      await room.useCamera(() => navigator.mediaDevices.getUserMedia({ video: true, audio: false }));
    } catch (err) {
      const name = (err as { name?: string }).name;
      setError(
        name === 'NotAllowedError'
          ? t('voice.cameraRefused')
          : t('voice.failed', { message: (err as Error).message }),
      );
    }
  };
  return (
    <p class="camera-switch">
      <button
        type="button"
        data-testid="voice-camera"
        aria-pressed={picture.camera}
        onClick={() => void toggle()}
      >
        {picture.camera ? t('voice.cameraOff') : t('voice.cameraOn')}
      </button>{' '}
      <span class="muted">{t('voice.cameraHint')}</span>
      {error && (
        <span class="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

/** A facilitator's microphone: a switch, and push-to-talk (pointer or keyboard, held). */
function FacilitatorMic(props: { controller: SessionController; state: SessionState; selfId: string }) {
  const { controller, state, selfId } = props;
  const command = useCommand(controller);
  const on = state.voice?.microphones[selfId] === true;
  const set = (value: boolean) => {
    // Push-to-talk sends one command on press and one on release: straight to the server, never dropped.
    void controller.command({ type: 'microphone.set', on: value });
  };
  return (
    <div class="facilitator-mic">
      <button
        type="button"
        data-testid="voice-mic-toggle"
        aria-pressed={on}
        disabled={command.busy}
        onClick={() => void command.run({ type: 'microphone.set', on: !on })}
      >
        {on ? t('voice.micOffButton') : t('voice.micOn')}
      </button>{' '}
      <button
        type="button"
        class="push-to-talk"
        data-testid="voice-ptt"
        aria-pressed={on}
        aria-describedby="ptt-hint"
        onPointerDown={() => set(true)}
        onPointerUp={() => set(false)}
        onPointerCancel={() => set(false)}
        onPointerLeave={(e) => {
          if (e.buttons) set(false);
        }}
        onKeyDown={(e) => {
          if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
            e.preventDefault();
            set(true);
          }
        }}
        onKeyUp={(e) => {
          if (e.key === ' ' || e.key === 'Enter') {
            e.preventDefault();
            set(false);
          }
        }}
      >
        {t('voice.pushToTalk')}
      </button>
      <p id="ptt-hint" class="muted">
        {t('voice.pushToTalkHint')}
      </p>
      <ErrorLine message={command.error} />
    </div>
  );
}

/** Facilitators open a group's discussion (everyone heard) or give it back to the speaking queue. */
function FloorModes(props: { controller: SessionController; state: SessionState }) {
  const { controller, state } = props;
  const command = useCommand(controller);
  const groups = state.groupOrder.filter((id) => state.groups[id]?.status === 'open');
  return (
    <fieldset class="floor-modes">
      <legend>{t('voice.floorMode')}</legend>
      {groups.map((id) => (
        <label key={id}>
          <input
            type="checkbox"
            data-testid={`floor-mode-${id}`}
            checked={floorMode(state, id) === 'open'}
            disabled={command.busy}
            onChange={(e) =>
              void command.run({
                type: 'floor.mode',
                groupId: id,
                mode: (e.target as HTMLInputElement).checked ? 'open' : 'queue',
              })
            }
          />{' '}
          {groupName(state.groups[id])}
        </label>
      ))}
      <ErrorLine message={command.error} />
    </fieldset>
  );
}

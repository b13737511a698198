import { RTCPeerConnection } from 'werift';
import type { PalabreClient } from '../../client/sdk/palabreClient.js';

export interface SfuListener {
  pc: RTCPeerConnection;
  /** RTP packets received from the room's mix. */
  packets: number;
  close(): Promise<void>;
}

/**
 * A listener in SFU mode from Node: a werift peer connection offered to the server's `voice.sfu`, exactly as
 * the browser SDK does (the server joins it to its group's room on the media server), counting the packets
 * of the room's mix it receives. (Whether the mix carries sound is measured in a browser, which decodes it:
 * the AudioBridge encodes silence into packets as large as speech.)
 */
export async function sfuListener(client: PalabreClient): Promise<SfuListener> {
  const pc = new RTCPeerConnection({ iceUseIpv6: false });
  const listener: SfuListener = {
    pc,
    packets: 0,
    close: async () => {
      await client.socket
        .timeout(5000)
        .emitWithAck('voice.sfu', { kind: 'leave' })
        .catch(() => undefined);
      await pc.close();
    },
  };
  pc.addTransceiver('audio', { direction: 'sendrecv' });
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      if (rtp.payload.length > 0) listener.packets += 1;
    });
  });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') resolve();
    });
  });
  const ack = await client.socket
    .timeout(20_000)
    .emitWithAck('voice.sfu', { kind: 'offer', sdp: pc.localDescription!.sdp });
  if (!ack.ok || !ack.sdp) throw new Error(`voice.sfu offer refused: ${JSON.stringify(ack)}`);
  await pc.setRemoteDescription({ type: 'answer', sdp: ack.sdp });
  return listener;
}

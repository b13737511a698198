import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * The y-websocket wire format (y-protocols' sync, awareness and auth messages), decoded strictly: a frame
 * must hold exactly one message and nothing may follow (updates themselves are read by `scanUpdate`).
 * y-protocols' own readers are not used on input: they apply updates as they read and only log a bad one
 * (console.error).
 */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export type ClientMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array; step2: boolean }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

export class MalformedFrame extends Error {}

/**
 * Decodes one client frame. Throws MalformedFrame for anything that is not exactly one well-formed message.
 * The payloads returned are views into `frame` (lib0 decoders read views): pass a frame the caller owns
 * (DocumentConnection copies each frame once, as it arrives).
 */
export function decodeClientFrame(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: ClientMessage;
    if (type === MessageType.Sync) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === SyncType.Step1) {
        Y.decodeStateVector(payload);
        message = { kind: 'step1', stateVector: payload };
      } else if (syncType === SyncType.Step2 || syncType === SyncType.Update) {
        message = { kind: 'update', update: payload, step2: syncType === SyncType.Step2 };
      } else {
        throw new MalformedFrame(`unknown sync message ${syncType}`);
      }
    } else if (type === MessageType.Awareness) {
      message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MessageType.QueryAwareness) {
      message = { kind: 'queryAwareness' };
    } else {
      throw new MalformedFrame(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedFrame('trailing bytes after the message');
    return message;
  } catch (error) {
    if (error instanceof MalformedFrame) throw error;
    throw new MalformedFrame(`malformed frame (${error instanceof Error ? error.message : String(error)})`);
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

export const encodeStep1 = (stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncType.Step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

export const encodeStep2 = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncType.Step2);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeUpdate = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Sync);
    encoding.writeVarUint(e, SyncType.Update);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeAwareness = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Awareness);
    encoding.writeVarUint8Array(e, update);
  });

/**
 * y-protocols' auth message "permission denied": the stock y-websocket client logs the reason
 * (console.warn) and carries on, so it is how a refused update is answered.
 */
export const encodePermissionDenied = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MessageType.Auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });

/**
 * Who has a control-plane connection, as the transport knows it (every process included): what the
 * speaker-drop rule needs to tell "the speaker's last connection closed" from "one of their tabs closed".
 * Implemented by the socket.io transport; the core never sees a socket.
 */
export interface MemberConnections {
  /** Calls `listener` each time one of a member's connections to this process closes. */
  onClosed(listener: (sessionId: string, memberId: string) => void): () => void;
  /** Whether the member still has a connection to any process. */
  connected(sessionId: string, memberId: string): Promise<boolean>;
}

import WebSocket from "ws";

export type SendOutcome = "sent" | "closed" | "slow";

/** One connected legacy client: its socket, its send budget and its liveness. */
export class ClientSession {
  private awaitingPong = false;

  constructor(
    readonly id: number,
    readonly remoteAddress: string | undefined,
    readonly connectedAt: number,
    private readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {}

  /**
   * Sends one text frame. A client whose unsent backlog is already over budget is terminated instead:
   * queuing more for a reader that is not reading would only grow server memory. A close frame would
   * sit behind that same backlog, so the socket is destroyed rather than closed.
   */
  send(frame: Buffer | string): SendOutcome {
    if (this.socket.readyState !== WebSocket.OPEN) return "closed";
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.socket.terminate();
      return "slow";
    }
    this.socket.send(frame, { binary: false });
    return "sent";
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  markAlive(): void {
    this.awaitingPong = false;
  }

  /**
   * One liveness round: a client that has not answered the previous round's ping is terminated and
   * false is returned; otherwise a new ping goes out.
   */
  pingOrTerminate(): boolean {
    if (this.awaitingPong) {
      this.socket.terminate();
      return false;
    }
    if (this.socket.readyState !== WebSocket.OPEN) return true;
    this.awaitingPong = true;
    this.socket.ping();
    return true;
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }
}

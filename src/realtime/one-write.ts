// A change's game_state_update and the ack that follows it, in one write to the submitter.
//
// The service publishes a change right before the action's ack, in the same turn of the event
// loop. Engine.io hands a connection's packets to the WebSocket one batch at a time, and the next
// batch only once the last write's callback has run: so the ack waited for the update's write
// and went out in a write of its own, two socket writes (two syscalls) to the submitter for every
// action, where the writes were ~15% of the server's CPU. Holding the submitter's packets from
// the update to the ack, then flushing them with the TCP socket corked, sends both frames in one
// writev. Nothing on the wire changes: the same frames, in the same order (the update, then the
// ack).
//
// This reaches into engine.io's internals (the transport's `writable` flag, the socket's flush,
// ws's TCP socket), so it holds only a websocket that has nothing in flight, never for longer
// than this turn of the event loop, and does nothing when those internals are not there.

import type { Socket } from "socket.io";

/** The parts of an engine.io socket this relies on. */
interface EngineSocket {
  readyState: string;
  upgrading: boolean;
  transport: {
    name: string;
    writable: boolean;
    socket?: { _socket?: { cork(): void; uncork(): void } };
  };
  flush?: () => void;
}

export class OneWrite {
  /** The sockets waiting for the ack of an action, by game. */
  private readonly acting = new Map<string, Set<Socket>>();
  private readonly held = new Set<Socket>();
  private readonly releaseSoon = (socket: Socket) => this.release(socket);

  /** The socket sent an action in this game; its ack follows the change's update. */
  actionSent(gameId: string, socket: Socket): void {
    let sockets = this.acting.get(gameId);
    if (sockets === undefined) {
      sockets = new Set();
      this.acting.set(gameId, sockets);
    }
    sockets.add(socket);
  }

  /** The action's ack went out (or was never coming): send it with what was held. */
  acked(gameId: string, socket: Socket): void {
    const sockets = this.acting.get(gameId);
    if (sockets?.delete(socket) && sockets.size === 0) this.acting.delete(gameId);
    this.release(socket);
  }

  /** A change of this game is about to be published: hold the packets of its submitters. */
  publishing(gameId: string): void {
    const sockets = this.acting.get(gameId);
    if (sockets !== undefined) for (const socket of sockets) this.hold(socket);
  }

  /**
   * From now until `release` (at the latest, the end of this turn of the event loop), the
   * socket's packets wait in engine.io's buffer instead of going out one write each.
   */
  private hold(socket: Socket): void {
    if (this.held.has(socket)) return;
    const engine = socket.conn as unknown as EngineSocket;
    const { transport } = engine;
    if (
      engine.readyState !== "open" ||
      engine.upgrading ||
      transport.name !== "websocket" ||
      !transport.writable || // a write in flight: engine.io already batches what comes next
      typeof engine.flush !== "function" ||
      transport.socket?._socket === undefined
    )
      return;
    transport.writable = false;
    this.held.add(socket);
    setImmediate(this.releaseSoon, socket);
  }

  /** Sends what the socket's packets held, in order, in one write. */
  private release(socket: Socket): void {
    if (!this.held.delete(socket)) return;
    const engine = socket.conn as unknown as EngineSocket;
    const tcp = engine.transport.socket?._socket;
    engine.transport.writable = true;
    tcp?.cork();
    try {
      engine.flush?.();
    } finally {
      tcp?.uncork();
    }
  }
}

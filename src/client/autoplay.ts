// Play one side of a game through the SDK: whenever the newest snapshot says this side owes a
// decision, ask `decide` and submit it. The bot command, the tests and the benchmark use it; it takes
// exactly the path a person's client takes.

import type { DugoutClient, GameSnapshot } from "./index.js";

export interface DecisionToMake {
  side: "home" | "away";
  decision: string;
  details: unknown;
  version: number;
  deadline: number | null;
}

/** Decide from this side's view of the state (never the whole state: the server does not send it). */
export type Decide = (view: unknown, decision: DecisionToMake) => unknown | Promise<unknown>;

export interface AutoplayOptions {
  /** Called after every ack (for logging and measurements). */
  onAck?: (ack: Awaited<ReturnType<DugoutClient["submitDecision"]>>, sentAt: number) => void;
  /** Give up after this long without the game ending (ms). Default: never. */
  timeoutMs?: number;
}

/** Resolves with the final snapshot when the game is over. */
export function autoplay(
  client: DugoutClient,
  gameId: string,
  side: "home" | "away",
  decide: Decide,
  options: AutoplayOptions = {},
): Promise<GameSnapshot> {
  return new Promise((resolve, reject) => {
    let busy = false;
    let lastSubmittedVersion = -1;
    let done = false;
    const finish = (error: Error | null, snapshot?: GameSnapshot) => {
      if (done) return;
      done = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (error) reject(error);
      else resolve(snapshot!);
    };
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(
            () => finish(new Error(`game ${gameId} did not end in time`)),
            options.timeoutMs,
          )
        : null;

    const act = async () => {
      if (busy || done) return;
      const snapshot = client.snapshot(gameId);
      if (!snapshot) return;
      if (
        snapshot.gameOver !== null ||
        snapshot.status === "completed" ||
        snapshot.status === "abandoned"
      ) {
        finish(null, snapshot);
        return;
      }
      const pending = snapshot.pending;
      if (!pending || pending.side !== side || pending.version <= lastSubmittedVersion) return;
      if (pending.version !== snapshot.version) return;
      busy = true;
      try {
        lastSubmittedVersion = pending.version;
        const decision = await decide(client.fullState(gameId), {
          ...pending,
          version: snapshot.version,
        });
        const sentAt = performance.now();
        const ack = await client.submitDecision(gameId, decision, {
          version: snapshot.version,
          side,
        });
        options.onAck?.(ack, sentAt);
        if (!ack.ok) {
          if (
            ack.error.code === "decision/stale_version" ||
            ack.error.code === "decision/not_your_turn"
          ) {
            lastSubmittedVersion = -1;
            await client.sync(gameId);
          } else if (ack.error.code === "rate/limited") {
            lastSubmittedVersion = -1;
            await new Promise((r) => setTimeout(r, 250));
          } else if (ack.error.code === "game/not_active") {
            await client.sync(gameId);
          } else {
            finish(new Error(`decision refused: ${ack.error.code} ${ack.error.message}`));
            return;
          }
        }
      } catch (error) {
        lastSubmittedVersion = -1;
        if (!client.connected) return; // the reconnection brings a fresh snapshot
        finish(error as Error);
        return;
      } finally {
        busy = false;
      }
      void act();
    };
    const unsubscribe = client.onSnapshot((s) => {
      if (s.gameId === gameId) void act();
    });
    void act();
  });
}

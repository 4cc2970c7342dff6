/**
 * The baseline of issue #7's CPU goal, measured on this machine instead of quoted: what a
 * boardgame.io server spends in CPU per move of its tutorial tic-tac-toe, in-memory storage,
 * with many games played at once over Socket.IO.
 *
 *   npm run bench:bgio          (BENCH_BGIO_GAMES=100 concurrent games, BENCH_BGIO_MOVES=20000)
 *
 * bench/realtime.ts calls measureBoardgameioMoveCpu() in its own run and judges our server's CPU
 * per action against the figure.
 *
 * Like bench/realtime.ts, the server runs in a child process (this file with the argument
 * "server"), so process.cpuUsage there is the server's alone; the clients run here. The child
 * runs with NODE_ENV=production, as a boardgame.io server is deployed: no per-move serializability
 * check and no INFO log line per request, so the baseline is boardgame.io at its leanest.
 *
 * Every player is a boardgame.io client (boardgame.io/client with the SocketIO multiplayer
 * transport, one WebSocket connection each) that clicks a random empty cell when its turn comes.
 * Games are played in waves, so that each CPU sample covers one kind of work:
 *   - start: each pair of clients switches to a fresh match (player 0 syncs, which creates the
 *     match on demand, then player 1), until both see each other connected;
 *   - moves: every game is played to its end (a win or a draw), all at once.
 * Waves repeat until the moves reach the target. The figure of the goal is the moves' CPU per
 * move, since our own figure leaves game creation and joins out too; the starts' CPU is reported
 * beside it. A first wave, not counted, warms the server up.
 */
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Game } from "boardgame.io";
import { Client } from "boardgame.io/client";
import { INVALID_MOVE } from "boardgame.io/core";
import { SocketIO } from "boardgame.io/multiplayer";
import { Server } from "boardgame.io/server";
import { mulberry32 } from "../../scripts/mulberry32.js";

// ---------------------------------------------------------------------------------------------
// The game: boardgame.io's tutorial tic-tac-toe

type Cell = string | null;

interface TicTacToeState {
  cells: Cell[];
}

const LINES = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [0, 3, 6],
  [1, 4, 7],
  [2, 5, 8],
  [0, 4, 8],
  [2, 4, 6],
] as const;

function isVictory(cells: readonly Cell[]): boolean {
  return LINES.some((line) => {
    const symbols = line.map((i) => cells[i]);
    return symbols.every((symbol) => symbol !== null && symbol === symbols[0]);
  });
}

function isDraw(cells: readonly Cell[]): boolean {
  return cells.every((cell) => cell !== null);
}

export const TicTacToe: Game<TicTacToeState> = {
  name: "tic-tac-toe",
  setup: () => ({ cells: Array<Cell>(9).fill(null) }),
  turn: { minMoves: 1, maxMoves: 1 },
  moves: {
    clickCell: ({ G, playerID }, id: number) => {
      if (G.cells[id] !== null) return INVALID_MOVE;
      G.cells[id] = playerID;
    },
  },
  endIf: ({ G, ctx }) => {
    if (isVictory(G.cells)) return { winner: ctx.currentPlayer };
    if (isDraw(G.cells)) return { draw: true };
  },
};

// ---------------------------------------------------------------------------------------------
// The server process

type Command = { kind: "cpu" };

async function serve(): Promise<void> {
  // No db: boardgame.io's in-memory storage (FLATFILE_DIR is cleared in the child's environment).
  const server = Server({ games: [TicTacToe], origins: [] });
  const { appServer } = await server.run({ port: 0 });
  process.on("message", (command: Command) => {
    if (command.kind === "cpu") process.send!(process.cpuUsage());
  });
  process.send!({ port: (appServer.address() as AddressInfo).port });
}

// ---------------------------------------------------------------------------------------------
// The clients (this process)

type TicTacToeClient = ReturnType<typeof Client<TicTacToeState>>;
type Seen = NonNullable<ReturnType<TicTacToeClient["getState"]>>;

/** A game stuck this long (no sync, no move) fails the bench instead of hanging it. */
const STALL_MS = 30_000;

/** Resolves once the client's state passes `test` (now or at a later notification). */
function whenSeen(
  client: TicTacToeClient,
  test: (seen: Seen) => boolean,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | null = null;
    const settle = (error?: Error) => {
      settled = true;
      clearTimeout(timer);
      unsubscribe?.();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => settle(new Error(`boardgame.io bench: ${what} did not come within ${STALL_MS} ms`)),
      STALL_MS,
    );
    const check = () => {
      const seen = client.getState();
      if (!settled && seen !== null && test(seen)) settle();
    };
    unsubscribe = client.subscribe(check);
    if (settled) unsubscribe();
    else check();
  });
}

/** One of the concurrent games: two clients, each clicking a random empty cell on its turn. */
class Table {
  readonly players: [TicTacToeClient, TicTacToeClient];
  private playing = false;
  /** The state each player last moved from, in the current match. */
  private readonly movedFrom = new Map<TicTacToeClient, number>();

  constructor(
    serverUrl: string,
    matchID: string,
    private readonly random: () => number,
  ) {
    const player = (playerID: string) =>
      Client<TicTacToeState>({
        game: TicTacToe,
        numPlayers: 2,
        matchID,
        playerID,
        debug: false,
        multiplayer: SocketIO({
          server: serverUrl,
          socketOpts: { transports: ["websocket"], forceNew: true, reconnection: false },
        }),
      });
    this.players = [player("0"), player("1")];
    for (const client of this.players) client.subscribe(() => this.onState(client));
  }

  /** Connects (the first match) or switches to a fresh match, until both players are in. */
  async start(matchID: string, connect: boolean): Promise<void> {
    const [first, second] = this.players;
    // Synced: the new match's state (a finished game's is past _stateID 0) and its players.
    const synced = (client: TicTacToeClient) =>
      whenSeen(
        client,
        (seen) =>
          seen._stateID === 0 && client.matchID === matchID && client.matchData !== undefined,
        "sync",
      );
    const bothConnected = (client: TicTacToeClient) =>
      whenSeen(
        client,
        () =>
          client.matchID === matchID &&
          client.matchData?.length === 2 &&
          client.matchData.every((player) => player.isConnected === true),
        "both players connected",
      );
    // One after the other: the first sync creates the match, the second finds it.
    if (connect) first.start();
    else first.updateMatchID(matchID);
    await synced(first);
    if (connect) second.start();
    else second.updateMatchID(matchID);
    await synced(second); // only then is the second's matchData the new match's
    await Promise.all([bothConnected(first), bothConnected(second)]);
  }

  /** Plays the match to its end; resolves with the moves the server applied. */
  async play(): Promise<number> {
    this.playing = true;
    this.movedFrom.clear();
    for (const client of this.players) this.onState(client);
    // Both learn of the end from the server (a client leaves endIf to it): every move is applied.
    await Promise.all(
      this.players.map((client) =>
        whenSeen(client, (seen) => seen.ctx.gameover !== undefined, "the end of the game"),
      ),
    );
    this.playing = false;
    const [cellsSeenBy0, cellsSeenBy1] = this.players.map((client) => client.getState()!.G.cells);
    if (JSON.stringify(cellsSeenBy0) !== JSON.stringify(cellsSeenBy1)) {
      throw new Error("boardgame.io bench: the two players ended on different boards");
    }
    return cellsSeenBy0!.filter((cell) => cell !== null).length;
  }

  stop(): void {
    for (const client of this.players) client.stop();
  }

  private onState(client: TicTacToeClient): void {
    const seen = client.getState();
    if (!this.playing || seen === null || seen.ctx.gameover !== undefined) return;
    if (seen.ctx.currentPlayer !== client.playerID) return;
    // A multiplayer client applies its own move at once (state s + 1, still showing its turn) and
    // leaves the turn's end and endIf to the server: its turn comes again with the opponent's
    // move (s + 2), which only the server sends.
    const movedFrom = this.movedFrom.get(client);
    if (movedFrom !== undefined && seen._stateID < movedFrom + 2) return;
    // Out of the notification: the client's store is still dispatching what it notified.
    queueMicrotask(() => {
      if (client.getState()?._stateID !== seen._stateID) return; // moved already, or superseded
      const empty = seen.G.cells.flatMap((cell, i) => (cell === null ? [i] : []));
      this.movedFrom.set(client, seen._stateID);
      client.moves.clickCell!(empty[Math.floor(this.random() * empty.length)]);
    });
  }
}

export interface BoardgameioFigures {
  games: number;
  moves: number;
  /** Server CPU (user + system) per move while the games are played. */
  cpuMicrosPerMove: number;
  /** Server CPU per game started: a fresh match, synced by both players. */
  cpuMicrosPerGameStart: number;
  /** Moves + starts, per move. */
  cpuMicrosPerMoveWithStarts: number;
  movesPerSecond: number;
  gamesPlayed: number;
}

/** Plays `games` tic-tac-toe games at once on a boardgame.io server until `moves` moves. */
export async function measureBoardgameioMoveCpu(options: {
  games: number;
  moves: number;
}): Promise<BoardgameioFigures> {
  const child = fork(fileURLToPath(import.meta.url), ["server"], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, NODE_ENV: "production", FLATFILE_DIR: undefined },
  });
  const tables: Table[] = [];
  try {
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child.once("message", (m) => resolve(m as { port: number }));
      child.once("exit", (code) => reject(new Error(`the boardgame.io server exited (${code})`)));
    });
    const cpu = () => ask<NodeJS.CpuUsage>(child, { kind: "cpu" });
    const serverUrl = `http://127.0.0.1:${port}`;
    const run = randomUUID();
    const matchOf = (wave: number, table: number) => `${run}-${wave}-${table}`;
    for (let t = 0; t < options.games; t++) {
      tables.push(new Table(serverUrl, matchOf(0, t), mulberry32(t + 1)));
    }

    let moves = 0;
    let gamesPlayed = 0;
    let moveMicros = 0;
    let startMicros = 0;
    let moveSeconds = 0;
    for (let wave = 0; wave === 0 || moves < options.moves; wave++) {
      const beforeStart = await cpu();
      await Promise.all(tables.map((table, t) => table.start(matchOf(wave, t), wave === 0)));
      const beforeMoves = await cpu();
      const started = performance.now();
      const played = await Promise.all(tables.map((table) => table.play()));
      const seconds = (performance.now() - started) / 1000;
      const afterMoves = await cpu();
      if (wave === 0) continue; // warm-up
      moves += played.reduce((sum, n) => sum + n, 0);
      gamesPlayed += tables.length;
      startMicros += micros(beforeStart, beforeMoves);
      moveMicros += micros(beforeMoves, afterMoves);
      moveSeconds += seconds;
    }
    return {
      games: options.games,
      moves,
      cpuMicrosPerMove: moveMicros / moves,
      cpuMicrosPerGameStart: startMicros / gamesPlayed,
      cpuMicrosPerMoveWithStarts: (moveMicros + startMicros) / moves,
      movesPerSecond: moves / moveSeconds,
      gamesPlayed,
    };
  } finally {
    for (const table of tables) table.stop();
    child.kill();
  }
}

function ask<T>(child: ChildProcess, command: Command): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the boardgame.io server exited (${code})`));
    child.once("exit", exited);
    child.once("message", (reply) => {
      child.off("exit", exited);
      resolve(reply as T);
    });
    child.send(command);
  });
}

function micros(from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number {
  return to.user - from.user + (to.system - from.system);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const games = Number(process.env.BENCH_BGIO_GAMES ?? 100);
  const moves = Number(process.env.BENCH_BGIO_MOVES ?? 20_000);
  console.log(`# bench:bgio ${new Date().toISOString()}`);
  console.log(`# node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})`);
  const f = await measureBoardgameioMoveCpu({ games, moves });
  console.log(
    `boardgame.io server, in-memory tic-tac-toe, ${f.games} games at once: ${f.moves} moves in ${f.gamesPlayed} games`,
  );
  console.log(
    `server CPU ${f.cpuMicrosPerMove.toFixed(0)} µs per move (${f.movesPerSecond.toFixed(0)} moves/s); ${f.cpuMicrosPerGameStart.toFixed(0)} µs per game start; ${f.cpuMicrosPerMoveWithStarts.toFixed(0)} µs per move with the starts`,
  );
}

const thisFile = fileURLToPath(import.meta.url);
if (process.argv[1] !== undefined && resolve(process.argv[1]) === thisFile) {
  const run = process.argv[2] === "server" ? serve() : main();
  run.then(
    () => {
      if (process.argv[2] !== "server") process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

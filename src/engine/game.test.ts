import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Action } from "./actions.js";
import { parseAction } from "./actions.js";
import { applyAction } from "./apply.js";
import { ScriptedDice } from "./dice.js";
import { createGame } from "./setup.js";
import type { GameState } from "./state.js";
import { NO_GRID } from "./testing/cards.js";
import {
  AWAY_PITCHER_ID,
  awaySlot,
  d20,
  fixtureGame,
  fixtureSetup,
  HOME_PITCHER_ID,
  homeSlot,
  ROLL,
  situation,
} from "./testing/fixtures.js";
import { diceFor, play } from "./testing/run.js";
import { viewFor } from "./view.js";

const DEFENSE_BACK = (side: "home" | "away"): Action => ({
  type: "setDefense",
  side,
  infield: "back",
  outfield: "normal",
  hold: {},
  intentionalWalk: false,
});
const SWING = (side: "home" | "away"): Action => ({ type: "setOffense", side, play: "swing" });

describe("the game's shape", () => {
  it("a new game waits on the home defense, top of the first", () => {
    const game = fixtureGame();
    assert.deepEqual([game.inning, game.half, game.outs, game.version], [1, "top", 0, 0]);
    assert.deepEqual(game.pending, { kind: "defense", side: "home" });
  });
  it("defense declares, then offense, then the roll: each accepted action bumps the version", () => {
    const { state } = play(fixtureGame(), [DEFENSE_BACK("home"), SWING("away")]);
    assert.equal(state.version, 2);
    assert.deepEqual(state.pending, { kind: "roll", side: "server" });
  });
  it("the third out ends the half-inning; the other side bats, with the order carried over", () => {
    const before = situation({ outs: 2, batting: 4 });
    const { state, events } = play(before, [ROLL], diceFor("K"));
    assert.deepEqual([state.inning, state.half, state.outs], [1, "bottom", 0]);
    assert.equal(state.away.atBat, 4, "slot 5 leads off next time");
    assert.deepEqual(state.pending, { kind: "defense", side: "away" });
    assert.ok(
      events.some((e) => e.type === "halfInningEnded" && e.inning === 1 && e.half === "top"),
    );
  });
  const basesLoadedTiedInTheNinth = () =>
    situation({
      inning: 9,
      half: "bottom",
      outs: 1,
      first: homeSlot(5),
      second: homeSlot(6),
      third: homeSlot(7),
      score: { away: 3, home: 3 },
    });
  it("walk-off: the winning run ends the game at once, and only the winning run counts", () => {
    const before = basesLoadedTiedInTheNinth();
    const { state, plays, events } = play(before, [ROLL], diceFor("DO***"));
    assert.equal(plays[0]!.runsScored, 1);
    assert.equal(plays[0]!.stats.rbi, 1);
    assert.deepEqual([state.home.runs, state.away.runs], [4, 3]);
    assert.deepEqual(state.pending, { kind: "gameOver", side: null, winner: "home" });
    assert.ok(events.some((e) => e.type === "gameEnded" && e.walkOff && e.winner === "home"));
    assert.match(plays[0]!.description, /walk-off/);
  });
  it("a walk-off hit: the men behind the winning run stop in order, and the batter is credited with the bases he keeps (OBR 9.06(f))", () => {
    const before = basesLoadedTiedInTheNinth();
    // DO**: the batter to second, every runner two bases: the runners from third and second cross
    // the plate, the one from first reaches third. Only the run from third counts.
    const { state, plays } = play(before, [ROLL], diceFor("DO**"));
    const record = plays[0]!;
    assert.deepEqual([state.home.runs, state.pending.kind], [4, "gameOver"]);
    const to = Object.fromEntries(record.runners.map((m) => [m.from, m.to]));
    assert.deepEqual(to, { 0: 1, 1: 2, 2: 3, 3: 4 });
    assert.deepEqual([record.stats.hit, record.stats.double, record.stats.rbi], [1, 0, 1]);
    assert.match(record.description, /walk-off; the batter is credited with a single/);
  });
  it("a walk-off home run counts every run", () => {
    const before = situation({
      inning: 9,
      half: "bottom",
      first: homeSlot(5),
      score: { away: 3, home: 2 },
    });
    const { state } = play(before, [ROLL], diceFor("HR"));
    assert.deepEqual([state.home.runs, state.pending.kind], [4, "gameOver"]);
  });
  it("the home team leading after the top of the 9th wins without batting", () => {
    const before = situation({ inning: 9, half: "top", outs: 2, score: { away: 1, home: 2 } });
    const { state } = play(before, [ROLL], diceFor("K"));
    assert.deepEqual(state.pending, { kind: "gameOver", side: null, winner: "home" });
  });
  it("a game tied after nine goes on; the 10th starts with a runner on second (unearned)", () => {
    const before = situation({
      inning: 9,
      half: "bottom",
      outs: 2,
      batting: 6,
      score: { away: 2, home: 2 },
    });
    const first = play(before, [ROLL], diceFor("K"));
    assert.deepEqual([first.state.inning, first.state.half], [10, "top"]);
    // The away order: slot 1 leads off, so slot 9 (the last out of their 9th... the man before the leadoff) runs.
    const leadoff = first.state.away.atBat;
    const runner = first.state.away.order[(leadoff + 8) % 9]!;
    assert.equal(first.state.bases.second?.id, runner);
    assert.equal(first.state.bases.second?.unearned, true);
    assert.equal(first.state.bases.second?.pitcherId, HOME_PITCHER_ID);
  });
  it("the extra-inning runner is a league setting", () => {
    const before = situation({
      inning: 9,
      half: "bottom",
      outs: 2,
      score: { away: 2, home: 2 },
      rules: { extraInningRunnerOnSecond: false },
    });
    const { state } = play(before, [ROLL], diceFor("K"));
    assert.equal(state.bases.second, null);
  });
  it("a run by the extra-inning runner is unearned", () => {
    const before = situation({ inning: 10, half: "top", second: awaySlot(9) });
    const withUnearned: GameState = {
      ...before,
      bases: { ...before.bases, second: { ...before.bases.second!, unearned: true } },
    };
    const { plays } = play(withUnearned, [ROLL], diceFor("DO**"));
    assert.deepEqual([plays[0]!.runsScored, plays[0]!.stats.e_run, plays[0]!.stats.rbi], [1, 0, 1]);
  });
  it("after the game is over every action is refused", () => {
    const before = situation({ inning: 9, half: "top", outs: 2, score: { away: 1, home: 2 } });
    const { state } = play(before, [ROLL], diceFor("K"));
    const refused = applyAction(state, ROLL, new ScriptedDice([]));
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, "game/over");
  });
  it("forfeit ends the game for the other side", () => {
    const { state, events } = play(fixtureGame(), [{ type: "forfeit", side: "home" }]);
    assert.deepEqual(state.pending, { kind: "gameOver", side: null, winner: "away" });
    assert.ok(events.some((e) => e.type === "gameEnded" && e.reason === "forfeit"));
  });
  it("a timeout takes the default decision for the side that owes it, and the play says so", () => {
    const { state, plays } = play(
      fixtureGame(),
      [{ type: "timeout", side: "home" }, SWING("away"), ROLL],
      diceFor("K"),
    );
    assert.equal(state.outs, 1);
    assert.equal(plays[0]!.decidedByAi, true);
  });
});

describe("platoon and card marks", () => {
  it("a batter reads the half for the pitcher's arm; a switch hitter bats opposite the pitcher", () => {
    // Top of the first: the visitors face Tanner (L). Abbott (slot 1, R) reads his vs-L half:
    // row 7, column 1 is SI* there (K against righties).
    const { plays } = play(
      situation({ batting: 1 }),
      [ROLL],
      [{ die: "d6", value: 1 }, { die: "2d6", value: 7 }, d20(10)],
    );
    assert.equal(plays[0]!.hitType, "SI*");
    // Ellis (slot 5) switch-hits: against a lefty he bats right, so Tanner's vs-R half is read:
    // d6 4, row 5 is GB(ss)A there (GB(ss)B on the vs-L half).
    const switchHitter = play(
      situation({ batting: 5 }),
      [ROLL],
      [{ die: "d6", value: 4 }, { die: "2d6", value: 5 }, d20(10)],
    );
    assert.equal(switchHitter.plays[0]!.hitType, "GB(ss)A");
  });
  it("a fatigue-marked result is SI** once the pitcher is fatigued", () => {
    const before = situation({ half: "bottom", first: homeSlot(2) });
    const tired: GameState = {
      ...before,
      pitchers: {
        ...before.pitchers,
        [AWAY_PITCHER_ID]: { ...before.pitchers[AWAY_PITCHER_ID]!, fatigued: true },
      },
    };
    const fresh = play(before, [ROLL], diceFor("SI*"));
    assert.equal(fresh.state.bases.second?.id, homeSlot(2));
    // Pitcher card d6 4 row 3: SI*[F]
    const marked = play(
      tired,
      [ROLL],
      [{ die: "d6", value: 4 }, { die: "2d6", value: 3 }, d20(10)],
    );
    assert.equal(marked.state.bases.third?.id, homeSlot(2), "SI**: R1 to third");
    assert.match(marked.plays[0]!.description, /fatigue/);
    assert.equal(marked.plays[0]!.inPow, true);
  });
  it("a power-gated homer is SI** for a weak hitter", () => {
    const before = situation({ half: "bottom" });
    const weak: GameState = {
      ...before,
      players: {
        ...before.players,
        [homeSlot(1)]: {
          ...before.players[homeSlot(1)]!,
          batting: { ...before.players[homeSlot(1)]!.batting, power: "W" },
        },
      },
    };
    const normal = play(
      before,
      [ROLL],
      [{ die: "d6", value: 4 }, { die: "2d6", value: 12 }, d20(10)],
    );
    assert.equal(normal.plays[0]!.stats.homerun, 1);
    const gated = play(weak, [ROLL], [{ die: "d6", value: 4 }, { die: "2d6", value: 12 }, d20(10)]);
    assert.deepEqual([gated.plays[0]!.stats.homerun, gated.plays[0]!.stats.hit], [0, 1]);
  });
  it("the pitcher tires by the rules: three hits or walks in an inning once vulnerable", () => {
    let state = situation({ half: "bottom", inning: 6 });
    for (const code of ["BB", "SI*", "BB"])
      state = play(
        state,
        [DEFENSE_BACK("away"), SWING("home"), ROLL].slice(state.pending.kind === "roll" ? 2 : 0),
        diceFor(code),
      ).state;
    assert.equal(state.pitchers[AWAY_PITCHER_ID]!.fatigued, true);
  });
});

describe("uncapped hits: send, throw, trail, target", () => {
  const start = () =>
    play(situation({ half: "bottom", first: homeSlot(2) }), [ROLL], diceFor("SI(cf)")).state;
  it("lead sent, no throw: he takes the extra base", () => {
    const { state } = play(start(), [
      { type: "decideRunner", side: "home", step: "send", send: true },
      { type: "decideRunner", side: "away", step: "throw", throw: false },
    ]);
    assert.deepEqual([state.bases.first?.id, state.bases.third?.id], [homeSlot(1), homeSlot(2)]);
  });
  it("thrown at: safe on d20 <= the target, and the trail runner moves up on the throw", () => {
    const s = start();
    assert.ok(s.pending.kind === "runner");
    // Keller speed 10, CF arm -1, first to third on a ball to center +0: 9.
    assert.equal(s.pending.lead.target, 9);
    assert.equal(s.pending.trail?.lineupId, homeSlot(1));
    const { state, plays } = play(
      s,
      [
        { type: "decideRunner", side: "home", step: "send", send: true },
        { type: "decideRunner", side: "away", step: "throw", throw: true },
        { type: "decideRunner", side: "home", step: "trail", send: true },
        { type: "decideRunner", side: "away", step: "target", target: "lead" },
      ],
      [d20(9)],
    );
    assert.deepEqual([state.bases.second?.id, state.bases.third?.id], [homeSlot(1), homeSlot(2)]);
    assert.equal(plays[0]!.outsRecorded, 0);
  });
  it("thrown out: the lead runner is out on a d20 above the target", () => {
    const { state, plays } = play(
      start(),
      [
        { type: "decideRunner", side: "home", step: "send", send: true },
        { type: "decideRunner", side: "away", step: "throw", throw: true },
        { type: "decideRunner", side: "home", step: "trail", send: false },
      ],
      [d20(10)],
    );
    assert.deepEqual(
      [state.bases.first?.id, state.bases.third, plays[0]!.outsRecorded],
      [homeSlot(1), null, 1],
    );
    assert.equal(plays[0]!.stats.hit, 1);
  });
  it("a decision out of turn or of the wrong step is refused, state unchanged", () => {
    const s = start();
    const wrongSide = applyAction(
      s,
      { type: "decideRunner", side: "away", step: "send", send: true },
      new ScriptedDice([]),
    );
    assert.equal(!wrongSide.ok && wrongSide.error.code, "decision/not_your_turn");
    const wrongStep = applyAction(
      s,
      { type: "decideRunner", side: "home", step: "target", target: "lead" },
      new ScriptedDice([]),
    );
    assert.equal(!wrongStep.ok && wrongStep.error.code, "decision/illegal");
  });
});

describe("SBA: the manager reads the card", () => {
  const sba = () =>
    situation({
      half: "bottom",
      league: "sba",
      rules: { cardReading: "manager" },
      first: homeSlot(2),
    });
  it("the roll shows the column, row and d20 and waits on the card's owner", () => {
    const { state } = play(
      sba(),
      [ROLL],
      [{ die: "d6", value: 2 }, { die: "2d6", value: 8 }, d20(7)],
    );
    assert.ok(state.pending.kind === "sba/read-card");
    assert.deepEqual(
      {
        side: state.pending.side,
        card: state.pending.reading.card,
        column: state.pending.reading.column,
        row: state.pending.reading.row,
        d20: state.pending.reading.d20,
      },
      { side: "home", card: "batter", column: 2, row: 8, d20: 7 },
    );
    const pitcherCard = play(
      sba(),
      [ROLL],
      [{ die: "d6", value: 5 }, { die: "2d6", value: 8 }, d20(7)],
    );
    assert.equal(
      pitcherCard.state.pending.side,
      "away",
      "the pitcher's card is read by the defense",
    );
  });
  it("a result on that row of that card is applied, its dice in the play", () => {
    const { state } = play(
      sba(),
      [ROLL],
      [{ die: "d6", value: 2 }, { die: "2d6", value: 8 }, d20(7)],
    );
    const { plays } = play(state, [{ type: "submitCardResult", side: "home", code: "GB(3b)C" }]);
    assert.equal(plays[0]!.hitType, "GB(3b)C");
    assert.equal(plays[0]!.diceRoll.length, 3);
  });
  it("a result not on that row is refused with a clear error, state unchanged", () => {
    const { state } = play(
      sba(),
      [ROLL],
      [{ die: "d6", value: 2 }, { die: "2d6", value: 8 }, d20(7)],
    );
    const refused = applyAction(
      state,
      { type: "submitCardResult", side: "home", code: "HR" },
      new ScriptedDice([]),
    );
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, "card/result_not_on_card");
    assert.match(
      refused.error.message,
      /HR is not on Jones's card at vs R, column 2 \(d6 2\), row 8, d20 7: that cell reads GB\(3b\)C 1-20/,
    );
    const malformed = applyAction(
      state,
      { type: "submitCardResult", side: "home", code: "GB(zz)A" },
      new ScriptedDice([]),
    );
    assert.equal(!malformed.ok && malformed.error.code, "card/result_malformed");
  });
  it("any entry of a split cell is accepted", () => {
    const { state } = play(
      sba(),
      [ROLL],
      [{ die: "d6", value: 1 }, { die: "2d6", value: 10 }, d20(15)],
    );
    const { plays } = play(state, [{ type: "submitCardResult", side: "home", code: "SI**" }]);
    assert.equal(plays[0]!.stats.hit, 1);
  });
  it("a card with no grid accepts any result possible on that card type, and refuses the rest", () => {
    const before = sba();
    const batter = before.players[homeSlot(1)]!;
    const gridless: GameState = {
      ...before,
      players: {
        ...before.players,
        [homeSlot(1)]: { ...batter, batting: { ...batter.batting, vsRight: NO_GRID } },
      },
    };
    const { state } = play(
      gridless,
      [ROLL],
      [{ die: "d6", value: 1 }, { die: "2d6", value: 7 }, d20(9)],
    );
    const xOnBatter = applyAction(
      state,
      { type: "submitCardResult", side: "home", code: "X(ss)" },
      new ScriptedDice([]),
    );
    assert.equal(!xOnBatter.ok && xOnBatter.error.code, "card/result_not_on_card");
    const flyToShort = applyAction(
      state,
      { type: "submitCardResult", side: "home", code: "FLY(ss)B" },
      new ScriptedDice([]),
    );
    assert.equal(!flyToShort.ok && flyToShort.error.code, "card/result_not_on_card");
    const { plays } = play(state, [{ type: "submitCardResult", side: "home", code: "DO**" }]);
    assert.equal(plays[0]!.stats.double, 1);
  });
});

describe("bad input", () => {
  it("an action out of order is refused with the pending decision named", () => {
    const game = fixtureGame();
    const refused = applyAction(game, ROLL, new ScriptedDice([]));
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, "decision/out_of_order");
    assert.match(refused.error.message, /waiting for the defense/);
  });
  it("the wrong side is refused", () => {
    const refused = applyAction(fixtureGame(), DEFENSE_BACK("away"), new ScriptedDice([]));
    assert.equal(!refused.ok && refused.error.code, "decision/not_your_turn");
  });
  it("holding an empty base is illegal", () => {
    const refused = applyAction(
      fixtureGame(),
      {
        type: "setDefense",
        side: "home",
        infield: "back",
        outfield: "normal",
        hold: { second: true },
        intentionalWalk: false,
      },
      new ScriptedDice([]),
    );
    assert.ok(!refused.ok);
    assert.equal(refused.error.code, "decision/illegal");
    assert.match(refused.error.message, /second base is empty/);
  });
  it("a malformed payload is a typed error naming the field", () => {
    const bad = parseAction({
      type: "setDefense",
      side: "home",
      infield: "deep",
      outfield: "normal",
      hold: {},
      intentionalWalk: false,
    });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, "action/malformed");
    assert.match(bad.error.message, /infield/);
    const unknown = parseAction({ type: "bribeUmpire" });
    assert.equal(!unknown.ok && unknown.error.code, "action/unknown");
    assert.equal(
      !parseAction(42).ok && (parseAction(42) as { error: { code: string } }).error.code,
      "action/malformed",
    );
    const good = parseAction({ type: "submitCardResult", side: "away", code: "K" });
    assert.ok(good.ok);
  });
});

describe("lineups are checked before the start", () => {
  const setup = fixtureSetup();
  const refuse = (s: typeof setup, pattern: RegExp) => {
    const created = createGame(s);
    assert.ok(!created.ok);
    assert.equal(created.error.code, "lineup/invalid");
    assert.match(created.error.message, pattern);
  };
  it("nine in the order", () => {
    refuse(
      { ...setup, away: { ...setup.away, lineup: setup.away.lineup.slice(0, 8) } },
      /bats 8 men; a batting order has 9/,
    );
  });
  it("one man per position", () => {
    const lineup = setup.home.lineup.map((slot, i) =>
      i === 1 ? { ...slot, position: "CF" as const } : slot,
    );
    refuse(
      { ...setup, home: { ...setup.home, lineup } },
      /home \(Locals\) has nobody at SS|has 2 men at CF/,
    );
  });
  it("eligibility", () => {
    const lineup = setup.away.lineup.map((slot, i) =>
      i === 0
        ? { ...slot, position: "SS" as const }
        : i === 1
          ? { ...slot, position: "CF" as const }
          : slot,
    );
    refuse({ ...setup, away: { ...setup.away, lineup } }, /Abbott is not eligible at SS/);
  });
  it("no player twice", () => {
    const lineup = setup.home.lineup.map((slot, i) =>
      i === 8 ? { ...slot, player: { ...slot.player, id: setup.home.lineup[0]!.player.id } } : slot,
    );
    refuse({ ...setup, home: { ...setup.home, lineup } }, /is in the game twice/);
  });
  it("a pitcher who can pitch", () => {
    refuse(
      { ...setup, home: { ...setup.home, pitcher: setup.home.lineup[0]!.player } },
      /no pitching card|twice/,
    );
  });
  it("with a DH, no P in the order; without one, the pitcher bats", () => {
    const noDh = createGame({ ...setup, rules: { ...setup.rules!, designatedHitter: false } });
    assert.ok(!noDh.ok);
    assert.match(noDh.error.message, /nobody at P/);
  });
  it("a good setup gives lineup ids 1..20 with the pitchers not batting", () => {
    const created = createGame(setup);
    assert.ok(created.ok);
    assert.equal(created.state.lineup.length, 20);
    assert.equal(created.state.lineup[AWAY_PITCHER_ID - 1]!.battingOrder, null);
    assert.equal(created.state.home.defense.P, HOME_PITCHER_ID);
  });
});

describe("viewFor", () => {
  it("strips the dice cursor and hides the offense's play from the defense until the roll", () => {
    const { state } = play(fixtureGame(), [DEFENSE_BACK("home"), SWING("away")]);
    const withCursor: GameState = { ...state, diceCursor: { kind: "chacha20", word: 12 } };
    assert.equal(viewFor(withCursor, "home").diceCursor, null);
    assert.equal(viewFor(withCursor, "home").choices.offense, null);
    assert.equal(viewFor(withCursor, "spectator").choices.offense, null);
    assert.deepEqual(viewFor(withCursor, "away").choices.offense, { play: "swing", runners: [] });
    assert.equal(viewFor(withCursor, "away").diceCursor, null);
  });
});

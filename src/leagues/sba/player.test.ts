import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chancesOfSide, layoutFromChances } from "../../engine/card-layout.js";
import { buildSbaPlayer, PlayerRecordError, type SbaPlayerRecord } from "./player.js";
import { formatCardSide } from "./ratings.js";

const batterHalf = formatCardSide(
  layoutFromChances([
    { result: { type: "HOMERUN" }, chances: 3.5 },
    { result: { type: "SINGLE_1" }, chances: 14.5, marks: { injury: true } },
    { result: { type: "WALK" }, chances: 10 },
    { result: { type: "STRIKEOUT" }, chances: 25 },
    { result: { type: "GROUNDBALL", grade: "A", fielder: "SS", plus: false }, chances: 30 },
    { result: { type: "FLYBALL", grade: "B", fielder: "CF" }, chances: 25 },
  ]),
);
const pitcherHalf = formatCardSide(
  layoutFromChances([
    { result: { type: "HOMERUN" }, chances: 2.5, marks: { powerGated: true } },
    { result: { type: "SINGLE_2" }, chances: 12, marks: { fatigue: true } },
    { result: { type: "WALK" }, chances: 9 },
    { result: { type: "STRIKEOUT" }, chances: 24.5 },
    { result: { type: "XCHECK", position: "SS" }, chances: 30 },
    { result: { type: "GROUNDBALL", grade: "B", fielder: "2B", plus: true }, chances: 30 },
  ]),
);

function record(overrides: Partial<SbaPlayerRecord> = {}): SbaPlayerRecord {
  return {
    player_id: 4101,
    name: "Orrin Vale",
    hand: "R",
    bats: "S",
    power: "N",
    pos_1: "SS",
    pos_2: "2B",
    pos_3: null,
    fielding: "ss-3e24 2b-2e12",
    running: "1-13",
    steal: "*8-10/11,12 (19-14)",
    bunt: "B",
    hit_and_run: "C",
    injury: "1p65",
    batting_card: { vs_lhp: batterHalf, vs_rhp: batterHalf },
    pitching: null,
    ...overrides,
  };
}

describe("buildSbaPlayer", () => {
  it("builds a position player from his printed record", () => {
    const player = buildSbaPlayer(record());
    assert.equal(player.league, "sba");
    assert.equal(player.id, 4101);
    assert.equal(player.playerId, 4101);
    assert.deepEqual(player.eligible, ["SS", "2B"]);
    assert.deepEqual(player.fielding.SS, { position: "SS", range: 3, error: 24 });
    assert.equal(player.batting.speed, 13);
    assert.equal(player.batting.steal?.safeWithLead, 19);
    assert.equal(player.batting.bunt, "B");
    assert.deepEqual(player.batting.injury, { games: 1, rating: 65 });
    assert.equal(chancesOfSide(player.batting.vsLeft).get("SI*+inj"), 14.5);
    assert.equal(player.pitching, null);
    assert.equal(player.printed.steal, "*8-10/11,12 (19-14)");
  });

  it("builds a pitcher with his pitching card and its marks", () => {
    const player = buildSbaPlayer(
      record({
        pos_1: "P",
        pos_2: null,
        fielding: "p-2e10",
        steal: "-",
        pitching: {
          endurance: "S(6*)",
          wild_pitch: "4",
          balk: "1",
          hold: "-2",
          injury: "2p50",
          card: { vs_lhb: pitcherHalf, vs_rhb: pitcherHalf },
        },
      }),
    );
    assert.equal(player.batting.steal, null);
    assert.ok(player.pitching);
    assert.equal(player.pitching.throws, "R");
    assert.equal(player.pitching.endurance.starter, 6);
    assert.equal(player.pitching.endurance.starterBonus, true);
    assert.equal(player.pitching.hold, -2);
    const chances = chancesOfSide(player.pitching.vsRight);
    assert.equal(chances.get("HR[N]"), 2.5);
    assert.equal(chances.get("SI**†"), 12);
    assert.equal(chances.get("X(ss)"), 30);
  });

  it("names the player and the field when a rating string is bad", () => {
    assert.throws(
      () => buildSbaPlayer(record({ fielding: "ss-3x24 2b-2e12" })),
      (e: unknown) =>
        e instanceof PlayerRecordError &&
        e.playerId === 4101 &&
        e.field === "fielding" &&
        /expected 'e' and an error number after the range, found 'x24'/.test(e.message),
    );
  });

  it("names the cell when a printed card cell is bad", () => {
    const bad = batterHalf.map((column) => [...column]);
    bad[2]![0] = "HR 1-10/DO*** 12-20";
    assert.throws(
      () => buildSbaPlayer(record({ batting_card: { vs_lhp: batterHalf, vs_rhp: bad } })),
      (e: unknown) =>
        e instanceof PlayerRecordError &&
        e.field === "batting_card.vs_rhp" &&
        /column 3 row 2/.test(e.message),
    );
  });

  it("refuses an eligible position without a fielding rating", () => {
    assert.throws(
      () => buildSbaPlayer(record({ pos_3: "CF" })),
      (e: unknown) =>
        e instanceof PlayerRecordError && /eligible at CF but has no cf rating/.test(e.message),
    );
  });

  it("refuses a record of the wrong shape, naming the field", () => {
    assert.throws(
      () => buildSbaPlayer({ ...record(), bats: "X" }),
      (e: unknown) => e instanceof PlayerRecordError && e.field === "bats",
    );
    assert.throws(
      () => buildSbaPlayer({ ...record(), batting_card: { vs_lhp: [[]], vs_rhp: batterHalf } }),
      (e: unknown) => e instanceof PlayerRecordError && e.field.startsWith("batting_card.vs_lhp"),
    );
  });
});

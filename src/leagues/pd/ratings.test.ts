import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { chancesByResultType, chancesOfSide } from "../../engine/card-layout.js";
import {
  BATTING_RATING_FIELDS,
  type BattingSideRatings,
  buildPdPlayer,
  goodLeadSums,
  PdCardError,
  type PdCardRecord,
  PITCHER_BATTING_SIDE,
  type PitchingSideRatings,
} from "./ratings.js";

const BATTER_VS_R: BattingSideRatings = {
  homerun: 3.3,
  bp_homerun: 1,
  triple: 0.45,
  double_three: 1.05,
  double_two: 2.5,
  double_pull: 1.7,
  single_two: 4.4,
  single_one: 6.15,
  single_center: 3.5,
  bp_single: 1,
  hbp: 1.2,
  walk: 9.6,
  strikeout: 22.5,
  lineout: 5.2,
  popout: 5.4,
  flyout_a: 3.3,
  flyout_bq: 6,
  flyout_lf_b: 4.05,
  flyout_rf_b: 4,
  groundout_a: 7.2,
  groundout_b: 8.6,
  groundout_c: 5.9,
};

const PITCHER_VS_R: PitchingSideRatings = {
  homerun: 2.8,
  triple: 0.3,
  double_three: 0.8,
  double_two: 2.2,
  double_cf: 1.2,
  single_two: 4,
  single_one: 6,
  single_center: 2.5,
  hbp: 1,
  walk: 8.9,
  strikeout: 25,
  flyout_lf_b: 4.1,
  flyout_cf_b: 6,
  flyout_rf_b: 4.2,
  groundout_a: 5,
  groundout_b: 4,
  xcheck_p: 2,
  xcheck_c: 3,
  xcheck_1b: 2,
  xcheck_2b: 6,
  xcheck_3b: 3,
  xcheck_ss: 7,
  xcheck_lf: 2,
  xcheck_cf: 3,
  xcheck_rf: 2,
};

function card(overrides: Partial<PdCardRecord> = {}): PdCardRecord {
  return {
    card_id: 90017,
    player_id: 517,
    name: "Tamsin Rook",
    cardset_id: 2,
    positions: [
      { position: "CF", range: 2, error: 4, arm: -2, pb: null, overthrow: null },
      { position: "LF", range: 2, error: 3, arm: -1, pb: null, overthrow: null },
    ],
    batting: {
      hand: "S",
      power: "N",
      running: 14,
      steal_low: 12,
      steal_high: 17,
      steal_auto: true,
      steal_jump: 0.25,
      bunting: "B",
      hit_and_run: "A",
      ratings: { vL: BATTER_VS_R, vR: BATTER_VS_R },
    },
    pitching: null,
    ...overrides,
  };
}

describe("buildPdPlayer", () => {
  it("builds a PD player keyed by card_id, laying each side out exactly", () => {
    const player = buildPdPlayer(card());
    assert.equal(player.league, "pd");
    assert.equal(player.id, 90017);
    assert.equal(player.cardId, 90017);
    assert.equal(player.cardsetId, 2);
    assert.deepEqual(player.eligible, ["CF", "LF"]);
    assert.equal(player.fielding.CF?.arm, -2);
    assert.equal(player.batting.steal?.safeWithLead, 17);
    const types = chancesByResultType(player.batting.vsRight);
    assert.equal(types.get("HOMERUN"), 3.3);
    assert.equal(types.get("GROUNDBALL"), 21.7);
    assert.equal(types.get("STRIKEOUT"), 22.5);
  });

  it("pulls a switch hitter's double to right field against a right-hander", () => {
    const player = buildPdPlayer(card());
    assert.equal(chancesOfSide(player.batting.vsRight).get("DO(rf)"), 1.7);
    assert.equal(chancesOfSide(player.batting.vsLeft).get("DO(lf)"), 1.7);
  });

  it("builds a pitcher with X-checks on his card", () => {
    const player = buildPdPlayer(
      card({
        positions: [{ position: "P", range: 3, error: 12, arm: null, pb: null, overthrow: null }],
        batting: {
          ...card().batting,
          ratings: { vL: PITCHER_BATTING_SIDE, vR: PITCHER_BATTING_SIDE },
        },
        pitching: {
          hand: "L",
          starter_rating: 6,
          relief_rating: null,
          closer_rating: null,
          wild_pitch: 3,
          balk: 1,
          hold: 2,
          injury: { games: 2, rating: 50 },
          ratings: { vL: PITCHER_VS_R, vR: PITCHER_VS_R },
        },
      }),
    );
    assert.ok(player.pitching);
    const chances = chancesOfSide(player.pitching.vsLeft);
    assert.equal(chances.get("X(ss)"), 7);
    assert.equal(chancesByResultType(player.pitching.vsLeft).get("XCHECK"), 30);
    assert.equal(player.pitching.endurance.starter, 6);
  });

  it("names the side and lists its fields when a side does not total 108", () => {
    assert.throws(
      () =>
        buildPdPlayer(
          card({
            batting: {
              ...card().batting,
              ratings: { vL: BATTER_VS_R, vR: { ...BATTER_VS_R, walk: 10 } },
            },
          }),
        ),
      (e: unknown) =>
        e instanceof PdCardError &&
        e.cardId === 90017 &&
        e.field === "batting.ratings.vR" &&
        /total 108.4, not 108/.test(e.message) &&
        /walk 10/.test(e.message),
    );
  });

  it("names a field that is not a multiple of 0.05", () => {
    assert.throws(
      () =>
        buildPdPlayer(
          card({
            batting: {
              ...card().batting,
              ratings: { vL: { ...BATTER_VS_R, walk: 9.58, hbp: 1.22 }, vR: BATTER_VS_R },
            },
          }),
        ),
      (e: unknown) =>
        e instanceof PdCardError &&
        /^batting.ratings.vL.(walk|hbp)$/.test(e.field) &&
        /not a multiple of 0.05/.test(e.message),
    );
  });

  it("refuses unknown rating fields", () => {
    assert.throws(
      () =>
        buildPdPlayer(
          card({
            batting: {
              ...card().batting,
              ratings: {
                vL: { ...BATTER_VS_R, sacrifice: 0 } as BattingSideRatings,
                vR: BATTER_VS_R,
              },
            },
          }),
        ),
      PdCardError,
    );
  });

  it("keeps every side's chances through the layout, whatever they are", () => {
    const side = fc
      .array(fc.integer({ min: 0, max: 400 }), {
        minLength: BATTING_RATING_FIELDS.length,
        maxLength: BATTING_RATING_FIELDS.length,
      })
      .filter((xs) => xs.some((x) => x > 0))
      .map((xs) => {
        const total = xs.reduce((s, x) => s + x, 0);
        let given = 0;
        const units = xs.map((x, i) => {
          const u = i === xs.length - 1 ? 2160 - given : Math.floor((x / total) * 2160);
          given += u;
          return u;
        });
        return Object.fromEntries(
          BATTING_RATING_FIELDS.map((f, i) => [f, units[i]! / 20]),
        ) as BattingSideRatings;
      });
    fc.assert(
      fc.property(side, (ratings) => {
        const player = buildPdPlayer(
          card({ batting: { ...card().batting, ratings: { vL: ratings, vR: ratings } } }),
        );
        const types = chancesByResultType(player.batting.vsLeft);
        assert.equal(types.get("HOMERUN") ?? 0, ratings.homerun);
        assert.equal(types.get("STRIKEOUT") ?? 0, ratings.strikeout);
      }),
      { numRuns: 100 },
    );
  });
});

describe("goodLeadSums", () => {
  it("turns a jump chance into 2d6 sums of about that weight", () => {
    assert.deepEqual(goodLeadSums(0), []);
    assert.deepEqual(goodLeadSums(6 / 36), [7]);
    assert.deepEqual(goodLeadSums(11 / 36), [7, 8]);
    assert.deepEqual(goodLeadSums(1), [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
});
